import { expect, type Page } from '@playwright/test';

/** Opens a page and waits until the app has rendered its data (the demo is seeded). */
export async function openApp(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await loaded(page);
}

/**
 * Waits until the screen has its data. On a first visit some screens (hours, the mirror, an
 * occurrence) wait for the demo's history, written for a few seconds after the first screen.
 */
export async function loaded(page: Page): Promise<void> {
	await expect(page.locator('main')).not.toContainText(/Chargement|Loading/, { timeout: 15_000 });
}

/**
 * Waits until the service worker controls the page (so it can serve it offline). The worker
 * precaches the whole app on install (a few seconds on a busy machine); a page loaded before it
 * was active is not controlled, the next load is. Reload only once a worker is active: reloading
 * in the middle of its install starts it over.
 */
export async function waitForServiceWorker(page: Page, timeout = 45_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (Date.now() < deadline) {
		const state = await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			return {
				controlled: navigator.serviceWorker.controller?.state === 'activated',
				active: registration?.active?.state === 'activated'
			};
		});
		if (state.controlled) return;
		if (state.active) await page.reload();
		else await page.waitForTimeout(500);
	}
	throw new Error('the service worker never took control of the page');
}
