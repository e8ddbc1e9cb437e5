import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import ICAL from 'ical.js';
import { openApp, waitForServiceWorker } from './helpers';

/**
 * Rituals for members, on the demo (a phone, in French). The demo seeds a weekly Thursday lunch
 * (14 places, the next one full with a waitlist and a dessert still wanted, the one after
 * cancelled by the host), a first-Monday breakfast and a fortnightly afterwork; Camille (the
 * default persona) helps tidy up at the next lunch. Tests avoid exact counts where they can.
 */

const LUNCH = 'Déjeuner partagé du jeudi';

/** Waits until the list is there (the demo's sign-ups are written after the first paint). */
async function openRituals(page: Page) {
	await openApp(page, '/rituals');
	await expect(page.getByTestId('occurrence').first()).toBeVisible({ timeout: 15_000 });
}

/** The lunch cards of the list, in date order. */
const lunches = (page: Page) => page.getByTestId('occurrence').filter({ hasText: LUNCH });

/** Remembers the type of each Blob turned into a URL (what a download link carries). */
async function recordBlobTypes(page: Page) {
	await page.addInitScript(() => {
		const original = URL.createObjectURL.bind(URL);
		(window as unknown as { blobTypes: string[] }).blobTypes = [];
		URL.createObjectURL = (object: Blob | MediaSource) => {
			if (object instanceof Blob) {
				(window as unknown as { blobTypes: string[] }).blobTypes.push(object.type);
			}
			return original(object);
		};
	});
}

/** Downloads a calendar file with `click`, and returns its name and parsed events. */
async function downloadCalendar(page: Page, click: () => Promise<void>) {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const text = await readFile((await download.path())!, 'utf8');
	const calendar = new ICAL.Component(ICAL.parse(text));
	const types = await page.evaluate(() => (window as unknown as { blobTypes: string[] }).blobTypes);
	return {
		name: download.suggestedFilename(),
		text,
		type: types.at(-1),
		zones: calendar.getAllSubcomponents('vtimezone'),
		events: calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent))
	};
}

/** A screenshot in the test's output: the whole page as on a tall phone, or what is on screen. */
async function screenshot(page: Page, testInfo: TestInfo, name: string, wholePage = true) {
	const path = testInfo.outputPath(`${name}.png`);
	const viewport = page.viewportSize()!;
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	if (wholePage) await page.setViewportSize({ width: viewport.width, height });
	await page.screenshot({ path, animations: 'disabled' });
	if (wholePage) await page.setViewportSize(viewport);
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Switches the demo persona in "Moi". */
async function becomePersona(page: Page, name: RegExp) {
	await openApp(page, '/me');
	await page.getByRole('radio', { name }).check();
	await page.reload();
}

test('the list shows the coming rituals by day, with open roles as chips', async ({
	page
}, testInfo) => {
	await openRituals(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rituels');
	await expect(
		page.getByTestId('ritual-day').first().getByRole('heading', { level: 2 })
	).toBeVisible();
	// Every series appears in the coming five weeks.
	for (const title of [
		LUNCH,
		'Afterwork une semaine sur deux',
		'Petit-déjeuner du premier lundi'
	]) {
		await expect(page.getByTestId('occurrence').filter({ hasText: title }).first()).toBeVisible();
	}
	const next = lunches(page).first();
	await expect(next).toContainText('12:30 – 14:00');
	await expect(next).toContainText('La grande table');
	await expect(next.getByTestId('capacity')).toHaveText(/Complet · liste d'attente : \d+/);
	await expect(
		next.getByTestId('role-chip').filter({ hasText: /Dessert : \d+ place/ })
	).toBeVisible();
	// Camille tidies up at the next lunch.
	await expect(next.getByTestId('my-status')).toContainText('Vous venez · Rangement');
	// The host cancelled the lunch after: struck, with the message.
	const cancelled = lunches(page).filter({ hasText: 'Annulé' }).first();
	await expect(cancelled).toContainText('la cuisine est en travaux');
	await expect(cancelled.getByTestId('role-chip')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Proposer un rituel' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Glossaire' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Programmer un rituel' })).toHaveCount(0);
	await screenshot(page, testInfo, 'rituals-phone');

	// A chip opens the occurrence with that role's sign-up.
	await next.getByTestId('role-chip').filter({ hasText: 'Dessert' }).click();
	await expect(page).toHaveURL(/\/rituals\/occurrence\?ritual=.+&at=\d{4}-\d\d-\d\dT12(%3A|:)30/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(LUNCH);
	// Camille already comes: the dialog changes her role to the one she tapped.
	const dialog = page.getByRole('dialog', { name: 'Mon inscription' });
	await expect(dialog.getByRole('radio', { name: /^Dessert/ })).toBeChecked();
});

test('a member signs up with a note, takes the dessert, sees it filled, and cancels', async ({
	page
}, testInfo) => {
	await openRituals(page);
	// A lunch with places left (not the full next one, not the cancelled one).
	const open = lunches(page)
		.filter({ hasNotText: 'Complet' })
		.filter({ hasNotText: 'Annulé' })
		.first();
	await open.getByRole('link', { name: LUNCH }).click();
	const screen = page.getByTestId('occurrence-screen');
	await expect(screen.getByRole('heading', { level: 1 })).toHaveText(LUNCH);
	const mine = page.getByTestId('my-signup');

	await mine.getByRole('button', { name: 'Je viens' }).click();
	let dialog = page.getByRole('dialog', { name: `Je viens : ${LUNCH}` });
	await expect(dialog.getByLabel('Un mot (facultatif)')).toBeVisible();
	await dialog.getByLabel('Un mot (facultatif)').fill('Je viens avec une quiche');
	await expect(dialog).toContainText('24 / 500 caractères');
	await screenshot(page, testInfo, 'signup-dialog-phone', false);
	await dialog.getByRole('button', { name: 'Je viens' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByRole('status')).toContainText('Inscription enregistrée');
	await expect(mine.getByTestId('my-status')).toContainText('Vous venez');
	await expect(mine).toContainText('Ma note : Je viens avec une quiche');
	await expect(page.getByTestId('people')).toContainText('Vous');

	// Take the dessert: the chip opens the change of role, the note stays.
	const dessert = page.getByTestId('role-dessert');
	await dessert.getByRole('button', { name: /^Prendre ce rôle : Dessert/ }).click();
	dialog = page.getByRole('dialog', { name: 'Mon inscription' });
	await expect(dialog.getByRole('radio', { name: /^Dessert/ })).toBeChecked();
	await expect(dialog.getByLabel('Un mot (facultatif)')).toHaveValue('Je viens avec une quiche');
	await dialog.getByLabel('Un mot (facultatif)').fill('Une tarte aux poires');
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(mine.getByTestId('my-status')).toContainText('Vous venez · Dessert');
	await expect(dessert).toContainText('Vous — Une tarte aux poires');
	await expect(dessert).toContainText(/[1-9] sur 2/);
	await screenshot(page, testInfo, 'occurrence-phone');

	// Cancel, asked twice; the place is free again.
	await mine.getByRole('button', { name: 'Me désinscrire' }).click();
	await expect(mine).toContainText('Votre place ira à la personne suivante.');
	await mine.getByRole('button', { name: 'Oui, me désinscrire' }).click();
	await expect(page.getByRole('status')).toContainText('Désinscription enregistrée');
	await expect(mine.getByRole('button', { name: 'Je viens' })).toBeVisible();
	await expect(dessert).not.toContainText('Vous');
});

test('a full occurrence shows its waitlist, and where a waiting member stands', async ({
	page
}) => {
	await becomePersona(page, /Malik/);
	await openRituals(page);
	const next = lunches(page).first();
	await expect(next.getByTestId('capacity')).toHaveText(/Complet · liste d'attente : \d+/);
	await expect(next.getByTestId('my-status')).toContainText(/Liste d'attente : n° \d+/);
	await next.getByRole('link', { name: LUNCH }).click();
	const waitlist = page.getByTestId('waitlist');
	await expect(waitlist).toContainText(/\d+ personnes? attend/);
	await expect(waitlist.getByRole('listitem').filter({ hasText: 'Vous' })).toHaveCount(1);
	await expect(page.getByTestId('my-signup')).toContainText(/Liste d'attente : n° \d+/);
	// Names show only for those who chose to: the rest are counted.
	await expect(page.getByTestId('people')).toContainText(/\+ \d+ autres/);
	await expect(page.getByTestId('coming')).toContainText(/\d+ personnes viennent · Complet/);
});

test('a calendar file of one occurrence, and of all my sign-ups, is valid with its time zone', async ({
	page
}) => {
	await recordBlobTypes(page);
	await openRituals(page);
	await lunches(page).first().getByRole('link', { name: LUNCH }).click();
	const one = await downloadCalendar(page, () =>
		page.getByRole('button', { name: 'Ajouter à mon agenda' }).click()
	);
	expect(one.name).toMatch(/^collectif-dejeuner-partage-du-jeudi-\d{4}-\d\d-\d\d\.ics$/);
	expect(one.type).toBe('text/calendar;charset=utf-8');
	expect(one.zones.map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Paris']);
	expect(one.events).toHaveLength(1);
	expect(one.events[0]!.summary).toBe(LUNCH);
	expect(one.events[0]!.description).toContain('Votre rôle : Rangement');
	expect(one.text).toMatch(/DTSTART;TZID=Europe\/Paris:\d{8}T123000/);
	await expect(page.getByRole('status')).toContainText("Fichier d'agenda téléchargé");

	await openRituals(page);
	const all = await downloadCalendar(page, () =>
		page.getByRole('button', { name: 'Ajouter tous mes rituels à mon agenda' }).click()
	);
	expect(all.name).toMatch(/^collectif-mes-rituels-\d{4}-\d\d-\d\d\.ics$/);
	expect(all.type).toBe('text/calendar;charset=utf-8');
	expect(all.events.length).toBeGreaterThanOrEqual(1);
	expect(all.events.map((event) => event.uid)).toContain(one.events[0]!.uid);
});

test('the home shows tomorrow’s lunch with its open roles, and my commitments', async ({
	page
}, testInfo) => {
	// A Wednesday morning: the lunch is tomorrow (the demo is seeded from this time).
	const now = new Date();
	const daysToWednesday = (3 - now.getUTCDay() + 7) % 7 || 7;
	const wednesday = new Date(now.getTime() + daysToWednesday * 86_400_000);
	wednesday.setUTCHours(9, 0, 0, 0);
	await page.clock.setFixedTime(wednesday);
	await openApp(page, '/');
	const block = page.getByTestId('home-rituals');
	await expect(block).toBeVisible({ timeout: 15_000 });
	await expect(page.getByTestId('checkin-button')).toBeVisible();
	const tomorrow = page.getByTestId('home-rituals-tomorrow');
	await expect(tomorrow).toContainText(LUNCH);
	await expect(tomorrow.getByTestId('role-chip').filter({ hasText: 'Dessert' })).toBeVisible();
	const mine = page.getByTestId('home-commitments');
	await expect(mine).toContainText(LUNCH);
	await expect(mine).toContainText('Vous venez · Rangement');
	// The rituals block comes after the check-in button, which stays the hero.
	const [button, rituals] = await Promise.all([
		page.getByTestId('checkin-button').boundingBox(),
		block.boundingBox()
	]);
	expect(rituals!.y).toBeGreaterThan(button!.y);
	await screenshot(page, testInfo, 'home-rituals-phone');
});

test('a member promoted from the waitlist is told on the home, until they dismiss it', async ({
	page
}) => {
	await becomePersona(page, /Malik/);
	await openRituals(page);
	await expect(lunches(page).first().getByTestId('my-status')).toContainText(/Liste d'attente/);
	// Someone with a place cancels: Camille, from her own persona.
	await becomePersona(page, /Camille/);
	await openRituals(page);
	await lunches(page).first().getByRole('link', { name: LUNCH }).click();
	await page.getByRole('button', { name: 'Me désinscrire' }).click();
	await page.getByRole('button', { name: 'Oui, me désinscrire' }).click();
	// Still full: the next person waiting got the place.
	await expect(
		page.getByTestId('my-signup').getByRole('button', { name: "Rejoindre la liste d'attente" })
	).toBeVisible();

	await becomePersona(page, /Malik/);
	await openApp(page, '/');
	const notices = page.getByTestId('ritual-notices');
	await expect(notices).toContainText(`Une place s'est libérée : vous venez à « ${LUNCH} »`);
	await notices.getByRole('button', { name: "J'ai vu" }).first().click();
	await expect(notices).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('home-rituals')).toBeVisible({ timeout: 15_000 });
	await expect(page.getByTestId('ritual-notices')).toHaveCount(0);
});

test('the glossary shows the space’s kinds of rituals; a bad link says it is not found', async ({
	page
}) => {
	await openRituals(page);
	await page.getByRole('link', { name: 'Glossaire' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossaire');
	await expect(page.getByRole('heading', { name: 'Nos rituels' })).toBeVisible();
	await expect(page.getByTestId('glossary').or(page.getByTestId('glossary-empty'))).toBeVisible();

	await openApp(page, '/rituals/occurrence?ritual=nope&at=2026-13-40T99:00');
	await expect(page.getByTestId('occurrence-not-found')).toContainText('Rituel introuvable');
	await page
		.getByTestId('occurrence-not-found')
		.getByRole('link', { name: 'Tous les rituels' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rituels');
});

test('offline: the list, a sign-up and a calendar file work once the worker is ready', async ({
	page,
	context
}) => {
	await recordBlobTypes(page);
	await openRituals(page);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('occurrence').first()).toBeVisible({ timeout: 15_000 });
	const open = lunches(page)
		.filter({ hasNotText: 'Complet' })
		.filter({ hasNotText: 'Annulé' })
		.first();
	await open.getByRole('link', { name: LUNCH }).click();
	await page.getByTestId('my-signup').getByRole('button', { name: 'Je viens' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Je viens' }).click();
	await expect(page.getByTestId('my-signup').getByTestId('my-status')).toContainText('Vous venez');
	await page.reload();
	await expect(page.getByTestId('my-signup').getByTestId('my-status')).toContainText('Vous venez');
	const file = await downloadCalendar(page, () =>
		page.getByRole('button', { name: 'Ajouter à mon agenda' }).click()
	);
	expect(file.events).toHaveLength(1);
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('the list and an occurrence fit, with 44 px targets', async ({ page }) => {
		await openRituals(page);
		const paths = ['/rituals'];
		await lunches(page).first().getByRole('link', { name: LUNCH }).click();
		await expect(page.getByTestId('occurrence-screen')).toBeVisible();
		paths.push(new URL(page.url()).pathname + new URL(page.url()).search);
		for (const path of paths) {
			await openApp(page, path);
			await expect(
				page.getByTestId('occurrence').or(page.getByTestId('occurrence-screen')).first()
			).toBeVisible();
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
			for (const target of await page
				.locator('main button, main a.button, main [data-testid="role-chip"]')
				.all()) {
				if (!(await target.isVisible())) continue;
				expect((await target.boundingBox())!.height, path).toBeGreaterThanOrEqual(44);
			}
		}
	});
});

test.describe('in the dark theme', () => {
	test.use({ colorScheme: 'dark' });
	test('the list and an occurrence use the dark palette', async ({ page }, testInfo) => {
		await openRituals(page);
		const chip = lunches(page).first().getByTestId('role-chip').first();
		const [color, background] = await chip.evaluate((element) => [
			getComputedStyle(element).color,
			getComputedStyle(document.documentElement).backgroundColor
		]);
		// The accent of the dark palette (light text on a dark page).
		expect(color).toBe('rgb(240, 164, 124)');
		expect(background).toBe('rgb(31, 26, 23)');
		await lunches(page).first().getByRole('link', { name: LUNCH }).click();
		await expect(page.getByTestId('occurrence-screen')).toBeVisible();
		await screenshot(page, testInfo, 'occurrence-dark-phone');
	});
});
