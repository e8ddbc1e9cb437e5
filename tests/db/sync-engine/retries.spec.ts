import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect } from '../helpers';
import {
	count,
	createSpaceOn,
	Device,
	join,
	newPool,
	newUser,
	uuid,
	type DeviceOptions
} from './harness';

/** Reliability sync faults 7 (transient errors) and 15 (session expiry while offline). */

let admin: pg.Client;
let pool: pg.Pool;
let host: Device;
let space: string;

beforeAll(async () => {
	admin = await connect();
	pool = newPool();
	host = new Device(pool, await newUser(admin, 'Hôte'));
	space = await createSpaceOn(host);
});
afterAll(async () => {
	await host.destroy();
	await pool.end();
	await admin.end();
});

async function member(options: DeviceOptions = {}): Promise<Device> {
	const device = new Device(pool, await newUser(admin, 'Camille'), options);
	await join(host, device, space);
	return device;
}

const visitArgs = () => ({
	spaceId: space,
	visitId: uuid(),
	at: new Date(Date.now() - 3_600_000).toISOString()
});

const visitsOf = (userId: string) => count(pool, 'public.visits where user_id = $1', [userId]);

describe('7. transient errors are retried with bounded backoff and jitter', () => {
	test('503s: full-jitter delays from the injected random source, quiet at first, then "retrying"; triggers wait for the backoff', async () => {
		const now = new Date('2026-11-26T09:00:00.000Z');
		const device = await member({ now: () => now, random: () => 0.25 });
		await device.mutate('visit.start@1', visitArgs());
		device.transport.inject(
			'push',
			...Array.from({ length: 3 }, () => ({
				kind: 'fail' as const,
				failure: { status: 503, message: 'Service Unavailable' }
			}))
		);

		const first = await device.sync();
		expect(first).toMatchObject({
			phase: 'syncing',
			waiting: 1,
			error: { kind: 'transient' },
			nextRetryAt: '2026-11-26T09:00:00.250Z'
		});
		// A local write or a Realtime hint during the backoff does not hammer the server.
		const pushes = device.transport.count('push');
		device.engine.requestSync();
		await device.engine.whenIdle();
		expect(device.transport.count('push')).toBe(pushes);

		const phases: string[] = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			device.timers.fire();
			await device.engine.whenIdle();
			phases.push(device.engine.status.phase);
		}
		// 1 s, 2 s, 4 s ceilings, times 0.25.
		expect(device.timers.delays.slice(-3)).toEqual([250, 500, 1000]);
		expect(phases).toEqual(['syncing', 'retrying', 'idle']);
		expect(device.statuses.find((s) => s.phase === 'retrying')?.nextRetryAt).toBe(
			'2026-11-26T09:00:01.000Z'
		);
		expect(device.engine.status.error).toBeUndefined();
		expect(await visitsOf(device.userId)).toBe(1);
		await device.destroy();
	});

	test("a real statement timeout (another transaction holds the space's version counter) is retried once the lock is free", async () => {
		const device = await member({ pg: { statementTimeoutMs: 300 } });
		const holder = await connect();
		try {
			await holder.query('begin');
			await holder.query(
				'select 1 from app_private.space_versions where space_id = $1 for update',
				[space]
			);
			await device.mutate('visit.start@1', visitArgs());
			const status = await device.sync();
			expect(status).toMatchObject({
				phase: 'syncing',
				waiting: 1,
				error: { kind: 'transient', code: '57014' }
			});
			expect(await visitsOf(device.userId)).toBe(0);
			await holder.query('rollback');
		} finally {
			await holder.end();
		}
		expect(device.timers.fire()).toBe(500);
		await device.engine.whenIdle();
		expect(device.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
		expect(await visitsOf(device.userId)).toBe(1);
		await device.destroy();
	});
});

describe('15. the session expires while offline for hours', () => {
	test('nothing is dropped; retries back off to the cap; back online, the token is refreshed and sync resumes', async () => {
		let clock = Date.parse('2026-11-26T08:00:00.000Z');
		const device = await member({ now: () => new Date(clock) });
		device.transport.offline = true;
		// Check in, out, and in again, an hour apart on the device's clock.
		const morning = visitArgs();
		const afternoon = visitArgs();
		await device.mutate('visit.start@1', morning);
		clock += 3_600_000;
		await device.mutate('visit.end@1', { ...morning, at: new Date().toISOString() });
		clock += 3_600_000;
		await device.mutate('visit.start@1', { ...afternoon, at: new Date().toISOString() });
		expect(await device.sync()).toMatchObject({ phase: 'offline', waiting: 3 });
		for (let attempt = 0; attempt < 9; attempt++) {
			device.timers.fire();
			await device.engine.whenIdle();
			expect(device.engine.status).toMatchObject({ phase: 'offline', waiting: 3 });
		}
		// random 0.5: half of 1, 2, 4 ... 64 s, capped at 60 s.
		expect(device.timers.delays.slice(-10)).toEqual([
			500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000
		]);

		// Hours later the token has expired; the browser says it is online again.
		device.transport.offline = false;
		device.transport.tokenExpired = true;
		await device.sync();
		expect(device.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
		expect(
			device.transport.count('push', 'token-expired') +
				device.transport.count('listSpaces', 'token-expired')
		).toBe(1);
		expect(device.statuses.some((s) => s.phase === 'signed_out')).toBe(false);
		expect(device.timers.size).toBe(0);
		expect(await visitsOf(device.userId)).toBe(2);
		await device.destroy();
	});

	test('when the session cannot be refreshed: "signed out", the outbox kept; after signing in, retry drains it', async () => {
		const device = await member();
		await device.mutate('visit.start@1', visitArgs());
		device.transport.tokenExpired = true;
		device.refreshWorks = false;
		expect(await device.sync()).toMatchObject({
			phase: 'signed_out',
			waiting: 1,
			error: { kind: 'auth', code: 'PGRST301' }
		});
		expect(await device.db.outbox.count()).toBe(1);
		const calls = device.transport.calls.length;
		await device.sync(); // stopped: no request with the dead token
		expect(device.transport.calls.length).toBe(calls);

		device.refreshWorks = true;
		await device.transport.refresh(); // the user signed in again
		device.engine.retry();
		await device.engine.whenIdle();
		expect(device.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
		expect(await visitsOf(device.userId)).toBe(1);
		await device.destroy();
	});
});
