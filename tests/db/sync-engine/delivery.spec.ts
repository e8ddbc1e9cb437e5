import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clientIdOf, cursorOf, pushMarks } from '$lib/db/sync-store';
import type { PushRequest } from '$lib/domain/protocol';
import {
	copyOf,
	count,
	Device,
	freshView,
	join,
	newUser,
	restore,
	ritualArgs,
	signupArgs,
	tablesOf,
	uuid,
	closeStage,
	openStage,
	type Stage
} from './harness';

/** Reliability sync faults 1-4 and 12 (docs/sync-engine.md), through the engine and Postgres. */

let admin: pg.Client;
let pool: pg.Pool;
let host: Device;
let space: string;
let ritual: string;
let stage: Stage;

beforeAll(async () => {
	stage = await openStage();
	({ admin, pool, host, space, ritual } = stage);
});
afterAll(() => closeStage(stage));

/** A member of the space on a fresh device. */
async function member(label = 'Camille'): Promise<Device> {
	const device = new Device(pool, await newUser(admin, label));
	await join(host, device, space, label);
	return device;
}

const visitArgs = (over: Record<string, unknown> = {}) => ({
	spaceId: space,
	visitId: uuid(),
	at: new Date(Date.now() - 3_600_000).toISOString(),
	...over
});

/** A check-in and a sign-up: a fact and a request, each of which must land exactly once. */
async function checkInAndSignUp(device: Device) {
	const visit = visitArgs();
	const signup = signupArgs(space, ritual);
	await device.mutate('visit.start@1', visit);
	await device.mutate('signup.create@1', signup);
	return { visit: visit.visitId, signup: signup.signupId };
}

async function serverEffects(userId: string) {
	return {
		visits: await count(pool, 'public.visits where user_id = $1', [userId]),
		signups: await count(pool, 'public.signups where user_id = $1', [userId]),
		rejections: await count(
			pool,
			`app_private.mutation_results where user_id = $1 and status = 'rejected'`,
			[userId]
		)
	};
}

async function pendingRows(device: Device): Promise<number> {
	const tables = await tablesOf(device.db);
	return Object.values(tables)
		.flat()
		.filter((row) => (row as { pending?: number }).pending !== undefined).length;
}

describe('1. network drop before the server commits a push', () => {
	test('the push is retried when the backoff is due and applied exactly once', async () => {
		const device = await member();
		await checkInAndSignUp(device);
		device.transport.inject('push', { kind: 'drop-before' });

		const failed = await device.sync();
		expect(failed).toMatchObject({ phase: 'offline', waiting: 2, error: { kind: 'network' } });
		expect(failed.nextRetryAt).toBeDefined();
		expect(await serverEffects(device.userId)).toEqual({ visits: 0, signups: 0, rejections: 0 });

		expect(device.timers.fire()).toBe(500); // retryDelayMs(0) with random 0.5
		await device.engine.whenIdle();
		expect(device.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		expect(await pendingRows(device)).toBe(0);
		expect(await tablesOf(device.db)).toEqual(await freshView(pool, device.userId));
	});
});

describe('2. network drop after commit (lost acknowledgement)', () => {
	test('the retry is a duplicate: one visit, one sign-up; optimistic rows clear once a pull confirms', async () => {
		const device = await member();
		const { visit, signup } = await checkInAndSignUp(device);
		device.transport.inject('push', { kind: 'drop-after' });
		expect(await device.sync()).toMatchObject({ phase: 'offline', waiting: 2 });
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		expect((await device.db.visits.get(visit))?.pending).toBeDefined();

		// The retried push goes through, but the pull after it is lost: still unconfirmed.
		device.transport.inject('pull', { kind: 'drop-before' });
		expect(await device.sync()).toMatchObject({ phase: 'offline', waiting: 2 });
		expect((await device.db.signups.get(signup))?.pending).toBeDefined();

		await device.synced();
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		expect((await device.db.visits.get(visit))?.pending).toBeUndefined();
		expect((await device.db.signups.get(signup))?.pending).toBeUndefined();
		expect(await device.db.shadows.count()).toBe(0);
		expect(await tablesOf(device.db)).toEqual(await freshView(pool, device.userId));
	});
});

describe('3. the same push replayed', () => {
	test('the engine resending a batch twice, then the same body again: one effect', async () => {
		const device = await member();
		await checkInAndSignUp(device);
		const mark = device.transport.calls.length;
		device.transport.inject('push', { kind: 'drop-after' }, { kind: 'drop-after' });
		await device.sync();
		device.engine.requestSync();
		await device.engine.whenIdle();
		await device.synced();
		const pushes = device.transport.calls.slice(mark).filter((call) => call.operation === 'push');
		expect(pushes.map((call) => call.outcome)).toEqual(['drop-after', 'drop-after', 'ok']);
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });

		// The very same body once more, as a replaying proxy would.
		const body = pushes[0]!.request as PushRequest;
		const answer = await device.pg.push(body);
		expect(answer.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
	});
});

describe('4. a gap in mutation ids', () => {
	test('server behind (it lost acknowledged commits): CL002, the engine pulls, then resends from the server last id + 1', async () => {
		const device = await member();
		const { visit } = await checkInAndSignUp(device);
		// The push is answered, then the server loses it (a failover); the tab dies before pulling.
		device.pg.loseNextCommits(1);
		device.transport.inject('listSpaces', { kind: 'kill' });
		void device.engine.sync();
		await expect.poll(() => device.transport.count('listSpaces', 'kill')).toBe(1);
		expect((await pushMarks(device.db)).ackedThrough).toBe(3); // the join, the check-in, the sign-up
		expect(await serverEffects(device.userId)).toEqual({ visits: 0, signups: 0, rejections: 0 });

		const reopened = device.reopen();
		await reopened.mutate('visit.end@1', {
			spaceId: space,
			visitId: visit,
			at: new Date().toISOString()
		});
		await reopened.synced();
		const pushes = reopened.transport.calls.filter((call) => call.operation === 'push');
		expect(pushes.map((call) => call.outcome)).toEqual(['error 400 CL002', 'ok']);
		expect((pushes[1]!.request as PushRequest).mutations.map((m) => m.id)).toEqual([2, 3, 4]);
		expect(await serverEffects(reopened.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		expect(await tablesOf(reopened.db)).toEqual(await freshView(pool, reopened.userId));
		await reopened.destroy();
	});

	test('server behind and the device no longer holds the missing ids: stuck, nothing dropped', async () => {
		const device = await member();
		await checkInAndSignUp(device);
		await device.synced();
		// The server is restored from a backup taken before those two mutations.
		await admin.query('update app_private.sync_clients set last_mutation_id = 0 where id = $1', [
			await clientIdOf(device.db)
		]);
		// Another occurrence than the sign-up above (one active per member and occurrence).
		await device.mutate(
			'signup.create@1',
			signupArgs(space, ritual, { occurrence: '2036-12-11T12:30' })
		);
		const status = await device.sync();
		expect(status).toMatchObject({
			phase: 'stuck',
			waiting: 1,
			error: { kind: 'bug', code: 'CL002', mutationId: 1 }
		});
		expect(await device.db.outbox.count()).toBe(1);
	});

	test('server ahead (an old copy of the local database restored): new changes are renumbered, not taken for duplicates', async () => {
		const device = await member();
		const start = visitArgs();
		const visit = start.visitId;
		await device.mutate('visit.start@1', start);
		await device.synced();
		const backup = await copyOf(device.db);
		await device.mutate('visit.end@1', {
			spaceId: space,
			visitId: visit,
			at: new Date().toISOString()
		});
		await device.synced(); // the server has ids 1..2 of this client

		device.close();
		const restored = new Device(pool, device.userId, { name: device.name });
		await restore(restored.db, backup);
		const signup = signupArgs(space, ritual);
		// Ids: 1 the join, 2 the check-in, 3 the check-out (the copy was taken before it).
		expect(await restored.mutate('signup.create@1', signup)).toBe(3); // the server has a 3 already
		await restored.synced();
		const pushes = restored.transport.calls.filter((call) => call.operation === 'push');
		expect(pushes.map((call) => (call.request as PushRequest).mutations.map((m) => m.id))).toEqual([
			[4]
		]);
		expect(await count(pool, 'public.signups where id = $1', [signup.signupId])).toBe(1);
		expect(await restored.db.visits.get(visit)).toMatchObject({ endedAt: expect.any(String) });
		expect(await tablesOf(restored.db)).toEqual(await freshView(pool, restored.userId));
		expect(await restored.mutate('visit.start@1', visitArgs())).toBe(5);
		await restored.destroy();
	});
});

describe('12. the tab killed mid push and mid pull', () => {
	test('killed after the server committed a push: the next start neither loses nor repeats it', async () => {
		const device = await member();
		await checkInAndSignUp(device);
		device.transport.inject('push', { kind: 'kill-after' });
		void device.engine.sync();
		await expect.poll(() => device.transport.count('push', 'kill-after')).toBe(1);
		expect(await serverEffects(device.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });

		const reopened = device.reopen();
		expect(await reopened.db.outbox.count()).toBe(2);
		await reopened.synced();
		expect(await serverEffects(reopened.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		expect(await pendingRows(reopened)).toBe(0);
		await reopened.destroy();
	});

	test('killed before the push left: the next start sends it once', async () => {
		const device = await member();
		await checkInAndSignUp(device);
		device.transport.inject('push', { kind: 'kill' });
		void device.engine.sync();
		await expect.poll(() => device.transport.count('push', 'kill')).toBe(1);
		const reopened = device.reopen();
		await reopened.synced();
		expect(await serverEffects(reopened.userId)).toEqual({ visits: 1, signups: 1, rejections: 0 });
		await reopened.destroy();
	});

	test('killed between two pull pages: the next start resumes from the saved cursor', async () => {
		const device = await member();
		for (let index = 0; index < 12; index++) {
			await host.mutate('ritual.create@1', ritualArgs(space, { title: `Rituel ${index}` }));
		}
		await host.synced();
		const before = await cursorOf(device.db, space);
		const small = device.reopen({ pullLimit: 5 });
		small.transport.inject('pull', { kind: 'pass' }, { kind: 'kill-after' });
		void small.engine.sync();
		await expect.poll(() => small.transport.count('pull', 'kill-after')).toBe(1);
		const saved = await cursorOf(small.db, space);
		expect(saved).not.toEqual(before); // the first page was applied, the second was not

		const reopened = small.reopen();
		await reopened.synced();
		const firstPull = reopened.transport.calls.find((call) => call.operation === 'pull');
		expect((firstPull!.request as { cursor: unknown }).cursor).toEqual(saved);
		expect(await tablesOf(reopened.db)).toEqual(await freshView(pool, reopened.userId));
		await reopened.destroy();
	});
});
