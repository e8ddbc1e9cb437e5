import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyMutations, type LocalMutation } from '$lib/db/apply';
import type { PullRequest, PullResponse, PushRequest } from '$lib/domain/protocol';
import { connect } from '../helpers';
import {
	count,
	createSpaceOn,
	Device,
	freshView,
	join,
	newPool,
	newUser,
	tablesOf,
	uuid
} from './harness';

/** Reliability sync faults 16 (a large backlog, a large pull) and 17 (offline past the purge). */

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

describe('16. volume', () => {
	test('a backlog of 1,000 offline mutations drains in batches of 200 within the 8 s statement timeout', async () => {
		const host = new Device(pool, await newUser(admin, 'Hôte'));
		const space = await createSpaceOn(host);
		const device = new Device(pool, await newUser(admin, 'Camille'));
		await join(host, device, space);

		const start = Date.now() - 1000 * 60_000;
		const requests: LocalMutation[] = [];
		for (let index = 0; index < 500; index++) {
			const visitId = uuid();
			const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
			requests.push(
				{
					actorId: device.userId,
					name: 'visit.start@1',
					args: { spaceId: space, visitId, at: at(2 * index) }
				},
				{
					actorId: device.userId,
					name: 'visit.end@1',
					args: { spaceId: space, visitId, at: at(2 * index + 1) }
				}
			);
		}
		await applyMutations(device.db, requests);
		expect(await device.db.outbox.count()).toBe(1000);

		const pushesBefore = device.transport.count('push');
		await device.synced(); // the transport runs each call under an 8 s statement_timeout
		const pushes = device.transport.calls
			.filter((call) => call.operation === 'push')
			.slice(pushesBefore);
		expect(pushes.map((call) => (call.request as PushRequest).mutations.length)).toEqual([
			200, 200, 200, 200, 200
		]);
		expect(pushes.every((call) => call.outcome === 'ok')).toBe(true);
		expect(
			await count(pool, 'public.visits where user_id = $1 and ended_at is not null', [
				device.userId
			])
		).toBe(500);
		await device.destroy();
		await host.destroy();
	});

	test('a pull of 20,000 rows pages past 1,000 and ends with every row', async () => {
		const host = new Device(pool, await newUser(admin, 'Hôte'));
		const space = await createSpaceOn(host);
		await admin.query(
			`insert into public.visits (id, space_id, user_id, started_at, ended_at)
			select gen_random_uuid(), $1, $2, t, t + interval '30 minutes'
			from generate_series(1, 20000) as n, lateral (select now() - n * interval '1 hour' as t) as s`,
			[space, host.userId]
		);
		const device = new Device(pool, host.userId);
		await device.synced();
		const pulls = device.transport.calls.filter((call) => call.operation === 'pull');
		expect(pulls.length).toBeGreaterThanOrEqual(21);
		expect(pulls.every((call) => (call.request as PullRequest).limit === 1000)).toBe(true);
		expect(await device.db.visits.count()).toBe(20_000);
		expect(await device.db.visits.count()).toBe(
			await count(pool, 'public.visits where space_id = $1 and not deleted', [space])
		);
		await device.destroy();
		await host.destroy();
	}, 120_000);
});

describe('17. offline past the purge horizon', () => {
	test('the pull answers reset: the space is rebuilt from zero and the outbox survives', async () => {
		const host = new Device(pool, await newUser(admin, 'Hôte'));
		const space = await createSpaceOn(host);
		const planId = uuid();
		await host.mutate('plan.create@1', {
			spaceId: space,
			planId,
			name: 'Carnet 10 h',
			kind: 'pack',
			hours: 10,
			validityDays: 90,
			rules: {
				incrementMinutes: 15,
				rounding: 'up',
				graceMinutes: 5,
				minimumMinutes: 0,
				dailyCapMinutes: null
			}
		});
		await host.synced();
		const device = new Device(pool, await newUser(admin, 'Camille'));
		await join(host, device, space);
		expect(await device.db.plans.get(planId)).toBeDefined();

		// While the member is offline: the plan is deleted (no mutation deletes yet: as the service
		// would), and the purge runs with a zero horizon, so the tombstone is gone for good.
		device.transport.offline = true;
		const visitId = uuid();
		await device.mutate('visit.start@1', {
			spaceId: space,
			visitId,
			at: new Date(Date.now() - 3_600_000).toISOString()
		});
		expect(await device.sync()).toMatchObject({ phase: 'offline', waiting: 1 });
		await admin.query('update public.plans set deleted = true where id = $1', [planId]);
		const { rows } = await admin.query<{ removed: string }>(
			`select app_private.purge_deleted('0 seconds') as removed`
		);
		expect(Number(rows[0]!.removed)).toBeGreaterThan(0);

		device.transport.offline = false;
		const answers: PullResponse[] = [];
		const pull = device.pg.pull.bind(device.pg);
		device.pg.pull = async (request) => {
			const answer = await pull(request);
			answers.push(answer);
			return answer;
		};
		await device.synced();
		expect(answers[0]).toMatchObject({ reset: true, reason: 'expired' });
		expect(answers.at(-1)).toMatchObject({ reset: false, hasMore: false });
		expect(await device.db.plans.get(planId)).toBeUndefined();
		expect(await count(pool, 'public.visits where id = $1', [visitId])).toBe(1);
		expect(await tablesOf(device.db)).toEqual(await freshView(pool, device.userId));
		await device.destroy();
		await host.destroy();
	});
});
