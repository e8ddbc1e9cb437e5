// Debian's Chromium, launched the one way that works on these machines (see the shared
// toolchain notes): Playwright's own browsers are never downloaded, and without the
// background-networking flags Chromium floods the closed network with retries.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromiumFlags, chromiumPath } from '../chromium.mjs';
import { onCleanup } from './cleanup.mjs';

export const CHROMIUM_PATH = chromiumPath;

export const CHROMIUM_FLAGS = ['--headless=new', ...chromiumFlags];

/** @returns {Promise<string | null>} e.g. "Chromium 156.0.8078.108" */
export async function chromiumVersion() {
	try {
		const { stdout } = await promisify(execFile)(CHROMIUM_PATH, ['--version']);
		return stdout.match(/[\w ]*?\d+\.\d+\.\d+\.\d+/)?.[0].trim() ?? stdout.trim();
	} catch {
		return null;
	}
}

/**
 * Playwright options for Debian's Chromium. `headless: false` because the flags above already
 * ask for the new headless mode; Playwright's own `headless: true` would add a second,
 * different `--headless` switch.
 */
const launchOptions = {
	executablePath: CHROMIUM_PATH,
	headless: false,
	args: CHROMIUM_FLAGS,
	// The bench's own signal handlers close the browser (cleanup.mjs).
	handleSIGINT: false,
	handleSIGTERM: false,
	handleSIGHUP: false
};

/**
 * Both the measurement (finally) and the cleanup (on a signal) may close a browser: share one
 * closing instead of racing two.
 * @param {() => Promise<void>} fn
 * @returns {() => Promise<void>}
 */
function once(fn) {
	/** @type {Promise<void> | null} */
	let done = null;
	return () => (done ??= fn());
}

/**
 * A plain browser (its contexts are incognito-like, fine for loading pages).
 * @returns {Promise<{ browser: import('@playwright/test').Browser, close: () => Promise<void> }>}
 */
export async function launchBrowser() {
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch(launchOptions);
	const close = once(async () => {
		unregister();
		await browser.close();
	});
	const unregister = onCleanup(close);
	return { browser, close };
}

/**
 * A browser with a real profile on disk. Needed for anything about installing the app:
 * Chromium reports "in-incognito" as an installability error in Playwright's default contexts.
 * @returns {Promise<{ context: import('@playwright/test').BrowserContext, close: () => Promise<void> }>}
 */
export async function launchPersistentContext() {
	const { chromium } = await import('@playwright/test');
	const profile = await mkdtemp(path.join(tmpdir(), 'collectif-bench-'));
	const context = await chromium.launchPersistentContext(profile, launchOptions);
	const close = once(async () => {
		unregister();
		await context.close();
		// Chromium may still be flushing its profile for a moment after closing.
		await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	});
	const unregister = onCleanup(close);
	return { context, close };
}

/**
 * Open `url` and return once an activated service worker controls the page. The first visit is
 * never controlled (the worker does not claim clients), and `navigator.serviceWorker.ready` can
 * resolve while the worker is still activating, so: wait for activation, then reload.
 * @param {import('@playwright/test').Page} page
 * @param {string} url
 * @param {number} [timeout]
 */
export async function openControlledPage(page, url, timeout = 30_000) {
	await page.goto(url);
	// page.evaluate has no timeout of its own: the page rejects if no worker activates in time.
	await page.evaluate(async (timeout) => {
		const activated = (async () => {
			const registration = await navigator.serviceWorker.ready;
			const worker = registration.active;
			if (!worker || worker.state === 'activated') return;
			await new Promise((resolve) => {
				worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(null));
			});
		})();
		const late = new Promise((_, reject) =>
			setTimeout(() => reject(new Error('no service worker activated')), timeout)
		);
		await Promise.race([activated, late]);
	}, timeout);
	const controlled = await page.evaluate(
		() => navigator.serviceWorker.controller?.state === 'activated'
	);
	if (!controlled) await page.reload();
	await page.waitForFunction(
		() => navigator.serviceWorker.controller?.state === 'activated',
		null,
		{
			timeout
		}
	);
}
