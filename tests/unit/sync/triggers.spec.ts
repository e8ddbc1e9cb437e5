import { describe, expect, it, vi } from 'vitest';
import { startTriggers } from '$lib/sync/triggers';
import { applyMutation } from '$lib/db/apply';
import { freshDb } from '../db/harness';
import { ManualTimers } from './fakes';

class FakeDocument extends EventTarget {
	visibilityState: DocumentVisibilityState = 'visible';
	show(state: DocumentVisibilityState) {
		this.visibilityState = state;
		this.dispatchEvent(new Event('visibilitychange'));
	}
}

function setup() {
	const engine = { calls: 0, sync: () => (engine.calls++, Promise.resolve()) };
	const window = new EventTarget();
	const document = new FakeDocument();
	const timers = new ManualTimers();
	return { engine, window, document, timers };
}

describe('what makes the engine sync', () => {
	it('start, online, the tab shown again, a hint; nothing once stopped', () => {
		const { engine, window, document, timers } = setup();
		const stop = startTriggers(engine, { window, document, timers });
		expect(engine.calls).toBe(1);
		window.dispatchEvent(new Event('online'));
		expect(engine.calls).toBe(2);
		document.show('hidden');
		expect(engine.calls).toBe(2);
		document.show('visible');
		expect(engine.calls).toBe(3);
		stop.hint();
		expect(engine.calls).toBe(4);
		stop();
		window.dispatchEvent(new Event('online'));
		document.show('visible');
		stop.hint();
		expect(engine.calls).toBe(4);
		expect(timers.pending.size).toBe(0);
	});

	it('a timer while the tab is shown, none while hidden', () => {
		const { engine, window, document, timers } = setup();
		const stop = startTriggers(engine, { window, document, timers, intervalMs: 60_000 });
		expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
		timers.fire(true);
		expect(engine.calls).toBe(2);
		document.show('hidden');
		expect(timers.pending.size).toBe(0);
		document.show('visible');
		expect(timers.pending.size).toBe(1);
		stop();
	});

	it('a local write (from any tab: the outbox is observed) syncs once after the debounce', async () => {
		const { engine, window, document, timers } = setup();
		const db = freshDb();
		const stop = startTriggers(engine, {
			window,
			document,
			timers,
			db,
			debounceMs: 1000,
			intervalMs: 60_000
		});
		await vi.waitFor(() => expect(timers.pending.size).toBe(1)); // the interval only
		const write = (name: string) =>
			applyMutation(db, {
				actorId: 'u',
				name: 'profile.update@1',
				args: { displayName: name, locale: 'fr' }
			});
		await write('A');
		await write('B');
		await vi.waitFor(() =>
			expect(timers.delays.filter((ms) => ms === 1000).length).toBeGreaterThan(0)
		);
		const debounces = [...timers.pending.entries()].filter(([, t]) => t.ms === 1000);
		expect(debounces).toHaveLength(1);
		const before = engine.calls;
		debounces[0]![1].callback();
		expect(engine.calls).toBe(before + 1);
		stop();
	});
});
