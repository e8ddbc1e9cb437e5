import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('a French browser gets French; the language switch persists across reloads', async ({
	page
}) => {
	await openApp(page);
	await expect(page.getByTestId('checkin-button')).toHaveText('Arriver');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

	await page.getByRole('link', { name: 'Moi' }).click();
	await page.getByRole('radio', { name: 'English' }).check();
	await expect(page.getByRole('heading', { name: 'Me', exact: true })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	await page.goto('/');
	await expect(page.getByTestId('checkin-button')).toHaveText('Check in');
	await page.reload();
	// The bottom navigation's link (the home's rituals block, loaded after the first paint, has
	// "All the space's rituals").
	await expect(page.getByRole('link', { name: 'Rituals', exact: true })).toBeVisible();
});

test.describe('an English browser', () => {
	test.use({ locale: 'en-GB' });
	test('gets English first', async ({ page }) => {
		await openApp(page);
		await expect(page.getByTestId('checkin-button')).toHaveText('Check in');
	});
});
