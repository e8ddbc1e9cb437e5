/** The part of the Web Locks API (`navigator.locks`) used here. */
export interface LockManagerLike {
	request(
		name: string,
		options: { signal?: AbortSignal },
		callback: (lock: unknown) => Promise<unknown>
	): Promise<unknown>;
}

export const leaderLockName = (userId: string): string => `collectif-sync:${userId}`;

/**
 * One syncing tab per user (reliability item 13): the tab that holds the Web Lock
 * `collectif-sync:<userId>` runs `start()` and keeps the lock for as long as it lives; the other
 * tabs of that user queue on the lock, and the browser hands it to the next one when the holder
 * closes or crashes. The returned function leaves (and stops the sync that `start` began).
 *
 * Without `navigator.locks` (old browsers, some embedded web views), this tab syncs on its own:
 * two tabs could then sync at once, which the protocol tolerates (pushes are idempotent, ids are
 * per device and the server refuses a gap), at the cost of duplicate requests.
 */
export function whileLeader(
	userId: string,
	start: () => () => void,
	locks: LockManagerLike | undefined = (globalThis as { navigator?: { locks?: LockManagerLike } })
		.navigator?.locks
): () => void {
	if (!locks) {
		const stop = start();
		let left = false;
		return () => {
			if (left) return;
			left = true;
			stop();
		};
	}
	const abort = new AbortController();
	let release: (() => void) | undefined;
	let left = false;
	locks
		.request(leaderLockName(userId), { signal: abort.signal }, () => {
			if (left) return Promise.resolve();
			const stop = start();
			return new Promise<void>((resolve) => {
				release = () => {
					stop();
					resolve();
				};
			});
		})
		.catch(() => undefined); // aborted while waiting: this tab left before its turn
	return () => {
		if (left) return;
		left = true;
		if (release) release();
		else abort.abort();
	};
}
