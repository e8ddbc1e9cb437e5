// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { openDatabase } from '$lib/db/database';
import { LiveQuery } from '$lib/state/live-query.svelte';

let db = openDatabase('live-query-test');
beforeEach(() => {
	db = openDatabase('live-query-test');
});
afterEach(() => db.delete());

const until = async (check: () => boolean) => {
	for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('LiveQuery', () => {
	it('is loading until the first result, then follows writes, and stops when unread', async () => {
		const query = new LiveQuery(() => db.meta.get('k'));
		const seen: unknown[] = [];
		const states: boolean[] = [];
		const stop = $effect.root(() => {
			$effect(() => {
				states.push(query.loading);
				seen.push(query.current);
			});
		});
		flushSync();
		expect(states[0]).toBe(true);
		await until(() => !query.loading);
		expect(query.loading).toBe(false);
		expect(query.current).toBeUndefined(); // "no row" is not "loading"

		await db.meta.put({ key: 'k', value: 1 });
		await until(() => seen.some((v) => (v as { value?: number } | undefined)?.value === 1));
		expect(seen.at(-1)).toEqual({ key: 'k', value: 1 });

		stop();
		await db.meta.put({ key: 'k', value: 2 });
		await new Promise((r) => setTimeout(r, 50));
		expect(seen.at(-1)).toEqual({ key: 'k', value: 1 });
	});

	it('exposes a failing query as an error, not as an empty result', async () => {
		const query = new LiveQuery<number>(() => Promise.reject(new Error('boom')));
		const stop = $effect.root(() => {
			$effect(() => void query.error);
		});
		await until(() => !query.loading);
		expect(query.error).toBeInstanceOf(Error);
		stop();
	});
});
