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
	// The first visit is not controlled until the next navigation.
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
		await page.reload();
	await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}
