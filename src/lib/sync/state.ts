import type { SyncProblem, SyncStatus } from './status';

/**
 * What the sync indicator shows. Demo mode has no server: the device is the authority and work
 * is accepted locally as soon as it is written. Connected mode follows the engine's status.
 */
export type SyncState =
	| { kind: 'demo' }
	| { kind: 'up_to_date'; lastSyncedAt: string | null }
	| { kind: 'syncing'; waiting: number }
	| { kind: 'waiting'; waiting: number }
	| { kind: 'offline'; waiting: number }
	| { kind: 'retrying'; waiting: number; nextRetryAt: string | null }
	| { kind: 'stuck'; waiting: number; error: SyncProblem | null }
	| { kind: 'update_required'; waiting: number }
	| { kind: 'signed_out'; waiting: number };

/** The state to show in demo mode, from the network hint and the outbox count. */
export function syncStateOf(mode: 'demo', online: boolean, waiting: number): SyncState {
	if (!online) return { kind: 'offline', waiting };
	if (waiting > 0) return { kind: 'waiting', waiting };
	return { kind: mode };
}

/**
 * The state to show in connected mode, from the engine's status (null before it reports), the
 * browser's network hint, the live outbox count (`waiting`, which also counts changes made since
 * the status was taken) and whether the server refused the session.
 * What stops sync comes first (the user has to act), then the network, then activity.
 */
export function connectedSyncState(
	status: SyncStatus | null,
	online: boolean,
	waiting: number = status?.waiting ?? 0,
	sessionExpired = false
): SyncState {
	if (sessionExpired) return { kind: 'signed_out', waiting };
	// No report yet (the engine is loading, or this tab is not the one syncing): what the
	// device knows by itself.
	if (!status) return online ? { kind: 'waiting', waiting } : { kind: 'offline', waiting };
	switch (status.phase) {
		case 'stuck':
			return { kind: 'stuck', waiting, error: status.error ?? null };
		case 'update_required':
			return { kind: 'update_required', waiting };
		case 'signed_out':
			return { kind: 'signed_out', waiting };
	}
	if (!online || status.phase === 'offline') return { kind: 'offline', waiting };
	if (status.phase === 'retrying') {
		return { kind: 'retrying', waiting, nextRetryAt: status.nextRetryAt ?? null };
	}
	if (status.phase === 'syncing') return { kind: 'syncing', waiting };
	if (waiting > 0) return { kind: 'waiting', waiting };
	return { kind: 'up_to_date', lastSyncedAt: status.lastSyncedAt };
}
