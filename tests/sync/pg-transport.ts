import type pg from 'pg';
import {
	TransportError,
	type PullRequest,
	type PullResponse,
	type PushRequest,
	type PushResponse,
	type SyncTransport,
	type TransportFailure
} from '$lib/domain/protocol';
import { postgrestStatus } from './postgrest-status';

/** A pg error, or a failure to reach the server at all, as the engine would see it. */
export function asTransportError(error: unknown, authed: boolean): TransportError {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	// pg's errors carry a five-character SQLSTATE; socket errors carry ECONNREFUSED and the like.
	if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
		return new TransportError({ status: postgrestStatus(code, authed), code, message });
	}
	return new TransportError({ message: message ?? String(error) });
}

export interface PgTransportOptions {
	/** Supabase gives `authenticated` an 8 s statement timeout; tests may lower it. */
	statementTimeoutMs?: number;
	/** Wait at most this long for a lock (default: no limit beyond the statement timeout). */
	lockTimeoutMs?: number;
}

/**
 * `SyncTransport` over a Postgres connection, as a given user: each call is one transaction run
 * the way PostgREST runs a request (`set local role authenticated`, the JWT claims in
 * `request.jwt.claims`), committed on success. Errors become `TransportError`s with PostgREST's
 * statuses.
 */
export class PgTransport implements SyncTransport {
	/** Roll back the next call after it answered (a failover that lost the last commits). */
	#loseNext = 0;

	constructor(
		readonly pool: pg.Pool,
		readonly userId: string,
		readonly options: PgTransportOptions = {}
	) {}

	/** The next `count` calls answer, then their transaction is rolled back: the server forgets. */
	loseNextCommits(count = 1): void {
		this.#loseNext += count;
	}

	push(request: PushRequest): Promise<PushResponse> {
		return this.#call(
			'select public.sync_push($1, $2, $3::jsonb) as answer',
			[request.clientId, request.schemaVersion, JSON.stringify(request.mutations)],
			(rows) => rows[0]!.answer as PushResponse
		);
	}

	pull(request: PullRequest): Promise<PullResponse> {
		return this.#call(
			'select public.sync_pull($1, $2, $3::jsonb, $4) as answer',
			[
				request.clientId,
				request.spaceId,
				request.cursor === null ? null : JSON.stringify(request.cursor),
				request.limit
			],
			(rows) => rows[0]!.answer as PullResponse
		);
	}

	listSpaces(): Promise<string[]> {
		return this.#call(
			'select space_id from public.memberships where user_id = auth.uid() and not deleted',
			[],
			(rows) => rows.map((row) => row.space_id as string)
		);
	}

	async #call<T>(
		text: string,
		values: unknown[],
		read: (rows: Record<string, unknown>[]) => T
	): Promise<T> {
		let client: pg.PoolClient;
		try {
			client = await this.pool.connect();
		} catch (error) {
			throw asTransportError(error, true);
		}
		let open = false;
		try {
			await client.query('begin');
			open = true;
			await client.query('set local role authenticated');
			await client.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ sub: this.userId, role: 'authenticated' })
			]);
			await client.query(`select set_config('statement_timeout', $1, true)`, [
				String(this.options.statementTimeoutMs ?? 8_000)
			]);
			if (this.options.lockTimeoutMs !== undefined) {
				await client.query(`select set_config('lock_timeout', $1, true)`, [
					String(this.options.lockTimeoutMs)
				]);
			}
			const { rows } = await client.query(text, values);
			const answer = read(rows as Record<string, unknown>[]);
			if (this.#loseNext > 0) {
				this.#loseNext--;
				await client.query('rollback');
			} else {
				await client.query('commit');
			}
			open = false;
			return answer;
		} catch (error) {
			if (open) await client.query('rollback').catch(() => undefined);
			throw asTransportError(error, true);
		} finally {
			client.release();
		}
	}
}

export type Operation = 'push' | 'pull' | 'listSpaces';

/**
 * A fault, injected into the next call of an operation:
 * - `drop-before`: the request never reaches the server (no answer, no effect);
 * - `drop-after`: the server runs and commits, the answer is lost (a lost acknowledgement);
 * - `fail`: the server answers with this failure (a 503, a PostgREST code...), without running;
 * - `kill`: the tab dies before the request goes (the call never settles);
 * - `kill-after`: the server runs and commits, then the tab dies (the call never settles);
 * - `pass`: nothing (to aim a later fault at a later call).
 */
export type Fault =
	| { kind: 'drop-before' }
	| { kind: 'drop-after' }
	| { kind: 'fail'; failure: TransportFailure }
	| { kind: 'kill' }
	| { kind: 'kill-after' }
	| { kind: 'pass' };

export interface Call {
	operation: Operation;
	request: unknown;
	/** `ok`, or the fault applied, or the error the server answered. */
	outcome: string;
}

const network = (message: string) => new TransportError({ message });

/** Wraps a transport to inject faults, go offline, expire the token, and record every call. */
export class FaultyTransport implements SyncTransport {
	offline = false;
	/** Every call fails with 401 PGRST301 (JWT expired) until `refresh()`. */
	tokenExpired = false;
	readonly calls: Call[] = [];
	readonly #faults: { operation: Operation; fault: Fault }[] = [];
	/** Runs before each call reaches the server (after the fault checks). */
	beforeCall: ((operation: Operation, request: unknown) => void | Promise<void>) | undefined;

	constructor(readonly inner: SyncTransport) {}

	/** Queues faults for the next calls of `operation`, one per call, in order. */
	inject(operation: Operation, ...faults: Fault[]): this {
		for (const fault of faults) this.#faults.push({ operation, fault });
		return this;
	}

	/** Forgets the faults not yet used. */
	clearFaults(): void {
		this.#faults.length = 0;
	}

	/** What `refreshSession` does in tests: a new token. */
	refresh(): Promise<boolean> {
		this.tokenExpired = false;
		return Promise.resolve(true);
	}

	count(operation: Operation, outcome?: string): number {
		return this.calls.filter(
			(call) => call.operation === operation && (outcome === undefined || call.outcome === outcome)
		).length;
	}

	push(request: PushRequest): Promise<PushResponse> {
		return this.#run('push', request, () => this.inner.push(request));
	}

	pull(request: PullRequest): Promise<PullResponse> {
		return this.#run('pull', request, () => this.inner.pull(request));
	}

	listSpaces(): Promise<string[]> {
		return this.#run('listSpaces', undefined, () => this.inner.listSpaces());
	}

	async #run<T>(operation: Operation, request: unknown, call: () => Promise<T>): Promise<T> {
		const record = (outcome: string) => this.calls.push({ operation, request, outcome });
		if (this.offline) {
			record('offline');
			throw network('offline');
		}
		if (this.tokenExpired) {
			record('token-expired');
			throw new TransportError({ status: 401, code: 'PGRST301', message: 'JWT expired' });
		}
		const index = this.#faults.findIndex((queued) => queued.operation === operation);
		const fault = index >= 0 ? this.#faults.splice(index, 1)[0]!.fault : undefined;
		if (fault?.kind === 'kill') {
			record('kill');
			return new Promise<T>(() => undefined);
		}
		if (fault?.kind === 'drop-before') {
			record('drop-before');
			throw network('connection reset before the request was sent');
		}
		if (fault?.kind === 'fail') {
			record(`fail ${fault.failure.status ?? ''} ${fault.failure.code ?? ''}`.trim());
			throw new TransportError(fault.failure);
		}
		await this.beforeCall?.(operation, request);
		try {
			const answer = await call();
			if (fault?.kind === 'kill-after') {
				record('kill-after');
				return new Promise<T>(() => undefined);
			}
			if (fault?.kind === 'drop-after') {
				record('drop-after');
				throw network('connection reset before the answer arrived');
			}
			record('ok');
			return answer;
		} catch (error) {
			if (fault?.kind !== 'drop-after') {
				const failure = error instanceof TransportError ? error.failure : {};
				record(`error ${failure.status ?? ''} ${failure.code ?? ''}`.trim());
			}
			throw error;
		}
	}
}
