import type { TransportFailure } from '$lib/domain/protocol';

export type { TransportFailure };

/**
 * What went wrong with a sync request, and so what the engine does next:
 * - `network`: no answer (offline, DNS, connection reset, timeout): retry when online, with backoff;
 * - `auth`: the session token was refused (expired or invalid): refresh the session, then retry;
 *   never drop the outbox;
 * - `transient`: the server answered but may succeed later (overload, serialization failure,
 *   deadlock, statement timeout): retry with backoff and jitter;
 * - `version`: the server no longer accepts this client's schema: stop and ask to update;
 * - `bug`: anything else; retrying will not help: stop without dropping anything, say sync is stuck.
 */
export type SyncErrorKind = 'network' | 'auth' | 'transient' | 'version' | 'bug';

/** SQLSTATE that `sync_push` / `sync_pull` raise when the client's schema version is too old. */
export const CLIENT_TOO_OLD = 'CL001';
/** `sync_push`: the first new mutation id does not follow the server's last one. */
export const MUTATION_GAP = 'CL002';
/** `sync_push` / `sync_pull`: a malformed request (a client bug): stop. */
export const MALFORMED = 'CL003';

const transientStatuses = new Set([408, 425, 429, 502, 503, 504]);
const transientSqlStates = new Set([
	'40001', // serialization_failure
	'40P01', // deadlock_detected
	'57014', // query_canceled (statement timeout)
	'55P03', // lock_not_available
	'53300', // too_many_connections
	'57P01', // admin_shutdown
	'57P03' // cannot_connect_now
]);
// PostgREST: JWT expired / invalid or missing claims; connection to the database lost.
const authCodes = new Set(['PGRST301', 'PGRST302', 'PGRST303']);
const transientCodes = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);

export function classifyFailure(failure: TransportFailure): SyncErrorKind {
	const { status, code } = failure;
	if (status === undefined || status === 0) return 'network';
	if (code === CLIENT_TOO_OLD) return 'version';
	if (status === 401 || (code !== undefined && authCodes.has(code))) return 'auth';
	if (code !== undefined && (transientSqlStates.has(code) || transientCodes.has(code))) {
		return 'transient';
	}
	if (code?.startsWith('08')) return 'transient'; // connection exceptions
	if (transientStatuses.has(status)) return 'transient';
	return 'bug';
}

/** Whether the engine should try again on its own. */
export const isRetryable = (kind: SyncErrorKind): boolean =>
	kind === 'network' || kind === 'auth' || kind === 'transient';
