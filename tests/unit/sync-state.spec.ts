import { describe, expect, it } from 'vitest';
import { syncStateOf } from '$lib/sync/state';

describe('what the sync indicator shows', () => {
	it.each([
		['offline, whatever waits', false, 3, { kind: 'offline', waiting: 3 }],
		['offline with nothing waiting', false, 0, { kind: 'offline', waiting: 0 }],
		['changes waiting while online', true, 2, { kind: 'waiting', waiting: 2 }],
		['demo mode when all is saved', true, 0, { kind: 'demo' }]
	] as const)('%s', (_, online, waiting, expected) => {
		expect(syncStateOf('demo', online, waiting)).toEqual(expected);
	});
});
