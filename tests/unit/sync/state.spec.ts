import { describe, expect, it } from 'vitest';
import { connectedSyncState } from '$lib/sync/state';
import type { SyncStatus } from '$lib/sync/status';

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
	phase: 'idle',
	waiting: 0,
	lastSyncedAt: '2026-11-26T09:00:00.000Z',
	...over
});
const bug = { kind: 'bug' as const, code: 'CL003', message: 'sync_push: args' };

describe('what the indicator shows in connected mode', () => {
	it.each([
		[
			'up to date',
			status(),
			true,
			0,
			{ kind: 'up_to_date', lastSyncedAt: '2026-11-26T09:00:00.000Z' }
		],
		['changes made since the last sync', status(), true, 2, { kind: 'waiting', waiting: 2 }],
		['syncing', status({ phase: 'syncing', waiting: 3 }), true, 3, { kind: 'syncing', waiting: 3 }],
		[
			'the browser is offline',
			status({ phase: 'syncing' }),
			false,
			1,
			{ kind: 'offline', waiting: 1 }
		],
		[
			'no answer from the server',
			status({ phase: 'offline' }),
			true,
			1,
			{ kind: 'offline', waiting: 1 }
		],
		[
			'retrying',
			status({ phase: 'retrying', nextRetryAt: '2026-11-26T09:01:00.000Z' }),
			true,
			1,
			{ kind: 'retrying', waiting: 1, nextRetryAt: '2026-11-26T09:01:00.000Z' }
		],
		[
			'stuck, even offline',
			status({ phase: 'stuck', error: bug }),
			false,
			4,
			{ kind: 'stuck', waiting: 4, error: bug }
		],
		[
			'update required',
			status({ phase: 'update_required' }),
			true,
			1,
			{ kind: 'update_required', waiting: 1 }
		],
		['signed out', status({ phase: 'signed_out' }), true, 5, { kind: 'signed_out', waiting: 5 }]
	] as const)('%s', (_, engineStatus, online, waiting, expected) => {
		expect(connectedSyncState(engineStatus, online, waiting)).toEqual(expected);
	});

	it('uses the status count when no live count is given', () => {
		expect(connectedSyncState(status({ waiting: 3 }), true)).toEqual({
			kind: 'waiting',
			waiting: 3
		});
	});

	it('before the engine reports, or with the session refused', () => {
		expect(connectedSyncState(null, true, 2)).toEqual({ kind: 'waiting', waiting: 2 });
		expect(connectedSyncState(null, true, 0)).toEqual({ kind: 'waiting', waiting: 0 });
		expect(connectedSyncState(null, false, 2)).toEqual({ kind: 'offline', waiting: 2 });
		expect(connectedSyncState(status(), true, 1, true)).toEqual({ kind: 'signed_out', waiting: 1 });
		expect(connectedSyncState(null, false, 1, true)).toEqual({ kind: 'signed_out', waiting: 1 });
	});
});
