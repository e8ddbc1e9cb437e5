import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('a phone screenshot of the home screen is saved as a test artefact', async ({
	page
}, testInfo) => {
	await openApp(page);
	const path = testInfo.outputPath('home-phone.png');
	await page.screenshot({ path, fullPage: true });
	await testInfo.attach('home-phone', { path, contentType: 'image/png' });
	await expect(page.getByTestId('checkin-button')).toBeVisible();
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('nothing overflows sideways and touch targets are at least 44 px', async ({ page }) => {
		for (const path of ['/', '/rituals', '/hours', '/community', '/me']) {
			await openApp(page, path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
		for (const link of await page.getByRole('navigation').getByRole('link').all()) {
			expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		}
		expect(
			(await page.getByRole('radio').first().locator('..').boundingBox())!.height
		).toBeGreaterThanOrEqual(44);
	});
});

test('keyboard users can skip to the content and reach the check-in', async ({ page }) => {
	await openApp(page);
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('checkin-button')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
});

test.describe('dark theme', () => {
	test.use({ colorScheme: 'dark' });
	test('follows the device and can be forced to light', async ({ page }) => {
		await openApp(page, '/me');
		const background = () =>
			page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
		expect(await background()).toBe('rgb(31, 26, 23)');
		await page.getByRole('radio', { name: 'Clair' }).check();
		expect(await background()).toBe('rgb(250, 246, 241)');
		await page.reload();
		expect(await background()).toBe('rgb(250, 246, 241)');
	});
});
