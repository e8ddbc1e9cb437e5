import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('the persona switcher lets a newcomer try every role', async ({ page }) => {
	await openApp(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Camille');
	await expect(page.getByRole('link', { name: 'Espace hôte' })).toHaveCount(0);

	await page.getByRole('link', { name: 'Moi' }).click();
	await page.getByRole('radio', { name: /Sophie/ }).check();
	await page.getByRole('link', { name: 'Espace hôte' }).click();
	await expect(page.getByRole('heading', { name: 'Membres', exact: true })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'Camille Dubois' })).toBeVisible();

	await page.getByRole('link', { name: 'Moi' }).click();
	await page.getByRole('radio', { name: /Malik/ }).check();
	await page.reload();
	await page.getByRole('link', { name: 'Accueil' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Malik');
	await page.goto('/host');
	await expect(page.getByText('Cet espace est réservé aux hôtes')).toBeVisible();
});

test('reset demo puts the demo back as it was', async ({ page }) => {
	await openApp(page);
	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await page.getByRole('link', { name: 'Moi' }).click();
	await page.getByRole('button', { name: 'Réinitialiser la démo' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Réinitialiser la démo' }).click();
	await expect(page.getByRole('status')).toContainText('Démo réinitialisée');
	await page.getByRole('link', { name: 'Accueil' }).click();
	await expect(page.getByTestId('checkin-status')).toContainText("Vous n'êtes pas enregistré·e");
});

test('every screen has content and a bottom navigation', async ({ page }) => {
	const screens: [path: string, heading: string, tab: string][] = [
		['/rituals', 'Rituels', 'Rituels'],
		['/hours', 'Mes heures', 'Heures'],
		['/community', 'Collectif', 'Collectif'],
		['/me', 'Moi', 'Moi']
	];
	for (const [path, heading, tab] of screens) {
		await openApp(page, path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expect(page.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
	}
	await openApp(page, '/rituals');
	await expect(
		page.getByRole('heading', { name: 'Déjeuner partagé du jeudi' }).first()
	).toBeVisible();
	await expect(page.getByText(/Dessert : \d places?/).first()).toBeVisible();
});

test('others see a count of who is here; a name only for those who chose to appear', async ({
	page
}) => {
	await openApp(page);
	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await page.getByRole('link', { name: 'Collectif' }).click();
	await expect(page.getByTestId('presence-count')).toBeVisible();
	await expect(page.getByText(/Visibles :.*Camille Dubois/)).toHaveCount(0);

	await page.getByRole('link', { name: 'Moi' }).click();
	await page.getByRole('checkbox', { name: /Montrer mon nom aux autres membres/ }).check();
	await page.getByRole('link', { name: 'Collectif' }).click();
	await expect(page.getByText(/Visibles :.*Camille Dubois/)).toBeVisible();

	await page.reload();
	await expect(page.getByText(/Visibles :.*Camille Dubois/)).toBeVisible();
});
