/**
 * What the sync indicator shows. Demo mode has no server: the device is the authority and work
 * is accepted locally as soon as it is written.
 */
export type SyncState =
	{ kind: 'demo' } | { kind: 'offline'; waiting: number } | { kind: 'waiting'; waiting: number };

/** The state to show, from the mode, the network hint and the outbox count. */
export function syncStateOf(mode: 'demo', online: boolean, waiting: number): SyncState {
	if (!online) return { kind: 'offline', waiting };
	if (waiting > 0) return { kind: 'waiting', waiting };
	return { kind: mode };
}
