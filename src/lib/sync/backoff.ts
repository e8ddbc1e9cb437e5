/**
 * How long to wait before retry number `attempt` (0 for the first retry): "full jitter", a random
 * delay up to an exponentially growing ceiling, so that many devices coming back online at once do
 * not retry in step. `random` is injectable so tests are exact.
 */
export function retryDelayMs(
	attempt: number,
	random: () => number = Math.random,
	{ baseMs = 1_000, capMs = 60_000 }: { baseMs?: number; capMs?: number } = {}
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
	return Math.floor(random() * ceiling);
}
