import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientIdOf } from '$lib/db/sync-store';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import { MutationError } from '$lib/domain/mutations/errors';
import type { Ritual, Signup, Visit } from '$lib/domain/types';
import { connect } from '../helpers';
import {
	createSpaceOn,
	Device,
	freshView,
	join,
	newPool,
	newUser,
	ritualArgs,
	signupArgs,
	tablesOf,
	uuid
} from './harness';

/**
 * The randomized sync test: several users and devices, random changes, random offline periods,
 * network faults and killed tabs; then everyone online and synced. Every device must hold what a
 * fresh pull gives its user, every outbox must be empty, and every mutation must have been
 * applied exactly once or recorded as refused. Seeded: a failure names its seed.
 */

const RUNS = 20;
const STEPS = 50;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** What the runs exercised, so the test proves it tried the faults it claims to. */
const exercised = { mutations: 0, rejected: 0, kills: 0, faults: 0, offline: 0 };

let admin: pg.Client;
let pool: pg.Pool;
beforeAll(async () => {
	admin = await connect();
	pool = newPool();
});
afterAll(async () => {
	await pool.end();
	await admin.end();
});

interface Slot {
	device: Device;
	host: boolean;
	/** The ids this database gave its mutations, with their names and created ids. */
	issued: { id: number; name: MutationName; created?: { table: string; id: string } }[];
}

async function run(seed: number): Promise<void> {
	const random = prng(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const hostUser = await newUser(admin, 'Hôte');
	const hostDevice = new Device(pool, hostUser);
	const space = await createSpaceOn(hostDevice);
	const ritual = ritualArgs(space);
	await hostDevice.mutate('ritual.create@1', ritual);
	await hostDevice.synced();
	const alice = new Device(pool, await newUser(admin, 'Alice'));
	await join(hostDevice, alice, space, 'Alice');
	const aliceLaptop = new Device(pool, alice.userId);
	await aliceLaptop.synced();
	const bob = new Device(pool, await newUser(admin, 'Bob'));
	await join(hostDevice, bob, space, 'Bob');
	const slots: Slot[] = [
		{ device: hostDevice, host: true, issued: [] },
		{ device: alice, host: false, issued: [] },
		{ device: aliceLaptop, host: false, issued: [] },
		{ device: bob, host: false, issued: [] }
	];
	// Ids issued before the random part (space, ritual, invitations, joins) are not tracked.
	const firstTracked = new Map<Slot, number>();
	for (const slot of slots) {
		firstTracked.set(
			slot,
			((await slot.device.db.meta.get('nextMutationId'))?.value as number) ?? 1
		);
	}

	const mutate = async (
		slot: Slot,
		name: MutationName,
		args: Record<string, unknown>,
		created?: { table: string; id: string }
	) => {
		try {
			const id = await slot.device.mutate(name, args);
			slot.issued.push({ id, name, created });
		} catch (error) {
			if (!(error instanceof MutationError)) throw error; // refused locally: nothing queued
		}
	};

	const change = async (slot: Slot) => {
		const { db, userId } = slot.device;
		const open = (await db.visits.where('openOf').equals(userId).first()) as Visit | undefined;
		const rituals = (await db.rituals.where('spaceId').equals(space).toArray()) as Ritual[];
		const mine = ((await db.signups.where('userId').equals(userId).toArray()) as Signup[]).filter(
			(signup) => !signup.cancelled
		);
		const choices = ['visit', 'signup', 'cancel', 'presence', 'profile'];
		if (slot.host) choices.push('ritual');
		const choice = pick(choices);
		const at = new Date(Date.now() - Math.floor(random() * 3_600_000)).toISOString();
		if (choice === 'visit') {
			if (open) await mutate(slot, 'visit.end@1', { spaceId: space, visitId: open.id, at });
			else {
				const visitId = uuid();
				await mutate(
					slot,
					'visit.start@1',
					{ spaceId: space, visitId, at },
					{ table: 'visits', id: visitId }
				);
			}
		} else if (choice === 'signup' && rituals.length > 0) {
			const args = signupArgs(space, pick(rituals).id, {
				occurrence: pick(['2036-12-04T12:30', '2036-12-11T12:30', '2036-12-18T12:30'])
			});
			await mutate(slot, 'signup.create@1', args, { table: 'signups', id: args.signupId });
		} else if (choice === 'cancel' && mine.length > 0) {
			await mutate(slot, 'signup.cancel@1', { spaceId: space, signupId: pick(mine).id });
		} else if (choice === 'presence') {
			await mutate(slot, 'profile.presence@1', { spaceId: space, showPresence: random() < 0.5 });
		} else if (choice === 'profile') {
			await mutate(slot, 'profile.update@1', {
				displayName: pick(['Ana', 'Bea', 'Cam']),
				locale: 'fr'
			});
		} else if (choice === 'ritual') {
			const args = ritualArgs(space, { capacity: 1 + Math.floor(random() * 3) });
			await mutate(slot, 'ritual.create@1', args, { table: 'rituals', id: args.ritualId });
		}
	};

	const kill = async (slot: Slot) => {
		const { device } = slot;
		const operation = pick(['push', 'pull'] as const);
		const before = device.transport.count(operation, 'kill-after');
		device.transport.inject(operation, { kind: 'kill-after' });
		let done = false;
		void device.engine.sync().then(() => (done = true));
		for (let wait = 0; wait < 200 && !done; wait++) {
			if (device.transport.count(operation, 'kill-after') > before) {
				exercised.kills++;
				slot.device = device.reopen();
				return;
			}
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		device.transport.clearFaults(); // nothing to send or pull: the tab lives on
	};

	for (let step = 0; step < STEPS; step++) {
		const slot = pick(slots);
		const { device } = slot;
		const action = random();
		if (action < 0.45) await change(slot);
		else if (action < 0.6) {
			device.transport.offline = !device.transport.offline;
			if (device.transport.offline) exercised.offline++;
		} else if (action < 0.7) {
			exercised.faults++;
			device.transport.inject(
				pick(['push', 'pull', 'listSpaces'] as const),
				pick([
					{ kind: 'drop-before' },
					{ kind: 'drop-after' },
					{ kind: 'fail', failure: { status: 503, message: 'Service Unavailable' } },
					{ kind: 'fail', failure: { status: 500, code: '40001', message: 'could not serialize' } }
				] as const)
			);
		} else if (action < 0.75) await kill(slot);
		else if (action < 0.85) {
			device.timers.fire();
			await device.engine.whenIdle();
		} else await device.sync();
		expect(['stuck', 'update_required', 'signed_out'], `seed ${seed} step ${step}`).not.toContain(
			slot.device.engine.status.phase
		);
	}

	// Everyone back online, no more faults; sync until quiet, then once more so each device
	// sees what the others sent last.
	for (const slot of slots) {
		slot.device.transport.offline = false;
		slot.device.transport.clearFaults();
	}
	for (let round = 0; round < 2; round++) {
		for (const slot of slots) {
			slot.device.engine.retry();
			await slot.device.engine.whenIdle();
			expect(slot.device.engine.status, `seed ${seed}`).toMatchObject({
				phase: 'idle',
				waiting: 0
			});
		}
	}

	for (const slot of slots) {
		const { device } = slot;
		expect(await tablesOf(device.db), `seed ${seed}: ${device.name}`).toEqual(
			await freshView(pool, device.userId)
		);
		expect(await device.db.shadows.count()).toBe(0);
		// Exactly once: the server processed every id of this client once (its counter moved one
		// by one to the last id); a refused one is recorded; an applied create exists once.
		const clientId = await clientIdOf(device.db);
		const { rows: client } = await admin.query<{ last: string }>(
			'select last_mutation_id as last from app_private.sync_clients where id = $1',
			[clientId]
		);
		const lastIssued = slot.issued.at(-1)?.id ?? firstTracked.get(slot)! - 1;
		expect(Number(client[0]?.last ?? 0), `seed ${seed}`).toBe(lastIssued);
		const { rows: refused } = await admin.query<{ id: string }>(
			`select mutation_id as id from app_private.mutation_results where client_id = $1 and status = 'rejected'`,
			[clientId]
		);
		const rejectedIds = new Set(refused.map((row) => Number(row.id)));
		exercised.mutations += slot.issued.length;
		exercised.rejected += slot.issued.filter((m) => rejectedIds.has(m.id)).length;
		for (const mutation of slot.issued) {
			if (!mutation.created) continue;
			const { rows } = await admin.query<{ n: string }>(
				`select count(*) as n from public.${mutation.created.table} where id = $1`,
				[mutation.created.id]
			);
			expect(Number(rows[0]!.n), `seed ${seed}: ${mutation.name} #${mutation.id}`).toBe(
				rejectedIds.has(mutation.id) ? 0 : 1
			);
		}
	}
	// A user's devices know the same outcomes.
	const keys = async (device: Device) =>
		(await device.db.results.toArray())
			.map((r) => `${r.clientId}:${r.mutationId}:${r.status}`)
			.sort();
	expect(await keys(slots[1]!.device)).toEqual(await keys(slots[2]!.device));
	for (const slot of slots) await slot.device.destroy();
}

describe('randomized: users, devices, offline periods, faults, killed tabs', () => {
	test(`${RUNS} seeded runs of ${STEPS} steps converge, exactly once`, async () => {
		for (let seed = 1; seed <= RUNS; seed++) await run(seed);
		expect(exercised.mutations).toBeGreaterThan(RUNS * 10);
		expect(exercised.rejected).toBeGreaterThan(0);
		expect(exercised.kills).toBeGreaterThan(RUNS / 2);
		expect(exercised.faults).toBeGreaterThan(RUNS);
		expect(exercised.offline).toBeGreaterThan(RUNS);
		console.info('randomized sync runs exercised', exercised);
	}, 300_000);
});
