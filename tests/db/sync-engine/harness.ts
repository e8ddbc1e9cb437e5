import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { applyMutation } from '$lib/db/apply';
import { openDatabase, type CollectifDB } from '$lib/db/database';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import { entityTables, type EntityTable } from '$lib/domain/types';
import { SyncEngine, type SyncEngineOptions, type SyncStatus, type Timers } from '$lib/sync/engine';
import { FaultyTransport, PgTransport, type PgTransportOptions } from '../../sync/pg-transport';
import { connect, createUser } from '../helpers';

/** Helpers of the engine's fault tests: devices (a local database, an engine, a transport). */

export const uuid = (): string => randomUUID();

/** A pool of connections as the superuser; each transport call checks one out. */
export function newPool(max = 8): pg.Pool {
	const { host, port, database, user, password } = inject('database');
	return new pg.Pool({ host, port, database, user, password, max });
}

/** Timers the test fires by hand: exact and instant. */
export class ManualTimers implements Timers {
	readonly #pending = new Map<number, { callback: () => void; ms: number }>();
	#next = 1;
	/** Every delay asked for, in order. */
	readonly delays: number[] = [];

	setTimeout(callback: () => void, ms: number): number {
		const id = this.#next++;
		this.#pending.set(id, { callback, ms });
		this.delays.push(ms);
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.#pending.delete(handle as number);
	}

	get size(): number {
		return this.#pending.size;
	}

	/** Runs the oldest pending callback; returns its delay (undefined when none). */
	fire(): number | undefined {
		const first = this.#pending.entries().next();
		if (first.done) return undefined;
		const [id, { callback, ms }] = first.value;
		this.#pending.delete(id);
		callback();
		return ms;
	}
}

let serial = 0;
export const uniqueName = (label = 'device'): string =>
	`engine-${process.pid}-${++serial}-${label}-${randomUUID().slice(0, 6)}`;

export interface DeviceOptions extends Partial<
	Pick<SyncEngineOptions, 'now' | 'random' | 'batchSize' | 'quietRetries' | 'pullLimit'>
> {
	/** Reopen this database instead of a new one. */
	name?: string;
	pg?: PgTransportOptions;
}

/** One device of one user: its database, the Postgres transport, a fault wrapper, an engine. */
export class Device {
	readonly db: CollectifDB;
	readonly pg: PgTransport;
	readonly transport: FaultyTransport;
	readonly engine: SyncEngine;
	readonly timers = new ManualTimers();
	readonly statuses: SyncStatus[] = [];
	readonly name: string;
	/** Whether refreshing the session works (false: the user has to sign in again). */
	refreshWorks = true;

	constructor(
		readonly pool: pg.Pool,
		readonly userId: string,
		readonly options: DeviceOptions = {}
	) {
		this.name = options.name ?? uniqueName();
		this.db = openDatabase(this.name);
		this.pg = new PgTransport(pool, userId, options.pg);
		this.transport = new FaultyTransport(this.pg);
		this.engine = new SyncEngine(this.db, this.transport, {
			userId,
			refreshSession: () => (this.refreshWorks ? this.transport.refresh() : Promise.resolve(false)),
			onStatus: (status) => this.statuses.push(status),
			timers: this.timers,
			random: options.random ?? (() => 0.5),
			now: options.now,
			batchSize: options.batchSize,
			quietRetries: options.quietRetries,
			pullLimit: options.pullLimit
		});
	}

	/** Applies a mutation on the device, as the user, at `now` (the device's clock). */
	mutate(name: MutationName, args: Record<string, unknown>, now?: Date): Promise<number> {
		return applyMutation(
			this.db,
			{ actorId: this.userId, name, args },
			now ?? this.options.now?.()
		);
	}

	/** One sync (and whatever it coalesced); the status after it. */
	async sync(): Promise<SyncStatus> {
		await this.engine.sync();
		await this.engine.whenIdle();
		return this.engine.status;
	}

	/** Syncs and expects it to end up to date with nothing waiting. */
	async synced(): Promise<void> {
		const status = await this.sync();
		expect(status, `${this.name} after sync`).toMatchObject({ phase: 'idle', waiting: 0 });
	}

	/** The tab closes (or is killed): the engine is dropped, the database closed. */
	close(): void {
		this.engine.dispose();
		this.db.close();
	}

	/** The app starts again on the same database: a new engine. */
	reopen(options: DeviceOptions = {}): Device {
		this.close();
		return new Device(this.pool, this.userId, { ...this.options, ...options, name: this.name });
	}

	async destroy(): Promise<void> {
		this.close();
		await this.db.delete();
	}
}

/** Every table of a device's database, to restore it later (a backup of the browser profile). */
export async function copyOf(db: CollectifDB): Promise<Map<string, unknown[]>> {
	const copy = new Map<string, unknown[]>();
	for (const table of db.tables) copy.set(table.name, await table.toArray());
	return copy;
}

export async function restore(db: CollectifDB, copy: Map<string, unknown[]>): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		for (const table of db.tables) {
			await table.clear();
			await table.bulkAdd(copy.get(table.name) ?? []);
		}
	});
}

/** A new user (as GoTrue creates them); needs a superuser connection. */
export async function newUser(admin: pg.ClientBase, displayName = 'Membre'): Promise<string> {
	return createUser(admin, { userMetadata: { display_name: displayName } });
}

export const spaceArgs = (over: Record<string, unknown> = {}) => ({
	spaceId: uuid(),
	name: 'La Ruche',
	timeZone: 'Europe/Paris',
	capacity: 40,
	openingTime: '08:00',
	closingTime: '20:00',
	hostName: 'Hôte',
	...over
});

/** The host creates a space on their device and syncs it; returns its id. */
export async function createSpaceOn(host: Device, over: Record<string, unknown> = {}) {
	const args = spaceArgs(over);
	await host.mutate('space.create@1', args);
	await host.synced();
	return args.spaceId;
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const invitationCode = (): string =>
	[...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('');

/** The host invites, the member joins with the code; both sync. */
export async function join(
	host: Device,
	member: Device,
	spaceId: string,
	displayName = 'Membre'
): Promise<void> {
	const code = invitationCode();
	await host.mutate('invitation.create@1', {
		spaceId,
		invitationId: uuid(),
		code,
		expiresAt: null,
		maxUses: null
	});
	await host.synced();
	await member.mutate('membership.join@1', { code, displayName });
	await member.synced();
}

export const ritualArgs = (spaceId: string, over: Record<string, unknown> = {}) => ({
	spaceId,
	ritualId: uuid(),
	kind: 'lunch',
	title: 'Déjeuner partagé',
	description: '',
	place: 'Cuisine',
	durationMinutes: 60,
	capacity: 10,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: '2026-11-26T12:30',
	roles: [],
	leadUserId: null,
	...over
});

export const signupArgs = (
	spaceId: string,
	ritualId: string,
	over: Record<string, unknown> = {}
) => ({
	spaceId,
	signupId: uuid(),
	ritualId,
	// Well in the future: a sign-up to an occurrence that started is refused (too_late).
	occurrence: '2036-12-04T12:30',
	roleKey: null,
	note: '',
	at: new Date().toISOString(),
	...over
});

export type Tables = Record<EntityTable, unknown[]>;

/** Every entity row of a device, sorted by id. */
export async function tablesOf(db: CollectifDB): Promise<Tables> {
	const out = {} as Tables;
	for (const table of entityTables) {
		const rows = (await db[table].toArray()) as { id: string }[];
		out[table] = rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}
	return out;
}

/** What a brand-new device of `userId` holds after one sync: the server's view for that user. */
export async function freshView(pool: pg.Pool, userId: string): Promise<Tables> {
	const device = new Device(pool, userId);
	try {
		await device.synced();
		return await tablesOf(device.db);
	} finally {
		await device.destroy();
	}
}

/** Count of rows, read as the superuser. */
export async function count(
	db: pg.ClientBase | pg.Pool,
	sql: string,
	values: unknown[] = []
): Promise<number> {
	const { rows } = await db.query<{ n: string }>(`select count(*) as n from ${sql}`, values);
	return Number(rows[0]!.n);
}

/** What most fault tests start from: a host's device, synced, in a space of its own. */
export interface Stage {
	admin: pg.Client;
	pool: pg.Pool;
	host: Device;
	space: string;
	/** A ritual of the space, when asked for. */
	ritual: string;
}

export async function openStage({ withRitual = true } = {}): Promise<Stage> {
	const admin = await connect();
	const pool = newPool();
	const host = new Device(pool, await newUser(admin, 'Hôte'));
	const space = await createSpaceOn(host);
	let ritual = '';
	if (withRitual) {
		const args = ritualArgs(space);
		ritual = args.ritualId;
		await host.mutate('ritual.create@1', args);
		await host.synced();
	}
	return { admin, pool, host, space, ritual };
}

export async function closeStage({ admin, pool, host }: Stage): Promise<void> {
	await host.destroy();
	await pool.end();
	await admin.end();
}
