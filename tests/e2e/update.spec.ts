import { expect, test } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { openApp, waitForServiceWorker } from './helpers';

// `vite preview` serves the SvelteKit client output; its static server keeps each file's length,
// so the "new release" changes bytes in place: one hex digit of a precache revision.
const servedWorker = '.svelte-kit/output/client/sw.js';

async function deployNextRelease(): Promise<() => Promise<void>> {
	const original = await readFile(servedWorker, 'utf8');
	const next = original.replace(/revision:"([0-9a-f])/, (_, digit: string) => {
		return `revision:"${digit === '0' ? '1' : '0'}`;
	});
	expect(next).not.toBe(original);
	await writeFile(servedWorker, next);
	return () => writeFile(servedWorker, original);
}

test('a new deployed version is offered, never forced, and applied on request', async ({
	page
}) => {
	test.setTimeout(90_000);
	await openApp(page);
	await waitForServiceWorker(page);
	await page.getByTestId('checkin-button').click(); // the user is in the middle of something

	const restore = await deployNextRelease();
	try {
		await page.evaluate(async () => {
			await (await navigator.serviceWorker.getRegistration())?.update();
		});
		const prompt = page
			.getByRole('alert')
			.filter({ hasText: 'Une nouvelle version est disponible' });
		// The new worker precaches the whole app before it waits: a few seconds on a busy machine.
		await expect(prompt).toBeVisible({ timeout: 30_000 });
		// Nothing reloaded by itself: what the user just did is still on screen.
		await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');

		const reloaded = page.waitForEvent('load');
		await prompt.getByRole('button', { name: 'Mettre à jour' }).click();
		await reloaded;
		await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
		await expect(prompt).toHaveCount(0);
		expect(
			await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting)
		).toBeNull();
	} finally {
		await restore();
	}
});

test('a tab whose local database is upgraded by a newer tab asks for a reload', async ({
	page,
	context
}) => {
	await openApp(page);
	const newer = await context.newPage();
	await newer.goto('/robots.txt');
	// What a newer release does when it opens the database with a higher schema version.
	await newer.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('collectif-demo', 9999);
				request.onsuccess = () => {
					request.result.close();
					resolve();
				};
				request.onerror = () => reject(request.error);
			})
	);
	await expect(page.getByRole('alert')).toContainText(
		"Une version plus récente de l'application est ouverte dans un autre onglet"
	);
	await expect(page.getByRole('button', { name: 'Recharger' })).toBeVisible();
});
