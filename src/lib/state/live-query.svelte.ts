import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

/**
 * A Dexie live query as reactive state. It subscribes while something reads it (in a component
 * or an effect) and unsubscribes when nothing does. `loading` stays true until the first result:
 * "no row found" (`current === undefined`, `loading === false`) and "not loaded yet" differ.
 * To follow reactive inputs, create it in a `$derived`: a new input makes a new query.
 */
export class LiveQuery<T> {
	// Raw: a result is replaced whole on every change, never mutated, so it needs no deep proxy
	// (proxying a result costs a trap on every read of its rows: a host's lists, a year of visits).
	#current = $state.raw<T | undefined>(undefined);
	#loading = $state(true);
	#error = $state<unknown>(undefined);
	#subscribe: () => void;

	constructor(query: () => Promise<T> | T) {
		this.#subscribe = createSubscriber(() => {
			const subscription = liveQuery(query).subscribe({
				next: (value) => {
					this.#current = value;
					this.#error = undefined;
					this.#loading = false;
				},
				error: (error: unknown) => {
					this.#error = error;
					this.#loading = false;
				}
			});
			return () => subscription.unsubscribe();
		});
	}

	get current(): T | undefined {
		this.#subscribe();
		return this.#current;
	}

	get loading(): boolean {
		this.#subscribe();
		return this.#loading;
	}

	get error(): unknown {
		this.#subscribe();
		return this.#error;
	}
}
