// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CollectifDB } from '$lib/db/database';
import { App } from '$lib/state/app.svelte';
import { seedDemoIfEmpty } from '$lib/state/demo';
import { DEMO_SPACE_ID } from '$lib/domain/demo/people';

let db: CollectifDB;
const persist = vi.fn(async () => true);

beforeEach(async () => {
	Object.defineProperty(navigator, 'storage', {
		configurable: true,
		value: { persisted: async () => false, persist }
	});
	db = openDatabase('persist-test');
	await (
		await seedDemoIfEmpty(db, new Date())
	).history;
});
afterEach(() => db.delete());

describe('persistent storage', () => {
	it('is asked for once, when the user first has something to keep', async () => {
		const app = new App(db);
		expect(persist).not.toHaveBeenCalled();
		const presence = (showPresence: boolean) =>
			app.mutate('profile.presence@1', { spaceId: DEMO_SPACE_ID, showPresence });
		expect((await presence(true)).ok).toBe(true);
		await vi.waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
		expect((await presence(false)).ok).toBe(true);
		expect(persist).toHaveBeenCalledTimes(1);
	});
});
