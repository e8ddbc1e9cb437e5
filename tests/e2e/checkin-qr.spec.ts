import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

/**
 * The page a space's QR poster opens (`/checkin?space=…&key=…`), in the demo: a malformed link,
 * a space the member is not in, a rotated key, then the poster's key and a check-in.
 */

const DEMO_SPACE_ID = '6f1c1e0a-5d1b-4c52-9a57-2f6f0d9b1a01';
const checkinPath = (space: string, key: string) =>
	`/checkin?${new URLSearchParams({ space, key }).toString()}`;

/** The demo space's poster key, as the host's device holds it (the demo seeds one). */
async function posterKey(page: Page): Promise<string> {
	await openApp(page, '/');
	const key = await page.evaluate(async (spaceId) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('collectif-demo');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const row = await new Promise<{ key?: string } | undefined>((resolve, reject) => {
			const get = db.transaction('spaceKeys').objectStore('spaceKeys').get(spaceId);
			get.onsuccess = () => resolve(get.result as { key?: string } | undefined);
			get.onerror = () => reject(get.error);
		});
		db.close();
		return row?.key;
	}, DEMO_SPACE_ID);
	expect(key, 'the demo seeds a QR key').toMatch(/^[A-Za-z0-9_-]{22}$/);
	return key!;
}

test('a malformed or foreign link explains itself and leads home', async ({ page }) => {
	await openApp(page, checkinPath(DEMO_SPACE_ID, 'bad key'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Arrivée par code QR');
	// An explanation, not an error: a status the screen reader reads politely.
	await expect(
		page.getByRole('status').filter({ hasText: "Ce lien d'arrivée n'est pas valable" })
	).toBeVisible();

	await openApp(page, checkinPath('0b7c1c4e-0000-4000-8000-000000000001', 'A'.repeat(22)));
	await expect(
		page.getByRole('status').filter({ hasText: "Vous n'êtes pas membre de cet espace" })
	).toBeVisible();
	await page.getByRole('link', { name: "Aller à l'accueil" }).click();
	await expect(page.getByTestId('checkin-button')).toBeVisible();
});

test('a rotated key is refused; the poster’s key checks in, and out', async ({ page }) => {
	const key = await posterKey(page);
	const wrong = key.startsWith('A') ? 'B'.repeat(22) : 'A'.repeat(22);

	await openApp(page, checkinPath(DEMO_SPACE_ID, wrong));
	await page.getByRole('button', { name: 'Arriver à La Cantine des Pentes' }).click();
	await expect(page.getByRole('alert')).toContainText("Ce code QR n'est plus valable");

	await openApp(page, checkinPath(DEMO_SPACE_ID, key));
	await page.getByRole('button', { name: 'Arriver à La Cantine des Pentes' }).click();
	await expect(page.getByRole('status')).toContainText('Arrivée enregistrée à');
	await expect(page.getByTestId('qr-status')).toContainText(
		/Vous êtes déjà enregistré·e ici, depuis \d\d:\d\d\./
	);

	await page.getByRole('link', { name: "Aller à l'accueil" }).click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await page.goBack();
	await page.getByRole('button', { name: 'Partir' }).click();
	await expect(page.getByRole('button', { name: 'Arriver à La Cantine des Pentes' })).toBeVisible();
});
