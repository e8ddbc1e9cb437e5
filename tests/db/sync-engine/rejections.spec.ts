import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '$lib/db/database';
import { clientIdOf, markResultSeen, rejectedResults } from '$lib/db/sync-store';
import type { PushRequest } from '$lib/domain/protocol';
import {
	count,
	Device,
	freshView,
	join,
	newUser,
	ritualArgs,
	signupArgs,
	tablesOf,
	uuid,
	closeStage,
	openStage,
	type Stage
} from './harness';

/** Reliability sync faults 5 and 6, and a change of another user in the outbox. */

let admin: pg.Client;
let pool: pg.Pool;
let host: Device;
let space: string;
let stage: Stage;

beforeAll(async () => {
	stage = await openStage({ withRitual: false });
	({ admin, pool, host, space } = stage);
});
afterAll(() => closeStage(stage));

async function member(label = 'Camille'): Promise<Device> {
	const device = new Device(pool, await newUser(admin, label));
	await join(host, device, space, label);
	return device;
}

const visitArgs = () => ({
	spaceId: space,
	visitId: uuid(),
	at: new Date(Date.now() - 3_600_000).toISOString()
});

describe('5. a business rejection', () => {
	test('a sign-up to a ritual gone from the server is refused without blocking the queue, rolled back, and shown on the other device, also after reopening', async () => {
		const phone = await member();
		const laptop = new Device(pool, phone.userId);
		await laptop.synced();

		const ritual = ritualArgs(space);
		await host.mutate('ritual.create@1', ritual);
		await host.synced();
		await phone.synced();
		expect(await phone.db.rituals.get(ritual.ritualId)).toBeDefined();
		// The host removes the ritual on the server (no mutation deletes one yet: done as the
		// service would); the phone has not pulled since.
		await admin.query('update public.rituals set deleted = true where id = $1', [ritual.ritualId]);

		const signup = signupArgs(space, ritual.ritualId);
		const visit = visitArgs();
		await phone.mutate('signup.create@1', signup);
		await phone.mutate('visit.start@1', visit); // after the refused one: must still go
		expect((await phone.db.signups.get(signup.signupId))?.pending).toBeDefined();

		await phone.synced();
		expect(await count(pool, 'public.visits where id = $1', [visit.visitId])).toBe(1);
		expect(await phone.db.signups.get(signup.signupId)).toBeUndefined(); // rolled back
		expect(await phone.db.rituals.get(ritual.ritualId)).toBeUndefined(); // the tombstone came
		expect(await phone.db.shadows.count()).toBe(0);
		expect(await rejectedResults(phone.db)).toEqual([
			expect.objectContaining({ name: 'signup.create@1', status: 'rejected', code: 'not_found' })
		]);

		await laptop.synced();
		const onLaptop = await rejectedResults(laptop.db);
		expect(onLaptop).toEqual([
			expect.objectContaining({
				name: 'signup.create@1',
				status: 'rejected',
				code: 'not_found',
				args: signup
			})
		]);

		// The laptop's tab is closed and opened again: the rejection is still there to show.
		laptop.close();
		const reopened = openDatabase(laptop.name);
		expect(await rejectedResults(reopened)).toEqual(onLaptop);
		// Dismissed on the laptop only.
		await markResultSeen(reopened, onLaptop[0]!.clientId, onLaptop[0]!.mutationId);
		expect(await rejectedResults(reopened)).toEqual([]);
		expect(await rejectedResults(phone.db)).toHaveLength(1);
		reopened.close();

		// A later pull that re-delivers the result keeps the dismissal.
		const again = laptop.reopen();
		await again.db.meta.where('key').startsWith('cursor:').delete();
		await again.synced();
		expect(await rejectedResults(again.db)).toEqual([]);
		expect(await again.db.results.count()).toBeGreaterThan(0);
		await again.destroy();
		await phone.destroy();
	});
});

describe('5. a rejection for a user in no space', () => {
	test('a join with an unknown code, refused on the phone, reaches the laptop through a results-only pull', async () => {
		const phone = new Device(pool, await newUser(admin, 'Nour'));
		const laptop = new Device(pool, phone.userId);
		await laptop.synced();
		await phone.mutate('membership.join@1', { code: 'ZZZZZZZZ', displayName: 'Nour' });
		await phone.synced();
		expect(await rejectedResults(phone.db)).toEqual([
			expect.objectContaining({ name: 'membership.join@1', code: 'not_found' })
		]);
		await laptop.synced();
		expect(await rejectedResults(laptop.db)).toEqual([
			expect.objectContaining({
				name: 'membership.join@1',
				code: 'not_found',
				detail: 'invitation'
			})
		]);
		const pulls = laptop.transport.calls.filter((call) => call.operation === 'pull');
		expect(pulls.every((call) => (call.request as { spaceId: unknown }).spaceId === null)).toBe(
			true
		);
		await phone.destroy();
		await laptop.destroy();
	});
});

describe('6. a bug-class server error', () => {
	test('a corrupted outbox entry (CL003): the changes before it go, sync stops, nothing is dropped; after repair, retry drains', async () => {
		const device = await member();
		const first = visitArgs();
		const ritual = ritualArgs(space);
		await host.mutate('ritual.create@1', ritual);
		await host.synced();
		await device.synced();
		const before = await device.mutate('visit.start@1', first);
		const broken = await device.mutate('signup.create@1', signupArgs(space, ritual.ritualId));
		const after = await device.mutate('visit.end@1', {
			spaceId: space,
			visitId: first.visitId,
			at: new Date().toISOString()
		});
		const original = await device.db.outbox.get(broken);
		await device.db.outbox.update(broken, { args: 'not an object' });

		const status = await device.sync();
		expect(status).toMatchObject({
			phase: 'stuck',
			waiting: 3,
			error: { kind: 'bug', code: 'CL003', mutationId: broken }
		});
		expect(status.error?.message).toMatch(/args/);
		const pushed = device.transport.calls
			.filter((call) => call.operation === 'push')
			.slice(-3)
			.map((call) => [(call.request as PushRequest).mutations.map((m) => m.id), call.outcome]);
		expect(pushed).toEqual([
			[[before, broken, after], 'error 400 CL003'],
			[[before], 'ok'],
			[[broken], 'error 400 CL003']
		]);
		expect(await count(pool, 'public.visits where id = $1', [first.visitId])).toBe(1);

		// Stuck: triggers do nothing until the user (or a new version) retries.
		const calls = device.transport.calls.length;
		await device.sync();
		expect(device.transport.calls.length).toBe(calls);
		expect(device.engine.status.phase).toBe('stuck');

		await device.db.outbox.put(original!);
		device.engine.retry();
		await device.engine.whenIdle();
		expect(device.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
		expect(device.engine.status.error).toBeUndefined();
		expect(await count(pool, 'public.signups where user_id = $1', [device.userId])).toBe(1);
		expect(await tablesOf(device.db)).toEqual(await freshView(pool, device.userId));
		await device.destroy();
	});
});

describe("15. another user's changes are never sent with this user's session", () => {
	test('a second user on the same device syncs their own database; the first user keeps their outbox', async () => {
		const first = await member('Alex');
		const firstClient = await clientIdOf(first.db);
		await first.mutate('visit.start@1', visitArgs());
		first.close(); // Alex signs out, keeping unsynced work

		const second = await member('Sam');
		expect(second.name).not.toBe(first.name);
		await second.mutate('visit.start@1', visitArgs());
		await second.synced();
		const secondClient = await clientIdOf(second.db);
		const pushes = second.transport.calls.filter((c) => c.operation === 'push');
		expect(new Set(pushes.map((call) => (call.request as PushRequest).clientId))).toEqual(
			new Set([secondClient])
		);
		expect(secondClient).not.toBe(firstClient);
		expect(await count(pool, 'public.visits where user_id = $1', [first.userId])).toBe(0);

		// Alex signs in again: their work goes out with their own session.
		const back = first.reopen();
		expect(await back.db.outbox.count()).toBe(1);
		await back.synced();
		expect(await count(pool, 'public.visits where user_id = $1', [first.userId])).toBe(1);
		await back.destroy();
		await second.destroy();
	});

	test("an engine given a database holding another user's change stops before sending anything", async () => {
		const alex = await member('Alex');
		await alex.mutate('visit.start@1', visitArgs());
		alex.close();
		const sam = new Device(pool, await newUser(admin, 'Sam'), { name: alex.name });
		const pushes = sam.transport.count('push');
		const status = await sam.sync();
		expect(status).toMatchObject({
			phase: 'stuck',
			waiting: 1,
			error: { kind: 'bug', code: 'foreign_actor', mutationId: 2 }
		});
		expect(sam.transport.count('push')).toBe(pushes);
		expect(await count(pool, 'public.visits where user_id = $1', [alex.userId])).toBe(0);
		await sam.destroy();
	});
});
