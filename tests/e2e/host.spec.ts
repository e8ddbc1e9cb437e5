import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

/** Opens the demo as its host, Sophie, on a host screen. */
async function asHost(page: Page, path = '/host'): Promise<void> {
	await openApp(page, '/me');
	await page.getByRole('radio', { name: /Sophie/ }).check();
	await openApp(page, path);
	await expect(page.getByText('Cet espace est réservé aux hôtes')).toHaveCount(0);
}

const hostNav = (page: Page) =>
	page.getByRole('navigation', { name: "Rubriques de l'espace hôte" });

/** The file a click downloads, with its name and text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: button }).click()
	]);
	return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('a host sells, adjusts, checks in, reviews, exports and rotates the poster key', async ({
	page
}) => {
	await asHost(page);
	await expect(page.getByRole('heading', { name: 'Membres', exact: true })).toBeVisible();

	// A new plan, with a clear message for a missing name.
	await hostNav(page).getByRole('link', { name: 'Formules' }).click();
	await page.getByRole('button', { name: 'Nouvelle formule' }).click();
	await page.getByRole('textbox', { name: 'Heures', exact: true }).fill('5');
	await page.getByRole('textbox', { name: 'Validité (jours)' }).fill('30');
	await page.getByRole('button', { name: 'Créer la formule' }).click();
	await expect(page.getByText('À remplir.')).toBeVisible();
	await page.getByRole('textbox', { name: 'Nom' }).fill('Carnet 5 h e2e');
	await page.getByRole('button', { name: 'Créer la formule' }).click();
	await expect(page.getByText('Formule créée.')).toBeVisible();
	await expect(page.getByTestId('plan').filter({ hasText: 'Carnet 5 h e2e' })).toContainText(
		'valables 30 jours'
	);

	// Sold to a member, then a credit with its reason.
	await hostNav(page).getByRole('link', { name: 'Membres' }).click();
	await page.getByRole('searchbox', { name: 'Chercher un membre' }).fill('hugo');
	await page.getByRole('link', { name: 'Hugo Lefèvre' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hugo Lefèvre');
	await page.getByRole('combobox', { name: 'Formule' }).selectOption({ label: 'Carnet 5 h e2e' });
	await page.getByRole('button', { name: 'Vendre', exact: true }).click();
	await expect(page.getByText('Contrat « Carnet 5 h e2e » accordé à Hugo Lefèvre.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Contrats' }).locator('..')).toContainText(
		'Carnet 5 h e2e'
	);
	await page.getByRole('textbox', { name: 'Durée' }).fill('1:30');
	await page.getByRole('textbox', { name: 'Motif' }).fill('Café renversé sur son clavier');
	await page.getByRole('button', { name: "Enregistrer l'ajustement" }).click();
	await expect(page.getByText('Ajustement enregistré.')).toBeVisible();
	await expect(
		page.getByTestId('adjustment').filter({ hasText: 'Café renversé sur son clavier' })
	).toContainText('+1 h 30 min');

	// Checked in on their behalf: the presence count rises by one.
	await hostNav(page).getByRole('link', { name: 'Présences' }).click();
	const count = page.getByTestId('host-presence-count').locator('strong');
	const before = Number(await count.textContent());
	await page.getByRole('searchbox', { name: 'Chercher un membre' }).fill('aïcha');
	await page.getByRole('button', { name: 'Faire arriver Aïcha Diallo' }).click();
	await expect(page.getByText('Aïcha Diallo est arrivé·e.')).toBeVisible();
	await expect(count).toHaveText(String(before + 1));
	await expect(
		page.getByTestId('present-member').filter({ hasText: 'Aïcha Diallo' })
	).toBeVisible();

	// Review: a forgotten check-out confirmed, another corrected in the space's time.
	await hostNav(page).getByRole('link', { name: 'À revoir' }).click();
	const lea = page.getByTestId('review-item').filter({ hasText: 'Léa Fontaine' });
	await expect(lea).toContainText('Fermé automatiquement');
	await page.getByRole('button', { name: 'Confirmer le passage de Léa Fontaine' }).click();
	await expect(page.getByText('Passage confirmé.')).toBeVisible();
	await expect(lea).toHaveCount(0);
	const camille = page.getByTestId('review-item').filter({ hasText: 'Camille Dubois' });
	await camille.getByRole('button', { name: 'Corriger' }).click();
	const start = await camille.getByLabel("Arrivée (heure de l'espace)").inputValue();
	await camille.getByLabel("Départ (heure de l'espace)").fill(`${start.slice(0, 10)}T17:45`);
	await camille.getByRole('button', { name: 'Enregistrer la correction' }).click();
	await expect(page.getByText('Passage corrigé.')).toBeVisible();
	await expect(camille).toHaveCount(0);

	// Exports: the visits and the hour history, as CSV files Excel reads in UTF-8.
	await hostNav(page).getByRole('link', { name: 'Export' }).click();
	await page.getByLabel('Du').fill('2020-01-01');
	const visits = await download(page, 'Exporter les passages');
	expect(visits.name).toMatch(/^collectif-visites-2020-01-01_\d{4}-\d{2}-\d{2}\.csv$/);
	expect(visits.text.charCodeAt(0)).toBe(0xfeff);
	expect(visits.text.slice(1).split('\r\n')[0]).toBe(
		'Membre,Date,Arrivée,Départ,Durée (min),Minutes décomptées,Règle,Fermé automatiquement,Signalé'
	);
	expect(visits.text).toMatch(/\r\nCamille Dubois,\d{4}-\d{2}-\d{2},\d\d:\d\d,17:45,/);
	const history = await download(page, "Exporter l'historique des heures");
	expect(history.name).toMatch(/^collectif-heures-2020-01-01_/);
	expect(history.text).toMatch(/Hugo Lefèvre,[\d-]+,contrat accordé,300,Carnet 5 h e2e,/);
	expect(history.text).toMatch(/Hugo Lefèvre,[\d-]+,crédit,90,,Café renversé sur son clavier/);

	// The poster: an SVG QR code of the check-in link; rotating the key changes it.
	await hostNav(page).getByRole('link', { name: 'Affiche QR' }).click();
	const qr = page.getByTestId('poster-qr');
	await expect(qr).toBeVisible();
	expect(await qr.evaluate((svg) => svg.tagName)).toBe('svg');
	await expect(page.getByText('Scannez pour arriver')).toBeVisible();
	const link = page.locator('.poster .link');
	const oldLink = await link.textContent();
	expect(oldLink).toMatch(/\/checkin\?space=[\w-]+&key=[\w-]{22}$/);
	const oldPath = await qr.locator('path').getAttribute('d');
	await page.getByRole('button', { name: 'Changer la clé' }).click();
	const dialog = page.getByRole('dialog', { name: "Changer la clé de l'affiche ?" });
	await expect(dialog).toContainText('Les affiches déjà imprimées ne fonctionneront plus');
	await dialog.getByRole('button', { name: 'Changer la clé' }).click();
	await expect(page.getByText('Nouvelle clé : imprimez la nouvelle affiche.')).toBeVisible();
	await expect(link).not.toHaveText(oldLink!);
	await expect(qr.locator('path')).not.toHaveAttribute('d', oldPath!);
});

test('space settings: capacity and hours, with a clear refusal', async ({ page }) => {
	await asHost(page, '/host/settings');
	await page.getByRole('textbox', { name: 'Capacité (places)' }).fill('12');
	await page.getByLabel('Ouverture').fill('21:00');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText("La fermeture doit suivre l'ouverture.")).toBeVisible();
	await page.getByLabel('Ouverture').fill('08:30');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Réglages enregistrés.')).toBeVisible();
	await hostNav(page).getByRole('link', { name: 'Présences' }).click();
	await expect(page.getByTestId('host-presence-count')).toContainText('sur 12 places');
});

test.describe('on a desktop screen', () => {
	test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

	test('members are a table with filters; open requests stand out', async ({ page }) => {
		await asHost(page);
		await expect(page.getByRole('columnheader', { name: 'Solde' })).toBeVisible();
		await page.getByRole('button', { name: /^À découvert \(\d+\)$/ }).click();
		await expect(page.getByTestId('member-row').first()).toContainText('À découvert');
		await page.getByRole('button', { name: /^Demandes \(1\)$/ }).click();
		const rows = page.getByTestId('member-row');
		await expect(rows).toHaveCount(1);
		await expect(rows).toContainText("Demande d'heures");
		await rows.getByRole('link').click();
		await expect(page.getByTestId('topup-request')).toContainText('reprendre un carnet');
		await page.getByRole('button', { name: 'Clore sans vendre' }).click();
		await expect(page.getByText('Demande close.')).toBeVisible();
		await expect(page.getByTestId('topup-request')).toHaveCount(0);
	});

	test('the kiosk checks a member in and out with two taps each', async ({ page }) => {
		await asHost(page, '/host/kiosk');
		await expect(page.locator('.kiosk time')).toHaveText(/^\d\d:\d\d$/);
		const count = page.getByTestId('kiosk-count');
		const before = Number((await count.textContent())!.split('/')[0]);
		await page.getByRole('searchbox', { name: 'Chercher votre nom' }).fill('julien');
		await page.getByTestId('kiosk-tile').filter({ hasText: 'Julien Roux' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Arriver' }).click();
		await expect(page.getByText('Bienvenue, Julien Roux !')).toBeVisible();
		await expect(count).toHaveText(new RegExp(`^${before + 1} / `));
		await page.getByRole('searchbox', { name: 'Chercher votre nom' }).fill('julien');
		await expect(page.getByTestId('kiosk-tile')).toContainText('ici depuis');
		await page.getByTestId('kiosk-tile').click();
		await page.getByRole('dialog').getByRole('button', { name: 'Partir' }).click();
		await expect(page.getByText('À bientôt, Julien Roux !')).toBeVisible();
		await expect(count).toHaveText(new RegExp(`^${before} / `));
	});
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	test('host screens fit without sideways scrolling', async ({ page }) => {
		await asHost(page);
		for (const path of [
			'/host',
			'/host/presence',
			'/host/review',
			'/host/plans',
			'/host/export',
			'/host/poster',
			'/host/settings',
			'/host/kiosk'
		]) {
			await openApp(page, path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
	});
});

test('members do not get the host screens', async ({ page }) => {
	await openApp(page, '/host/plans');
	await expect(page.getByText('Cet espace est réservé aux hôtes')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Nouvelle formule' })).toHaveCount(0);
});
