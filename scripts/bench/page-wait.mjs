// Waiting for a condition the page answers asynchronously (an IndexedDB read, say).
//
// Playwright's `page.waitForFunction` does not await a promise the function returns: a promise is
// truthy, so an async condition "holds" at once. Every condition that reads IndexedDB goes
// through `waitUntil`, which evaluates it (awaited) until it holds.

/**
 * Evaluates `condition(arg)` in the page, awaited, every `polling` ms until it is truthy.
 * @template A
 * @param {import('@playwright/test').Page} page
 * @param {(arg: A) => Promise<unknown> | unknown} condition
 * @param {A} arg
 * @param {{ timeout: number, polling?: number, what: string }} options
 */
export async function waitUntil(page, condition, arg, { timeout, polling = 250, what }) {
	const deadline = Date.now() + timeout;
	for (;;) {
		if (await page.evaluate(condition, arg)) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
		await page.waitForTimeout(polling);
	}
}
