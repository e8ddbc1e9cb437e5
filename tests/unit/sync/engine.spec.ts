import { describe, expect, it } from 'vitest';
import { applyMutation } from '$lib/db/apply';
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from '$lib/sync/engine';
import { freshDb } from '../db/harness';
import { spaceArgs, uuid } from '../builders';
import { ManualTimers, MemoryTransport } from './fakes';

const USER = '55555555-5555-4555-8555-555555555555';

function setup(options: Partial<SyncEngineOptions> = {}) {
	const db = freshDb();
	const transport = new MemoryTransport();
	const timers = new ManualTimers();
	const statuses: SyncStatus[] = [];
	const engine = new SyncEngine(db, transport, {
		userId: USER,
		timers,
		random: () => 0.5,
		now: () => new Date('2026-11-26T09:00:00.000Z'),
		onStatus: (status) => statuses.push(status),
		...options
	});
	const write = (n = 1) =>
		Promise.all(
			Array.from({ length: n }, () =>
				applyMutation(db, {
					actorId: USER,
					name: 'profile.update@1',
					args: {
						displayName: `Nom ${uuid(Math.floor(Math.random() * 1e6))}`.slice(0, 20),
						locale: 'fr'
					}
				})
			)
		);
	return { db, transport, timers, statuses, engine, write };
}

describe('the engine: one cycle at a time', () => {
	it('requests during a cycle make exactly one more cycle, and every caller waits for it', async () => {
		const { transport, engine, write } = setup();
		await write();
		let release!: () => void;
		transport.gate = new Promise((resolve) => (release = resolve));
		const started = new Promise<void>((resolve) => (transport.onPush = resolve));
		const first = engine.sync();
		await started; // the first push is in flight
		await write();
		const second = engine.sync();
		const third = engine.sync();
		expect(second).toBe(first);
		expect(third).toBe(first);
		release();
		await first;
		// The first cycle pushed the first write; the one more cycle pushed the second.
		expect(transport.pushes.map((push) => push.mutations.map((m) => m.id))).toEqual([[1], [2]]);
		expect(engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
	});

	it('a sync when nothing is running runs one cycle and settles idle with the time', async () => {
		const { engine, statuses, write } = setup();
		await write(3);
		await engine.sync();
		expect(statuses.map((s) => s.phase)).toEqual(['syncing', 'idle']);
		expect(engine.status).toEqual({
			phase: 'idle',
			waiting: 0,
			lastSyncedAt: '2026-11-26T09:00:00.000Z'
		});
	});

	it('pushes at most 200 per batch', async () => {
		const { db, transport, engine } = setup();
		for (let i = 0; i < 450; i++) {
			await applyMutation(db, {
				actorId: USER,
				name: 'profile.update@1',
				args: { displayName: `Nom ${i}`, locale: 'fr' }
			});
		}
		await engine.sync();
		expect(transport.pushes.map((push) => push.mutations.length)).toEqual([200, 200, 50]);
	});
});

describe('the engine: failures', () => {
	it('network: offline, retried at the backoff; an online trigger retries at once', async () => {
		const { transport, timers, engine, write } = setup();
		await write();
		transport.failures.push({}, {});
		await engine.sync();
		expect(engine.status).toMatchObject({
			phase: 'offline',
			waiting: 1,
			nextRetryAt: '2026-11-26T09:00:00.500Z'
		});
		timers.fire();
		await engine.whenIdle();
		expect(engine.status).toMatchObject({
			phase: 'offline',
			nextRetryAt: '2026-11-26T09:00:01.000Z'
		});
		expect(timers.pending.size).toBe(1);
		await engine.sync(); // the browser says online
		expect(timers.pending.size).toBe(0);
		expect(engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
	});

	it('transient: quiet retries first, then "retrying"; a trigger does not cut the backoff short', async () => {
		const { transport, timers, engine, write } = setup({ quietRetries: 1 });
		await write();
		transport.failures.push({ status: 503 }, { status: 500, code: '40001' });
		await engine.sync();
		expect(engine.status.phase).toBe('syncing');
		await engine.sync();
		expect(transport.pushes).toHaveLength(0);
		timers.fire();
		await engine.whenIdle();
		expect(engine.status).toMatchObject({ phase: 'retrying', error: { code: '40001' } });
		timers.fire();
		await engine.whenIdle();
		expect(engine.status.phase).toBe('idle');
		expect(timers.delays).toEqual([500, 1000]);
	});

	it('version: "update required", and nothing more until retry', async () => {
		const { transport, engine, write } = setup();
		await write();
		transport.failures.push({ status: 400, code: 'CL001', message: 'too old' });
		await engine.sync();
		expect(engine.status).toMatchObject({
			phase: 'update_required',
			waiting: 1,
			error: { kind: 'version' }
		});
		const calls = transport.listCalls;
		await engine.sync();
		expect(transport.listCalls).toBe(calls);
	});

	it('auth: refreshes once and carries on; when refresh fails, "signed out" with the outbox kept', async () => {
		let refreshes = 0;
		const ok = setup({ refreshSession: () => Promise.resolve(++refreshes > 0) });
		await ok.write();
		ok.transport.failures.push({ status: 401, code: 'PGRST301' });
		await ok.engine.sync();
		expect(refreshes).toBe(1);
		expect(ok.engine.status).toMatchObject({ phase: 'idle', waiting: 0 });

		const dead = setup({ refreshSession: () => Promise.resolve(false) });
		await dead.write();
		dead.transport.failures.push({ status: 401, code: 'PGRST301' });
		await dead.engine.sync();
		expect(dead.engine.status).toMatchObject({ phase: 'signed_out', waiting: 1 });

		const twice = setup({ refreshSession: () => Promise.resolve(true) });
		await twice.write();
		twice.transport.failures.push({ status: 401 }, { status: 401 });
		await twice.engine.sync();
		expect(twice.engine.status.phase).toBe('signed_out');
	});

	it('auth: a refresh with no answer is a network failure, retried later, never "signed out"', async () => {
		let refreshes = 0;
		const { transport, timers, engine, write } = setup({
			refreshSession: () =>
				++refreshes === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(true)
		});
		await write();
		transport.failures.push({ status: 401, code: 'PGRST301' }, { status: 401, code: 'PGRST301' });
		await engine.sync();
		expect(engine.status).toMatchObject({ phase: 'offline', waiting: 1 });
		expect(timers.pending.size).toBe(1);
		timers.fire();
		await engine.whenIdle();
		expect(refreshes).toBe(2);
		expect(engine.status).toMatchObject({ phase: 'idle', waiting: 0 });
	});

	it('an unexpected exception (a local bug) stops as stuck with its name', async () => {
		const { transport, engine, write } = setup();
		await write();
		transport.listSpaces = () => Promise.reject(new TypeError('boom'));
		await engine.sync();
		expect(engine.status).toMatchObject({
			phase: 'stuck',
			error: { kind: 'bug', code: 'TypeError', message: 'boom' }
		});
		expect(engine.status.waiting).toBe(1);
	});

	it('dispose: no cycle, no timer', async () => {
		const { transport, timers, engine, write } = setup();
		await write();
		transport.failures.push({});
		await engine.sync();
		expect(timers.pending.size).toBe(1);
		engine.dispose();
		expect(timers.pending.size).toBe(0);
		await engine.sync();
		expect(transport.pushes).toHaveLength(0);
	});
});

describe('the engine: never sends another user’s work', () => {
	it('stops as stuck (foreign_actor) without a request', async () => {
		const { db, transport, engine } = setup();
		await applyMutation(db, { actorId: uuid(7), name: 'space.create@1', args: spaceArgs() });
		await engine.sync();
		expect(engine.status).toMatchObject({
			phase: 'stuck',
			error: { code: 'foreign_actor', mutationId: 1 }
		});
		expect(transport.listCalls).toBe(0);
		expect(transport.pushes).toHaveLength(0);
	});
});
