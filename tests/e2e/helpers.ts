import { expect, type Page } from '@playwright/test';

/** Opens a page and waits until the app has rendered its data (the demo is seeded). */
export async function openApp(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await expect(page.locator('main')).not.toContainText(/Chargement|Loading/, { timeout: 15_000 });
}

/** Waits until the service worker controls the page (so it can serve it offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		return registration?.active?.state === 'activated';
	});
	// A page loaded before the worker existed is not controlled; the next load is. Chromium may
	// still hand a load that follows activation very closely to the network, so try a few times.
	for (let attempt = 0; attempt < 5; attempt++) {
		const controlled = await page.evaluate(
			() => navigator.serviceWorker.controller?.state === 'activated'
		);
		if (controlled) return;
		await page.waitForTimeout(200 * attempt);
		await page.reload();
	}
	throw new Error('the service worker never took control of the page');
}
