import { copyFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { openApp } from './helpers';

/**
 * A member's hours in the demo, as Camille (the nomad persona, a 10 h pack): check in and out on
 * the home screen, each visit's breakdown on /hours, the forgotten check-out of the last weekday
 * (the demo seeds one, closed at 20:00) to confirm or correct, the host's welcome credit, a
 * top-up request when hours run out. A phone viewport, in French.
 *
 * The screenshots go to the test output; `SAVE_SCREENSHOTS=1` also refreshes the README's copies
 * in docs/screenshots.
 */

/** The screenshots the README shows. */
const readme = ['home-phone', 'hours-phone'];
const DEMO_SPACE_ID = '6f1c1e0a-5d1b-4c52-9a57-2f6f0d9b1a01';
const CAMILLE = 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e02';

async function screenshot(page: Page, testInfo: TestInfo, name: string, wholePage = false) {
	const path = testInfo.outputPath(`${name}.png`);
	const viewport = page.viewportSize()!;
	// The whole page as on a tall phone: the bottom navigation stays at the bottom.
	if (wholePage) {
		const height = await page.evaluate(() => document.documentElement.scrollHeight);
		await page.setViewportSize({ width: viewport.width, height });
	}
	await page.screenshot({ path, animations: 'disabled' });
	if (wholePage) await page.setViewportSize(viewport);
	await testInfo.attach(name, { path, contentType: 'image/png' });
	if (process.env.SAVE_SCREENSHOTS && readme.includes(name)) {
		await copyFile(path, `docs/screenshots/${name}.png`);
	}
}

/** Waits until the demo's six weeks of visits are in (they are written after the first paint). */
async function openHours(page: Page) {
	await openApp(page, '/hours');
	await expect(page.getByTestId('visit-history').getByRole('listitem').first()).toBeVisible();
}

/**
 * A host's debit of Camille's hours, written straight into the demo database (what the host's
 * screens will do through `adjustment.create@1`); the page is reloaded to read it.
 */
async function debitCamille(page: Page, minutes: number) {
	await openHours(page);
	await page.evaluate(
		async ({ spaceId, userId, minutes }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('collectif-demo');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const now = new Date();
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction('adjustments', 'readwrite');
				tx.objectStore('adjustments').put({
					id: crypto.randomUUID(),
					spaceId,
					userId,
					minutes: -minutes,
					contractId: null,
					localDate: now.toISOString().slice(0, 10),
					reason: 'Salle de réunion réservée',
					createdBy: userId,
					createdAt: now.toISOString()
				});
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		},
		{ spaceId: DEMO_SPACE_ID, userId: CAMILLE, minutes }
	);
	await openApp(page, '/');
}

test('check in, see the timer and the balance, check out, then the visit and its breakdown', async ({
	page
}, testInfo) => {
	await openHours(page);
	await openApp(page, '/');
	const balance = page.getByTestId('balance');
	await expect(balance).toContainText('Heures restantes');
	await expect(balance).toContainText(/\d+\sh|\d+\smin/);
	await expect(page.getByTestId('billed-today')).toHaveText(/\d+\smin|\d+\sh/);

	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	const timer = page.getByTestId('checkin-timer');
	await expect(timer).toHaveText(/00:00:0\d/);
	await expect(timer).not.toHaveText('00:00:00', { timeout: 3000 });
	await expect(page.getByTestId('billed-today')).toBeVisible();
	await page.getByRole('status').getByRole('button', { name: 'Fermer' }).click();
	await screenshot(page, testInfo, 'home-phone');

	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText("Vous n'êtes pas enregistré·e");

	await page.getByRole('link', { name: 'Comment mes heures sont comptées' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes heures');
	const latest = page.getByTestId('visit-history').getByRole('listitem').first();
	// A visit of a few seconds is under the grace: free, and said so.
	await expect(latest).toContainText(/→ \d\d:\d\d · 0\smin, moins de 10\smin : offert/);
	await expect(page.getByTestId('visit-history')).toContainText(
		/\d\d:\d\d → \d\d:\d\d · [\d\sh]+min, arrondi au quart d'heure supérieur : /
	);
	await expect(page.getByTestId('visit-history')).toContainText('Pris sur Carnet 10 h');
	await expect(page.getByTestId('hours-balance')).toContainText(/Il vous reste .+\./);
	await expect(page.getByTestId('contract-list')).toContainText(/Reste .+ sur 10\sh · expire le/);
	// The host's welcome credit, with its reason.
	await expect(page.getByTestId('adjustments')).toContainText('Crédit de 1 h');
	await expect(page.getByTestId('adjustments')).toContainText(
		'Heure offerte : bienvenue à La Cantine'
	);
});

test('a forgotten check-out is corrected, with the rules checked before sending', async ({
	page
}, testInfo) => {
	await openHours(page);
	const review = page.getByTestId('review');
	await expect(review).toContainText('À vérifier');
	const item = review.getByTestId('review-item');
	await expect(item).toHaveCount(1);
	await expect(item).toContainText('13:10 → 20:00');
	await expect(page.getByTestId('visit-history')).toContainText('fermé automatiquement');
	await screenshot(page, testInfo, 'hours-phone', true);

	await item.getByRole('button', { name: 'Corriger' }).click();
	const input = item.getByLabel('Heure réelle de départ');
	await expect(input).toHaveValue('20:00');
	await input.fill('21:00');
	await item.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(item.getByRole('alert')).toHaveText(
		/Le départ ne peut pas être après la fermeture automatique \(20:00\)\./
	);
	await input.fill('12:00');
	await item.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(item.getByRole('alert')).toHaveText(/précéder l'arrivée \(13:10\)/);

	await input.fill('17:30');
	await item.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByRole('status')).toContainText('Heure de départ corrigée : 17:30.');
	await expect(review).toHaveCount(0);
	await expect(page.getByTestId('visit-history')).toContainText(
		/13:10 → 17:30 · 4\sh\s20\smin, arrondi au quart d'heure supérieur : 4\sh\s30\smin/
	);
	await expect(page.getByTestId('visit-history')).toContainText('vérifié');
});

test('a forgotten check-out is confirmed as it is', async ({ page }) => {
	await openHours(page);
	const item = page.getByTestId('review-item');
	await item.getByRole('button', { name: 'Confirmer' }).click();
	await expect(page.getByRole('status')).toContainText('Passage confirmé.');
	await expect(page.getByTestId('review')).toHaveCount(0);
	await expect(page.getByTestId('visit-history')).toContainText(
		/13:10 → 20:00 · 6\sh\s50\smin, arrondi au quart d'heure supérieur : 7\sh/
	);
});

test('running out of hours: the debt, a top-up request, and a check-in that asks to see a host', async ({
	page
}, testInfo) => {
	// Past the space's overdraft limit (10 h): a large debit.
	await debitCamille(page, 15 * 60);
	const balance = page.getByTestId('balance');
	await expect(balance).toContainText('À découvert');
	await expect(balance).toContainText(/−\d+\sh/);

	await balance.getByRole('button', { name: 'Demander des heures' }).click();
	const dialog = page.getByRole('dialog', { name: 'Demander des heures' });
	await dialog.getByRole('radio', { name: 'Carnet 10 h' }).check();
	await dialog.getByLabel('Message (facultatif)').fill('Je passe demain matin.');
	await dialog.getByRole('button', { name: 'Envoyer la demande' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByTestId('topup-pending')).toHaveText(
		"Demande envoyée, en attente d'un·e hôte."
	);

	// Never locked out: the check-in asks first, then goes on.
	await page.getByTestId('checkin-button').click();
	const ask = page.getByRole('alert').filter({ hasText: 'passez voir un·e hôte' });
	await expect(ask).toBeVisible();
	await screenshot(page, testInfo, 'home-overdraft-phone');
	await ask.getByRole('button', { name: 'Arriver quand même' }).click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');

	await openApp(page, '/hours');
	await expect(page.getByTestId('hours-balance')).toContainText(/Vous devez .+ : votre prochain/);
	await expect(page.getByTestId('adjustments')).toContainText('Débit de 15 h');
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('the home and hours screens fit, with 44 px targets', async ({ page }) => {
		await openHours(page);
		for (const path of ['/', '/hours']) {
			await openApp(page, path);
			if (path === '/hours') await expect(page.getByTestId('review')).toBeVisible();
			else await expect(page.getByTestId('balance')).toContainText('Heures restantes');
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
			for (const button of await page.locator('main button, main a.button').all()) {
				expect((await button.boundingBox())!.height, path).toBeGreaterThanOrEqual(44);
			}
		}
	});
});
