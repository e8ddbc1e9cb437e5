import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject } from 'vitest';

/** A connection: a pg Client or a client checked out of a Pool. */
export type Db = pg.ClientBase;

/** A new connection as the superuser `postgres`; end it in `afterAll`. */
export async function connect(): Promise<pg.Client> {
	const { host, port, database, user, password } = inject('database');
	const client = new pg.Client({ host, port, database, user, password });
	await client.connect();
	return client;
}

/** Runs `fn` in a transaction that is always rolled back, so it leaves nothing behind. */
export async function inTransaction<T>(client: Db, fn: (db: Db) => Promise<T>): Promise<T> {
	await client.query('begin');
	try {
		return await fn(client);
	} finally {
		await client.query('rollback');
	}
}

export interface AsUserOptions {
	/** Claims added to (or overriding) `{ sub, role }`, e.g. a forged role. */
	claims?: Record<string, unknown>;
	/** Commit at the end instead of rolling back. */
	commit?: boolean;
}

/**
 * Runs `fn` the way PostgREST runs a request: in a transaction, as role `authenticated` (`anon`
 * when `userId` is null), with the JWT payload in `request.jwt.claims`. Rolls back by default.
 */
export async function asUser<T>(
	client: Db,
	userId: string | null,
	fn: (db: Db) => Promise<T>,
	options: AsUserOptions = {}
): Promise<T> {
	const role = userId === null ? 'anon' : 'authenticated';
	const claims = { ...(userId === null ? {} : { sub: userId }), role, ...options.claims };
	await client.query('begin');
	let committed = false;
	try {
		await client.query(`set local role ${role}`);
		await client.query(`select set_config('request.jwt.claims', $1, true)`, [
			JSON.stringify(claims)
		]);
		const result = await fn(client);
		if (options.commit) {
			await client.query('commit');
			committed = true;
		}
		return result;
	} finally {
		if (!committed) await client.query('rollback');
	}
}

/**
 * Inside a transaction: runs one statement in a savepoint and expects it to fail with the given
 * SQLSTATE (42501 insufficient_privilege, 23514 check_violation, ...). The transaction stays usable.
 */
export async function expectPgError(
	client: Db,
	code: string,
	text: string,
	values: unknown[] = []
): Promise<void> {
	await client.query('savepoint expect_pg_error');
	const outcome = await client.query(text, values).then(
		() => 'succeeded',
		(error: unknown) => (error as { code?: string }).code ?? String(error)
	);
	await client.query('rollback to savepoint expect_pg_error');
	expect(outcome, `SQLSTATE of: ${text}`).toBe(code);
}

/** The ids of a query's rows, sorted, for order-independent comparisons. */
export async function ids(client: Db, text: string, values: unknown[] = []): Promise<string[]> {
	const { rows } = await client.query<{ id: string }>(text, values);
	return rows.map((row) => row.id).sort();
}

export function uniqueEmail(label = 'user'): string {
	return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

export interface NewUser {
	email?: string | null;
	userMetadata?: Record<string, unknown>;
	appMetadata?: Record<string, unknown>;
}

/**
 * Inserts an auth user as GoTrue does (as `supabase_auth_admin`, which has no right on public
 * tables) and returns its id. Needs the superuser connection, outside `asUser`.
 */
export async function createUser(client: Db, user: NewUser | string = {}): Promise<string> {
	const {
		email = uniqueEmail(),
		userMetadata = {},
		appMetadata = {}
	} = typeof user === 'string' ? { email: user } : user;
	const id = randomUUID();
	await client.query('set role supabase_auth_admin');
	try {
		await client.query(
			`insert into auth.users (id, email, raw_user_meta_data, raw_app_meta_data)
			values ($1, $2, $3, $4)`,
			[id, email, userMetadata, appMetadata]
		);
	} finally {
		await client.query('reset role').catch(() => undefined);
	}
	return id;
}

export async function createSpace(
	client: Db,
	fields: {
		name?: string;
		timeZone?: string;
		capacity?: number;
		openingTime?: string;
		closingTime?: string;
	} = {}
): Promise<string> {
	const {
		name = 'Espace test',
		timeZone = 'Europe/Paris',
		capacity = 30,
		openingTime = '08:00',
		closingTime = '20:00'
	} = fields;
	const { rows } = await client.query<{ id: string }>(
		`insert into public.spaces (name, time_zone, capacity, opening_time, closing_time)
		values ($1, $2, $3, $4, $5) returning id`,
		[name, timeZone, capacity, openingTime, closingTime]
	);
	const id = rows[0]?.id;
	if (!id) throw new Error('insert into public.spaces returned no id');
	return id;
}

export async function addMember(
	client: Db,
	spaceId: string,
	userId: string,
	role: 'member' | 'host' = 'member',
	deleted = false
): Promise<void> {
	await client.query(
		'insert into public.memberships (space_id, user_id, role, deleted) values ($1, $2, $3, $4)',
		[spaceId, userId, role, deleted]
	);
}

/** The server process of a connection, to watch it from another one. */
export async function backendPid(db: Db): Promise<number> {
	const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
	return Number(rows[0]?.pid);
}

/** Resolves once backend `pid` waits on a lock: the statement it runs is blocked. */
export async function waitUntilBlocked(observer: Db, pid: number): Promise<void> {
	for (let attempt = 0; attempt < 300; attempt++) {
		const { rows } = await observer.query(
			`select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'`,
			[pid]
		);
		if (rows.length > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`backend ${pid} never waited for a lock`);
}
