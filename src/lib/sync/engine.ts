import type { CollectifDB, OutboxEntry } from '$lib/db/database';
import {
	applyPulledPage,
	clientIdOf,
	confirmThrough,
	cursorOf,
	foreignEntry,
	lastSyncedAtOf,
	localSpacesOf,
	markSent,
	outboxBatch,
	pushMarks,
	recordPushAnswer,
	renumberUnsent,
	resetSpace,
	setAckedThrough,
	setLastSyncedAt,
	waitingCount
} from '$lib/db/sync-store';
import {
	CLIENT_SCHEMA_VERSION,
	PULL_PAGE_SIZE,
	TransportError,
	type PushResponse,
	type SyncTransport,
	type WireMutation
} from '$lib/domain/protocol';
import { retryDelayMs } from './backoff';
import { classifyFailure, MUTATION_GAP, type SyncErrorKind } from './errors';
import type { SyncPhase, SyncProblem, SyncStatus } from './status';

export type { SyncPhase, SyncProblem, SyncStatus } from './status';

export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
	/** The signed-in user: the only actor whose changes this engine sends. */
	userId: string;
	/** Refreshes the session token; false when the user must sign in again. */
	refreshSession?: () => Promise<boolean>;
	/** Called with every new status. */
	onStatus?: (status: SyncStatus) => void;
	random?: () => number;
	now?: () => Date;
	timers?: Timers;
	/** Mutations per push (at most 200; the server accepts 500). */
	batchSize?: number;
	/** Transient failures retried in a row before the status says `retrying`. */
	quietRetries?: number;
	/** Rows per pull page (the server caps it at 1,000). */
	pullLimit?: number;
}

/** A push is also cut before this many bytes of JSON (the server refuses more than 1 MB). */
const MAX_PUSH_BYTES = 900_000;
/** Push/pull rounds in one cycle before the engine concludes it makes no progress. */
const MAX_ROUNDS = 20;
/** Gaps (CL002) resolved in one cycle before the engine gives up. */
const MAX_GAPS = 3;

/** Stops the cycle in a state only `retry()` (or a new engine) leaves. */
class Stop extends Error {
	constructor(
		readonly phase: Extract<SyncPhase, 'stuck' | 'update_required' | 'signed_out'>,
		readonly problem: SyncProblem
	) {
		super(problem.message);
	}
}

const bug = (code: string, message: string, mutationId?: number) =>
	new Stop('stuck', { kind: 'bug', code, message, mutationId });

/** One user's work never goes out with another user's session (reliability item 15). */
const foreignActor = (mutationId: number) =>
	bug(
		'foreign_actor',
		'a change in this outbox belongs to another user: it is never sent with this session',
		mutationId
	);

const wire = (entry: OutboxEntry): WireMutation => ({
	id: entry.id,
	name: entry.name,
	args: entry.args,
	createdAt: entry.createdAt
});

/**
 * The client sync engine (docs/sync-engine.md). One cycle: push the outbox in batches, pull every
 * space the user belongs to until nothing more comes, confirm what the server processed, and
 * repeat until the outbox is empty. Failures are classified (`errors.ts`): network and transient
 * ones are retried with full-jitter backoff, an expired session is refreshed once, a version
 * mismatch or a bug stops sync without dropping anything. No Svelte, no globals: the database,
 * the transport, the clock, the random source and the timers are given.
 */
export class SyncEngine {
	readonly #db: CollectifDB;
	readonly #transport: SyncTransport;
	readonly #userId: string;
	readonly #refreshSession: () => Promise<boolean>;
	readonly #onStatus: (status: SyncStatus) => void;
	readonly #random: () => number;
	readonly #now: () => Date;
	readonly #timers: Timers;
	readonly #batchSize: number;
	readonly #quietRetries: number;
	readonly #pullLimit: number;

	#status: SyncStatus = { phase: 'idle', waiting: 0, lastSyncedAt: null };
	#loop: Promise<void> | null = null;
	#requested = false;
	#stopped = false;
	#disposed = false;
	#checkedCopy = false;
	#attempt = 0;
	#retryTimer: unknown = undefined;
	#retryKind: SyncErrorKind | null = null;

	constructor(db: CollectifDB, transport: SyncTransport, options: SyncEngineOptions) {
		this.#db = db;
		this.#transport = transport;
		this.#userId = options.userId;
		this.#refreshSession = options.refreshSession ?? (() => Promise.resolve(false));
		this.#onStatus = options.onStatus ?? (() => undefined);
		this.#random = options.random ?? Math.random;
		this.#now = options.now ?? (() => new Date());
		this.#timers = options.timers ?? {
			setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
			clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
		};
		this.#batchSize = Math.min(200, Math.max(1, options.batchSize ?? 200));
		this.#quietRetries = options.quietRetries ?? 2;
		this.#pullLimit = options.pullLimit ?? PULL_PAGE_SIZE;
	}

	get status(): SyncStatus {
		return this.#status;
	}

	/**
	 * Runs a cycle, or, if one is running, asks for one more after it (any number of calls during a
	 * cycle make one more). Resolves when no cycle is left to run; never rejects (failures go to
	 * the status). Does nothing while stopped (`stuck`, `update_required`, `signed_out`: see
	 * `retry()`), and waits for the scheduled attempt after a transient error.
	 */
	sync(): Promise<void> {
		if (this.#disposed || this.#stopped) return this.#loop ?? Promise.resolve();
		this.#requested = true;
		if (this.#retryTimer !== undefined) {
			// Offline: any trigger (the browser going online, the tab shown) tries now. Transient
			// server trouble: keep the backoff, the scheduled attempt will run.
			if (this.#retryKind !== 'network') return this.#loop ?? Promise.resolve();
			this.#cancelRetry();
		}
		this.#loop ??= this.#run().finally(() => {
			this.#loop = null;
		});
		return this.#loop;
	}

	/** `sync()` without waiting: for triggers and the UI. */
	requestSync(): void {
		void this.sync();
	}

	/**
	 * Leaves a stopped or waiting state and syncs now (the user's "try again"); `whenIdle()`
	 * resolves when that is done.
	 */
	retry(): void {
		this.#stopped = false;
		this.#attempt = 0;
		this.#cancelRetry();
		void this.sync();
	}

	/** Resolves when no cycle is running. */
	async whenIdle(): Promise<void> {
		while (this.#loop) await this.#loop;
	}

	/** Stops for good: no new cycle, no timer (the tab lost leadership, or the user signed out). */
	dispose(): void {
		this.#disposed = true;
		this.#cancelRetry();
	}

	async #run(): Promise<void> {
		if (this.#status.lastSyncedAt === null) {
			this.#status = { ...this.#status, lastSyncedAt: (await lastSyncedAtOf(this.#db)) ?? null };
		}
		while (this.#requested && !this.#disposed && !this.#stopped) {
			this.#requested = false;
			await this.#cycle();
			if (this.#retryTimer !== undefined) break;
		}
	}

	async #cycle(): Promise<void> {
		// The last failure stays in `error` until a cycle succeeds, so a retry does not hide it.
		await this.#emit({ phase: 'syncing', nextRetryAt: undefined });
		let refreshed = false;
		for (;;) {
			try {
				await this.#rounds();
				const at = this.#now().toISOString();
				await setLastSyncedAt(this.#db, at);
				this.#attempt = 0;
				await this.#emit({
					phase: 'idle',
					lastSyncedAt: at,
					error: undefined,
					nextRetryAt: undefined
				});
				return;
			} catch (error) {
				if (error instanceof TransportError && classifyFailure(error.failure) === 'auth') {
					let ok: boolean;
					try {
						ok = !refreshed && (await this.#refreshSession());
					} catch (cause) {
						// No answer from the auth server (offline, or it is down): the session may be
						// fine; retry later like any network failure, never sign out for that.
						return this.#failed(
							new TransportError({ message: `session refresh: ${String(cause)}` })
						);
					}
					if (ok) {
						refreshed = true;
						continue;
					}
					return this.#stop(
						new Stop('signed_out', {
							kind: 'auth',
							code: error.failure.code,
							message: error.message
						})
					);
				}
				return this.#failed(error);
			}
		}
	}

	/** Push, pull, confirm, until the outbox is empty. */
	async #rounds(): Promise<void> {
		const foreign = await foreignEntry(this.#db, this.#userId);
		if (foreign) throw foreignActor(foreign.id);
		const clientId = await clientIdOf(this.#db);
		if (!this.#checkedCopy) {
			// Once per engine (a copy of the database can only be restored while the app is closed):
			// before sending changes this copy never sent, ask the server how far this client got.
			const { sentThrough } = await pushMarks(this.#db);
			if ((await outboxBatch(this.#db, 1, sentThrough)).length > 0) {
				await this.#checkCopy(await this.#pullAll(clientId));
			}
			this.#checkedCopy = true;
		}
		for (let round = 1; ; round++) {
			if (round > MAX_ROUNDS) {
				throw bug('no_progress', `the outbox did not empty after ${MAX_ROUNDS} rounds`);
			}
			await this.#pushAll(clientId);
			const pulled = await this.#pullAll(clientId);
			await this.#checkCopy(pulled);
			const { ackedThrough } = await pushMarks(this.#db);
			if (pulled !== undefined && pulled < ackedThrough) {
				// The server lost work it had acknowledged (restored from a backup, failover):
				// everything after what it has now goes again.
				await setAckedThrough(this.#db, pulled);
			}
			await confirmThrough(this.#db, pulled ?? ackedThrough);
			if ((await waitingCount(this.#db)) === 0) return;
		}
	}

	/** The server has ids from this client that this database never sent: it is an old copy. */
	async #checkCopy(serverLast: number | undefined): Promise<void> {
		if (serverLast === undefined) return;
		const { sentThrough } = await pushMarks(this.#db);
		if (serverLast > sentThrough) await renumberUnsent(this.#db, serverLast);
	}

	async #pushAll(clientId: string): Promise<void> {
		let { ackedThrough } = await pushMarks(this.#db);
		let isolateThrough = 0;
		let gaps = 0;
		for (;;) {
			const size = ackedThrough < isolateThrough ? 1 : this.#batchSize;
			const batch = trimToBytes(await outboxBatch(this.#db, size, ackedThrough));
			if (batch.length === 0) return;
			const foreign = batch.find((entry) => entry.actorId !== this.#userId);
			if (foreign) throw foreignActor(foreign.id);
			const first = batch[0]!.id;
			const last = batch[batch.length - 1]!.id;
			await markSent(this.#db, last);
			let answer: PushResponse;
			try {
				answer = await this.#transport.push({
					clientId,
					schemaVersion: CLIENT_SCHEMA_VERSION,
					mutations: batch.map(wire)
				});
			} catch (error) {
				if (!(error instanceof TransportError)) throw error;
				if (error.failure.code === MUTATION_GAP) {
					if (++gaps > MAX_GAPS) throw bug(MUTATION_GAP, error.message, first);
					ackedThrough = await this.#resolveGap(clientId, error);
					continue;
				}
				if (classifyFailure(error.failure) === 'bug' && batch.length > 1) {
					// Find the entry the server refuses: send one at a time up to the end of this batch,
					// so the valid changes before it still go.
					isolateThrough = last;
					continue;
				}
				if (classifyFailure(error.failure) === 'bug') {
					throw bug(error.failure.code ?? 'bug', error.message, first);
				}
				throw error;
			}
			if (answer.lastMutationId < last) {
				throw bug(
					'protocol',
					`push answered lastMutationId ${answer.lastMutationId} for a batch ending at ${last}`,
					last
				);
			}
			await recordPushAnswer(this.#db, clientId, batch, answer, this.#now());
			ackedThrough = answer.lastMutationId;
		}
	}

	/** CL002: pull to learn the server's last id, then resend from the next one. */
	async #resolveGap(clientId: string, error: TransportError): Promise<number> {
		const expected = /expected (\d+)/.exec(error.message)?.[1];
		const serverLast =
			(await this.#pullAll(clientId)) ?? (expected ? Number(expected) - 1 : undefined);
		if (serverLast === undefined) throw bug(MUTATION_GAP, error.message);
		const next = await outboxBatch(this.#db, 1, serverLast);
		if (next[0]?.id !== serverLast + 1) {
			throw bug(
				MUTATION_GAP,
				`the server expects mutation ${serverLast + 1}, which this device no longer holds`,
				serverLast + 1
			);
		}
		await setAckedThrough(this.#db, serverLast);
		return serverLast;
	}

	/**
	 * Pulls every space the user belongs to (what the server lists, plus spaces known locally),
	 * each until `hasMore` is false, or only the user's results when there is no space. Returns
	 * the lowest `lastMutationId` the complete pulls reported.
	 */
	async #pullAll(clientId: string): Promise<number | undefined> {
		const listed = await this.#transport.listSpaces();
		const pulled = new Set<string>();
		let last: number | undefined;
		for (;;) {
			const local = await localSpacesOf(this.#db, this.#userId);
			const next = [...listed, ...local].find((spaceId) => !pulled.has(spaceId));
			// In no space (yet, or any more): a results-only pull still brings the user's results
			// (a refused join made on another device) and this client's last id.
			if (next === undefined) return last ?? (await this.#pullSpace(clientId, null));
			pulled.add(next);
			const reported = await this.#pullSpace(clientId, next);
			if (reported !== undefined) last = last === undefined ? reported : Math.min(last, reported);
		}
	}

	async #pullSpace(clientId: string, spaceId: string | null): Promise<number | undefined> {
		let cursor = await cursorOf(this.#db, spaceId);
		let resets = 0;
		for (;;) {
			const page = await this.#transport.pull({
				clientId,
				spaceId,
				cursor,
				limit: this.#pullLimit
			});
			if (page.reset) {
				if (spaceId === null) throw bug('protocol', 'a results-only pull answered reset');
				await resetSpace(this.#db, spaceId, page.reason);
				if (page.reason === 'not_member') return undefined;
				if (++resets > 2) throw bug('reset_loop', `space ${spaceId} keeps answering reset`);
				cursor = null;
				continue;
			}
			await applyPulledPage(this.#db, spaceId, page, this.#now());
			cursor = page.cursor;
			if (!page.hasMore) return page.lastMutationId;
		}
	}

	async #failed(error: unknown): Promise<void> {
		if (error instanceof Stop) return this.#stop(error);
		if (!(error instanceof TransportError)) {
			const name = error instanceof Error ? error.name : 'Error';
			const message = error instanceof Error ? error.message : String(error);
			return this.#stop(bug(name, message));
		}
		const kind = classifyFailure(error.failure);
		const problem: SyncProblem = { kind, code: error.failure.code, message: error.message };
		if (kind === 'version') return this.#stop(new Stop('update_required', problem));
		if (kind === 'bug') return this.#stop(new Stop('stuck', problem));
		// network or transient: try again later, dropping nothing.
		const attempt = this.#attempt++;
		const delay = retryDelayMs(attempt, this.#random);
		const nextRetryAt = new Date(this.#now().getTime() + delay).toISOString();
		this.#retryKind = kind;
		this.#retryTimer = this.#timers.setTimeout(() => {
			this.#retryTimer = undefined;
			void this.sync();
		}, delay);
		const phase: SyncPhase =
			kind === 'network' ? 'offline' : attempt < this.#quietRetries ? 'syncing' : 'retrying';
		await this.#emit({ phase, error: problem, nextRetryAt });
	}

	async #stop(stop: Stop): Promise<void> {
		this.#stopped = true;
		this.#cancelRetry();
		await this.#emit({ phase: stop.phase, error: stop.problem, nextRetryAt: undefined });
	}

	#cancelRetry(): void {
		if (this.#retryTimer !== undefined) this.#timers.clearTimeout(this.#retryTimer);
		this.#retryTimer = undefined;
		this.#retryKind = null;
	}

	async #emit(change: Partial<SyncStatus>): Promise<void> {
		const waiting = await waitingCount(this.#db).catch(() => this.#status.waiting);
		const status: SyncStatus = { ...this.#status, ...change, waiting };
		if (status.error === undefined) delete status.error;
		if (status.nextRetryAt === undefined) delete status.nextRetryAt;
		this.#status = status;
		this.#onStatus(status);
	}
}

/** The longest prefix of `batch` under the push size limit (at least one entry). */
function trimToBytes(batch: OutboxEntry[]): OutboxEntry[] {
	let bytes = 2;
	for (const [index, entry] of batch.entries()) {
		bytes += JSON.stringify(wire(entry)).length + 1;
		if (bytes > MAX_PUSH_BYTES && index > 0) return batch.slice(0, index);
	}
	return batch;
}
