import { chromium, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, waitForServiceWorker } from './helpers';

test('after one visit the app starts, works and keeps its data with the network off', async ({
	page,
	context
}) => {
	await openApp(page);
	await waitForServiceWorker(page);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('sync-status')).toContainText('Hors ligne');
	await expect(page.getByTestId('checkin-status')).toContainText("Vous n'êtes pas enregistré·e");

	// A mutation while offline: written to IndexedDB at once.
	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await expect(page.getByRole('status')).toContainText('Arrivée enregistrée');

	// It survives a reload, still offline, and shows in the history of a deep link.
	await page.reload();
	await expect(page.getByTestId('checkin-status')).toContainText('Présent·e depuis');
	await page.goto('/hours');
	await expect(page.getByRole('heading', { name: 'Mes heures' })).toBeVisible();
	await expect(page.getByTestId('visit-history').locator('li').first()).toContainText('en cours');

	// Checking out offline works too.
	await page.goto('/');
	await page.getByTestId('checkin-button').click();
	await expect(page.getByTestId('checkin-status')).toContainText("Vous n'êtes pas enregistré·e");
});

test('the web app manifest is complete and Chromium finds no installability error', async ({
	browserName
}, testInfo) => {
	expect(browserName).toBe('chromium');
	// Installability is never reported in incognito-like contexts: use a real profile.
	const profile = await mkdtemp(join(tmpdir(), 'collectif-profile-'));
	const { launchOptions, baseURL } = testInfo.project.use;
	const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
	try {
		const page = await context.newPage();
		await openApp(page);
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		const manifest = (await (await context.request.get(href!)).json()) as {
			start_url: string;
			display: string;
			icons: { sizes: string; purpose?: string }[];
		};
		expect(manifest.start_url).toBe('/');
		expect(manifest.display).toBe('standalone');
		expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
			expect.arrayContaining(['192x192', '512x512'])
		);
		expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: unknown[];
		};
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
});
