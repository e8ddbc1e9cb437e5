import type { CollectifDB } from './database';

/**
 * Where the demo device keeps its sign-up commit order (`meta`). On the server a sign-up's `rank`
 * is the space's version at its insert; a device that is its own authority (the demo) numbers
 * the sign-ups it accepts from this counter instead, in the order it accepts them.
 */
export const SIGNUP_RANK = 'signupRank';

/**
 * Hands out the next sign-up ranks, inside the caller's read-write transaction. The counter's
 * write is handed to `send` when given (the caller awaits it with its other writes), else awaited.
 */
export class RankCounter {
	#last: number | undefined;

	constructor(
		private readonly db: CollectifDB,
		private readonly send?: (write: Promise<unknown>) => void
	) {}

	async next(): Promise<number> {
		this.#last ??= ((await this.db.meta.get(SIGNUP_RANK))?.value as number | undefined) ?? 0;
		this.#last++;
		const write = this.db.meta.put({ key: SIGNUP_RANK, value: this.#last });
		if (this.send) this.send(write);
		else await write;
		return this.#last;
	}
}
