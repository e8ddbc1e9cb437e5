import { on } from 'svelte/events';
import { createSubscriber } from 'svelte/reactivity';

/** `navigator.onLine` as reactive state (a hint: "online" does not promise a working network). */
class NetworkStatus {
	#subscribe = createSubscriber((update) => {
		const offOnline = on(window, 'online', update);
		const offOffline = on(window, 'offline', update);
		return () => {
			offOnline();
			offOffline();
		};
	});

	get online(): boolean {
		this.#subscribe();
		return typeof navigator === 'undefined' ? true : navigator.onLine;
	}
}

export const network = new NetworkStatus();
