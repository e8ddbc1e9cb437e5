import type { CollectifDB } from '$lib/db/database';
import { observeOutbox } from '$lib/db/sync-store';
import type { Timers } from './engine';

/** What the triggers need of an engine. */
export interface Syncable {
	sync(): Promise<void>;
}

export interface TriggerOptions {
	/** Receives `online` (the window of the tab). */
	window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
	/** Receives `visibilitychange`; `visibilityState` says whether the tab is shown. */
	document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
		readonly visibilityState: DocumentVisibilityState;
	};
	/** The user's database: a change to its outbox, from this tab or another, triggers a sync. */
	db?: CollectifDB;
	timers?: Timers & {
		setInterval(callback: () => void, ms: number): unknown;
		clearInterval(handle: unknown): void;
	};
	/** Wait after a local write before syncing, so a burst of writes goes in one push. */
	debounceMs?: number;
	/** Sync this often while the tab is shown (others' changes). */
	intervalMs?: number;
}

/** Stops every trigger; `hint()`: the server has something new (a Realtime message), sync now. */
export type Triggers = (() => void) & { hint(): void };

/**
 * Wires an engine to what should make it sync: start, the browser coming `online`, the tab
 * shown again, a local write (debounced; observed on the outbox, so other tabs' writes count),
 * a timer while the tab is shown, and `hint()`. The engine coalesces overlapping requests.
 * Returns the function that stops them all.
 */
export function startTriggers(engine: Syncable, options: TriggerOptions): Triggers {
	const { window, document, db, debounceMs = 1_000, intervalMs = 60_000 } = options;
	const timers = options.timers ?? {
		setTimeout: (callback: () => void, ms: number) => globalThis.setTimeout(callback, ms),
		clearTimeout: (handle: unknown) =>
			globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
		setInterval: (callback: () => void, ms: number) => globalThis.setInterval(callback, ms),
		clearInterval: (handle: unknown) =>
			globalThis.clearInterval(handle as ReturnType<typeof setInterval>)
	};
	let stopped = false;
	let debounce: unknown;
	let interval: unknown;

	const sync = () => {
		if (!stopped) void engine.sync();
	};
	const visible = () => document.visibilityState === 'visible';
	const startInterval = () => {
		if (interval === undefined) interval = timers.setInterval(sync, intervalMs);
	};
	const stopInterval = () => {
		if (interval !== undefined) timers.clearInterval(interval);
		interval = undefined;
	};

	const onOnline = () => sync();
	const onVisibility = () => {
		if (visible()) {
			startInterval();
			sync();
		} else {
			stopInterval();
		}
	};
	window.addEventListener('online', onOnline);
	document.addEventListener('visibilitychange', onVisibility);
	if (visible()) startInterval();

	let first = true;
	const unobserve = db
		? observeOutbox(db, (count) => {
				// The first answer is the count at start: the start trigger below covers it.
				if (first) {
					first = false;
					return;
				}
				if (count === 0) return;
				if (debounce !== undefined) timers.clearTimeout(debounce);
				debounce = timers.setTimeout(() => {
					debounce = undefined;
					sync();
				}, debounceMs);
			})
		: () => undefined;

	sync();

	const stop = () => {
		stopped = true;
		window.removeEventListener('online', onOnline);
		document.removeEventListener('visibilitychange', onVisibility);
		stopInterval();
		if (debounce !== undefined) timers.clearTimeout(debounce);
		unobserve();
	};
	return Object.assign(stop, { hint: sync });
}
