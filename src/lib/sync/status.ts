import type { SyncErrorKind } from './errors';

/**
 * What the engine is doing, for the UI (`state.ts` turns it into what the indicator shows):
 * - `idle`: nothing to do (up to date when `waiting` is 0);
 * - `syncing`: a cycle runs (or a quick retry after a transient error is due);
 * - `offline`: no answer from the server; retried when the browser says it is online, or at
 *   `nextRetryAt`;
 * - `retrying`: the server keeps failing (overloaded, timeouts); retried at `nextRetryAt`;
 * - `stuck`: an error retrying cannot fix (`error` says which); nothing is dropped; `retry()`;
 * - `update_required`: the server no longer accepts this app version;
 * - `signed_out`: the session could not be refreshed; the outbox waits for the user to sign in.
 */
export type SyncPhase =
	'idle' | 'syncing' | 'offline' | 'retrying' | 'stuck' | 'update_required' | 'signed_out';

export interface SyncProblem {
	kind: SyncErrorKind;
	/** SQLSTATE, PostgREST code, or the engine's own (`foreign_actor`, `no_progress`, ...). */
	code?: string;
	message: string;
	/** The outbox entry the server refused, when known. */
	mutationId?: number;
}

export interface SyncStatus {
	phase: SyncPhase;
	/** Changes in the outbox when the status was taken. */
	waiting: number;
	/** When a sync last completed (ISO instant), null if never on this device. */
	lastSyncedAt: string | null;
	error?: SyncProblem;
	/** When the next automatic attempt is due (ISO instant). */
	nextRetryAt?: string;
}
