import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

/** Switches the demo to a persona (by a part of its name) and opens a screen. */
async function as(page: Page, persona: RegExp, path: string): Promise<void> {
	await openApp(page, '/me');
	await page.getByRole('radio', { name: persona }).check();
	await openApp(page, path);
}

const SOPHIE = /Sophie/;

/** Rows of a table of the demo's database, read straight from IndexedDB. */
async function rows<T = Record<string, unknown>>(page: Page, table: string): Promise<T[]> {
	return page.evaluate(
		(name) =>
			new Promise<T[]>((resolve, reject) => {
				const open = indexedDB.open('collectif-demo');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const request = db.transaction(name, 'readonly').objectStore(name).getAll();
					request.onsuccess = () => {
						resolve(request.result as T[]);
						db.close();
					};
					request.onerror = () => reject(request.error);
				};
			}),
		table
	);
}

interface RitualRow {
	id: string;
	title: string;
	startsAt: string;
	rrule: string;
	capacity: number | null;
	durationMinutes: number;
	endsBefore: string | null;
	continuedBy: string | null;
	roles: { key: string; label: string }[];
}

const ritualNamed = async (page: Page, title: string) =>
	(await rows<RitualRow>(page, 'rituals')).find((r) => r.title === title)!;

/** Today in the demo space's zone, and the Thursdays around it (the lunch's dates). */
const today = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (date: string, days: number) =>
	new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The next lunch's date (today when today is a Thursday), as the demo seed counts it. */
function nextThursday(): string {
	const date = today();
	const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
	return addDays(date, (3 - weekday + 7) % 7);
}
const LUNCH = 'Déjeuner partagé du jeudi';
const notice = (page: Page, text: string | RegExp) =>
	page.getByText(text, { exact: typeof text === 'string' }).first();

test('a host schedules a weekly shared meal; bad input is refused field by field', async ({
	page
}, testInfo) => {
	await as(page, SOPHIE, '/host');
	await page
		.getByRole('navigation', { name: "Rubriques de l'espace hôte" })
		.getByRole('link', { name: 'Programmer un rituel' })
		.click();
	await expect(page.getByRole('heading', { name: 'Programmer un rituel' })).toBeVisible();
	const before = (await rows(page, 'rituals')).length;

	// Bad input: nothing is sent, each field says why, the first one takes the focus.
	await page.getByLabel('Nombre de places').fill('-2');
	await page.getByLabel('Fin', { exact: true }).fill('11:00');
	await page.getByRole('button', { name: 'Programmer', exact: true }).click();
	await expect(page.getByText('À remplir.')).toBeVisible();
	await expect(page.getByText('Un nombre entier de 1 à 1000.')).toBeVisible();
	await expect(page.getByText('La fin doit venir après le début.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Titre' })).toBeFocused();
	await page.getByRole('textbox', { name: 'Titre' }).fill('x'.repeat(121));
	await page.getByRole('button', { name: 'Programmer', exact: true }).click();
	await expect(page.getByText('120 caractères au plus.')).toBeVisible();
	expect((await rows(page, 'rituals')).length).toBe(before);

	// Fixed: a weekly meal on Tuesdays and Thursdays, its default roles, one of them edited. The
	// day follows the first date (a Thursday), and Tuesday is added.
	await page.getByLabel('À partir du').fill(addDays(nextThursday(), 7));
	await expect(page.getByRole('checkbox', { name: 'jeudi' })).toBeChecked();
	await page.getByRole('textbox', { name: 'Titre' }).fill('Repas partagé e2e');
	await page
		.getByRole('textbox', { name: 'Description' })
		.fill('On cuisine ensemble, on mange ensemble.');
	await page.getByRole('textbox', { name: 'Lieu' }).fill('La grande table');
	await page.getByLabel('Début', { exact: true }).fill('12:15');
	await page.getByLabel('Fin', { exact: true }).fill('13:45');
	await expect(page.getByText('Durée : 1 h 30 min')).toBeVisible();
	await page.getByLabel('Nombre de places').fill('12');
	await page.getByRole('checkbox', { name: 'mardi' }).check();
	const summary = page.getByTestId('schedule-summary');
	await expect(summary).toContainText('à 12:15');
	await expect(summary).toContainText('mardi et jeudi');
	const roles = page.getByTestId('role-row');
	await expect(roles).toHaveCount(4);
	await expect(roles.first().getByRole('textbox', { name: 'Rôle' })).toHaveValue('Cuisine');
	await roles.nth(3).getByRole('textbox', { name: 'Places' }).fill('3');
	await page.getByRole('button', { name: 'Ajouter un rôle' }).click();
	await expect(roles).toHaveCount(5);
	await roles.nth(4).getByRole('textbox', { name: 'Rôle' }).fill('Playlist');
	await page
		.getByRole('combobox', { name: 'Qui le mène' })
		.selectOption({ label: 'Sophie Martin' });

	const path = testInfo.outputPath('ritual-form-phone.png');
	await page.screenshot({ path, fullPage: true });
	await testInfo.attach('ritual-form-phone', { path, contentType: 'image/png' });

	await page.getByRole('button', { name: 'Programmer', exact: true }).click();
	await expect(notice(page, 'Rituel programmé.')).toBeVisible();
	await expect(page).toHaveURL(/\/rituals$/);
	await expect(page.getByText('Repas partagé e2e').first()).toBeVisible();
	const created = await ritualNamed(page, 'Repas partagé e2e');
	expect(created).toMatchObject({
		rrule: 'FREQ=WEEKLY;BYDAY=TU,TH',
		capacity: 12,
		durationMinutes: 90
	});
	expect(created.startsAt).toMatch(/T12:15$/);
	expect(created.roles.map((r) => r.key)).toEqual([
		'cooking',
		'dessert',
		'setup',
		'tidy',
		'playlist'
	]);
});

test('a host cancels one date with a message, then changes the time from a later date on', async ({
	page
}) => {
	await as(page, SOPHIE, '/host');
	const lunch = await ritualNamed(page, LUNCH);
	const cancelled = `${addDays(nextThursday(), 14)}T12:30`;
	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${cancelled}`);
	await expect(page.getByRole('heading', { name: `Modifier « ${LUNCH} »` })).toBeVisible();
	await page.getByRole('radio', { name: 'Annuler cette date' }).check();
	await page
		.getByRole('textbox', { name: 'Message aux inscrit·es' })
		.fill('Sortie au marché à la place.');
	await page.getByRole('button', { name: 'Annuler cette date' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('Les inscrit·es verront que cette date est annulée');
	await dialog.getByRole('button', { name: 'Annuler cette date' }).click();
	await expect(notice(page, 'Date annulée.')).toBeVisible();
	await expect(page).toHaveURL(/\/rituals\/occurrence\?ritual=/);
	const change = (
		await rows<{ occurrence: string; cancelled: boolean; message: string }>(
			page,
			'occurrenceChanges'
		)
	).find((c) => c.occurrence === cancelled);
	expect(change).toMatchObject({ cancelled: true, message: 'Sortie au marché à la place.' });

	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${cancelled}`);
	await expect(page.getByText('Cette date est annulée.')).toBeVisible();

	// This and following: from three weeks on, the lunch starts at noon.
	const from = `${addDays(nextThursday(), 21)}T12:30`;
	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${from}`);
	await page.getByRole('radio', { name: 'Cette date et les suivantes' }).check();
	await expect(page.getByLabel('À partir du')).toHaveValue(from.slice(0, 10));
	await page.getByLabel('Début', { exact: true }).fill('12:00');
	await page.getByLabel('Fin', { exact: true }).fill('13:30');
	await expect(page.getByTestId('schedule-summary')).toContainText('Chaque jeudi à 12:00');
	await page.getByRole('textbox', { name: 'Message aux inscrit·es' }).fill('On commence à midi.');
	await page.getByRole('button', { name: 'Créer la suite de la série' }).click();
	await expect(notice(page, 'La série continue avec ces changements.')).toBeVisible();
	await expect(page).toHaveURL(/\/rituals\/occurrence\?ritual=/);
	const after = await rows<RitualRow>(page, 'rituals');
	const old = after.find((r) => r.id === lunch.id)!;
	const next = after.find((r) => r.id === old.continuedBy)!;
	expect(old.endsBefore).toBe(from);
	expect(next).toMatchObject({
		title: LUNCH,
		startsAt: `${from.slice(0, 10)}T12:00`,
		durationMinutes: 90
	});

	// The whole series' details say where the schedule changes.
	await openApp(page, `/rituals/edit?ritual=${next.id}&at=${next.startsAt}`);
	await page.getByRole('radio', { name: 'Toute la série' }).check();
	await expect(
		page.getByText("L'horaire et la récurrence changent avec « Cette date et les suivantes »")
	).toBeVisible();
	await page.getByLabel('Nombre de places').fill('16');
	await page.getByRole('button', { name: 'Enregistrer la série' }).click();
	await expect(notice(page, 'Série enregistrée.')).toBeVisible();
	expect((await ritualNamed(page, LUNCH)).capacity).not.toBeUndefined();
	expect((await rows<RitualRow>(page, 'rituals')).find((r) => r.id === next.id)?.capacity).toBe(16);
});

test('a host restores a cancelled lunch, stops a series and reopens it', async ({ page }) => {
	await as(page, SOPHIE, '/host');
	const lunch = await ritualNamed(page, LUNCH);
	// The demo's lunch next week is cancelled (the kitchen is being redone): it is back on.
	const off = `${addDays(nextThursday(), 7)}T12:30`;
	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${off}`);
	await expect(page.getByText('Cette date est annulée.')).toBeVisible();
	await page.getByRole('button', { name: 'Rétablir cette date' }).click();
	await expect(notice(page, 'Date rétablie.')).toBeVisible();
	const changes = await rows<{ occurrence: string; cancelled: boolean }>(page, 'occurrenceChanges');
	expect(changes.find((c) => c.occurrence === off)?.cancelled ?? false).toBe(false);

	// Stopped from a date on (after a confirmation), then reopened.
	const from = `${addDays(nextThursday(), 28)}T12:30`;
	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${from}`);
	await page.getByRole('radio', { name: 'Arrêter la série à partir de cette date' }).check();
	await page.getByRole('textbox', { name: 'Message aux inscrit·es' }).fill('Pause pour l’été.');
	await page.getByRole('button', { name: 'Arrêter la série' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('Cette date et toutes les suivantes seront annulées');
	await dialog.getByRole('button', { name: 'Retour' }).click();
	expect((await ritualNamed(page, LUNCH)).endsBefore).toBeNull();
	await page.getByRole('button', { name: 'Arrêter la série' }).click();
	await dialog.getByRole('button', { name: 'Arrêter la série' }).click();
	await expect(notice(page, /^Série arrêtée à partir du/)).toBeVisible();
	expect((await ritualNamed(page, LUNCH)).endsBefore).toBe(from);

	await openApp(page, `/rituals/edit?ritual=${lunch.id}&at=${addDays(from.slice(0, 10), 7)}T12:30`);
	await expect(page.getByText(/^Cette série s'arrête avant le/)).toBeVisible();
	await page.getByRole('button', { name: 'Rouvrir la série' }).click();
	await expect(notice(page, 'Série rouverte.')).toBeVisible();
	expect((await ritualNamed(page, LUNCH)).endsBefore).toBeNull();
});

test('members propose rituals; the host accepts one and declines another with a message', async ({
	page
}) => {
	await as(page, /Camille/, '/rituals/propose');
	await expect(page.getByRole('heading', { name: 'Proposer un rituel' })).toBeVisible();
	await page.getByRole('radio', { name: 'Afterwork' }).check();
	await page.getByRole('textbox', { name: 'Titre' }).fill('Atelier vélo e2e');
	await page.getByLabel('Début', { exact: true }).fill('10:00');
	await page.getByLabel('Fin', { exact: true }).fill('12:00');
	await page.getByRole('radio', { name: 'Chaque mois' }).check();
	await page.getByRole('checkbox', { name: "Je m'engage à l'animer" }).check();
	await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
	await expect(notice(page, 'Proposition envoyée aux hôtes.')).toBeVisible();
	const mine = page.getByTestId('my-proposal');
	await expect(mine.filter({ hasText: 'Atelier vélo e2e' })).toContainText(
		"En attente d'une réponse"
	);

	await page.getByRole('textbox', { name: 'Titre' }).fill('Karaoké e2e');
	await page.getByRole('radio', { name: 'Une seule fois' }).check();
	await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
	await expect(mine.filter({ hasText: 'Karaoké e2e' })).toBeVisible();
	// A third one, withdrawn while it waits.
	await page.getByRole('textbox', { name: 'Titre' }).fill('Pique-nique e2e');
	await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
	await page.getByRole('button', { name: 'Retirer la proposition « Pique-nique e2e »' }).click();
	await expect(notice(page, 'Proposition retirée.')).toBeVisible();
	await expect(mine.filter({ hasText: 'Pique-nique e2e' })).toContainText('Retirée');
	await expect(mine.filter({ hasText: 'Pique-nique e2e' }).getByRole('button')).toHaveCount(0);

	await as(page, SOPHIE, '/host/proposals');
	const card = (title: string) => page.getByTestId('proposal').filter({ hasText: title });
	await expect(card('Atelier vélo e2e')).toContainText("s'engage à l'animer");
	await card('Karaoké e2e')
		.getByRole('button', { name: 'Refuser la proposition « Karaoké e2e »' })
		.click();
	await card('Karaoké e2e')
		.getByRole('button', { name: 'Refuser la proposition', exact: true })
		.click();
	await expect(card('Karaoké e2e').getByText('À remplir.')).toBeVisible();
	await card('Karaoké e2e')
		.getByRole('textbox', { name: 'Pourquoi ?' })
		.fill('Les voisins dorment tôt.');
	await card('Karaoké e2e')
		.getByRole('button', { name: 'Refuser la proposition', exact: true })
		.click();
	await expect(notice(page, 'Proposition refusée.')).toBeVisible();
	await expect(card('Karaoké e2e')).toContainText('Refusée');

	await card('Atelier vélo e2e')
		.getByRole('link', { name: /Accepter la proposition/ })
		.click();
	await expect(page.getByRole('heading', { name: 'Accepter « Atelier vélo e2e »' })).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Titre' })).toHaveValue('Atelier vélo e2e');
	await page.getByLabel('Nombre de places').fill('8');
	await page.getByRole('button', { name: 'Accepter et programmer' }).click();
	await expect(notice(page, 'Proposition acceptée : le rituel est programmé.')).toBeVisible();
	await expect(page).toHaveURL(/\/host\/proposals$/);
	await expect(card('Atelier vélo e2e')).toContainText('Acceptée');
	expect(await ritualNamed(page, 'Atelier vélo e2e')).toMatchObject({ capacity: 8 });

	await as(page, /Camille/, '/rituals/propose');
	await expect(mine.filter({ hasText: 'Atelier vélo e2e' })).toContainText('Acceptée');
	await expect(mine.filter({ hasText: 'Karaoké e2e' })).toContainText(
		'Réponse : Les voisins dorment tôt.'
	);
});

test('after last week’s lunch, the host confirms who came, with a walk-in', async ({ page }) => {
	await as(page, SOPHIE, '/host');
	const lunch = await ritualNamed(page, LUNCH);
	const next = `${nextThursday()}T12:30`;
	await openApp(page, `/rituals/attendance?ritual=${lunch.id}&at=${next}`);
	if (Date.now() < Date.parse(`${nextThursday()}T11:30:00Z`)) {
		await expect(page.getByText(/une fois le rituel commencé/)).toBeVisible();
	}

	const last = `${addDays(nextThursday(), -7)}T12:30`;
	await openApp(page, `/rituals/attendance?ritual=${lunch.id}&at=${last}`);
	await expect(page.getByRole('heading', { name: 'Qui est venu ?' })).toBeVisible();
	const rowsOnScreen = page.getByTestId('attendance-row');
	await expect(rowsOnScreen.first()).toBeVisible();
	await expect(rowsOnScreen.first()).toContainText('Sophie Martin');
	await expect(rowsOnScreen.first().getByRole('combobox')).toHaveValue('led');
	await expect(page.getByText("Inscrit·e, passé·e dans l'espace").first()).toBeVisible();

	await page.getByRole('button', { name: 'Ajouter une personne' }).click();
	const search = page.getByRole('searchbox', { name: 'Chercher un membre' });
	const offered = page.getByRole('button', { name: /^Ajouter / });
	await expect(offered.first()).toBeVisible();
	const label = (await offered.first().textContent())!.trim();
	const walkIn = label.replace(/^Ajouter /, '');
	await search.fill(walkIn.slice(0, 4).toLowerCase());
	await page.getByRole('button', { name: label }).click();
	const walkInRow = rowsOnScreen.filter({ hasText: walkIn });
	await expect(walkInRow).toContainText('Venu·e sans inscription');
	await expect(walkInRow.getByRole('checkbox')).toBeChecked();
	// The lead came (whether or not the demo had her checked in that day).
	await rowsOnScreen.first().getByRole('checkbox').check();
	const ticked = await page
		.getByTestId('attendance-row')
		.getByRole('checkbox', { checked: true })
		.count();

	await page.getByRole('button', { name: 'Confirmer la liste' }).click();
	await expect(notice(page, 'Présences confirmées.')).toBeVisible();
	const marks = (
		await rows<{ occurrence: string; part: string; userId: string }>(page, 'attendance')
	).filter((mark) => mark.occurrence === last);
	expect(marks).toHaveLength(ticked);
	expect(marks.filter((mark) => mark.part === 'led')).toHaveLength(1);

	await openApp(page, `/rituals/attendance?ritual=${lunch.id}&at=${last}`);
	await expect(page.getByText('Liste déjà confirmée : vous pouvez la corriger.')).toBeVisible();
	await expect(page.getByTestId('attendance-row').filter({ hasText: walkIn })).toContainText(
		'Déjà confirmé·e'
	);
});

test('a host renames kinds, adds one with its roles, and keeps a glossary', async ({ page }) => {
	await as(page, SOPHIE, '/host/vocabulary');
	await expect(page.getByRole('heading', { name: "Vocabulaire de l'espace" })).toBeVisible();
	const kinds = page.getByTestId('vocabulary-kind');
	await kinds.first().getByRole('textbox', { name: 'Nom du type' }).fill('Le déj du jeudi');
	await page.getByRole('button', { name: 'Ajouter un type de rituel' }).click();
	const added = kinds.last();
	await added.getByRole('textbox', { name: 'Nom du type' }).fill('Soirée quiz');
	await added.getByRole('button', { name: 'Ajouter un rôle' }).click();
	await added.getByRole('textbox', { name: 'Rôle' }).fill('Poser les questions');
	await added.getByRole('radio', { name: 'Co-anime' }).check();

	await page.getByRole('button', { name: 'Ajouter un mot' }).click();
	const entry = page.getByTestId('glossary-entry').last();
	await entry.getByRole('textbox', { name: 'Mot' }).fill('Le déj');
	await page.getByRole('button', { name: 'Enregistrer le vocabulaire' }).click();
	await expect(entry.getByText('À remplir.')).toBeVisible();
	await expect(entry.getByRole('textbox', { name: "Ce qu'il veut dire" })).toBeFocused();
	await entry
		.getByRole('textbox', { name: "Ce qu'il veut dire" })
		.fill('Le repas partagé du jeudi midi.');
	await page.getByRole('button', { name: 'Enregistrer le vocabulaire' }).click();
	await expect(notice(page, 'Vocabulaire enregistré.')).toBeVisible();

	const [vocabulary] = await rows<{
		kinds: { key: string; label: string; roles: { key: string; animates: boolean }[] }[];
		glossary: { term: string }[];
	}>(page, 'vocabularies');
	expect(vocabulary?.kinds.map((k) => [k.key, k.label])).toContainEqual([
		'meal',
		'Le déj du jeudi'
	]);
	expect(vocabulary?.kinds.find((k) => k.label === 'Soirée quiz')?.roles).toEqual([
		expect.objectContaining({ key: 'poser-les-questions', animates: true })
	]);
	expect(vocabulary?.glossary.map((g) => g.term)).toContain('Le déj');

	// The scheduling form offers the space's words, with the new kind's roles.
	await openApp(page, '/rituals/new');
	await expect(page.getByRole('radio', { name: 'Le déj du jeudi' })).toBeChecked();
	await page.getByRole('radio', { name: 'Soirée quiz' }).check();
	await expect(page.getByTestId('role-row')).toHaveCount(1);
	await expect(page.getByTestId('role-row').getByRole('textbox', { name: 'Rôle' })).toHaveValue(
		'Poser les questions'
	);
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('the host screens never overflow sideways and their targets are at least 44 px', async ({
		page
	}) => {
		await as(page, SOPHIE, '/host');
		const lunch = await ritualNamed(page, LUNCH);
		const last = `${addDays(nextThursday(), -7)}T12:30`;
		for (const path of [
			'/rituals/new',
			`/rituals/edit?ritual=${lunch.id}&at=${last}`,
			`/rituals/attendance?ritual=${lunch.id}&at=${last}`,
			'/rituals/propose',
			'/host/proposals',
			'/host/vocabulary'
		]) {
			await openApp(page, path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
			const small = await page.evaluate(() =>
				[
					...document.querySelectorAll<HTMLElement>(
						'main button, main select, main input:not([type=radio]):not([type=checkbox]), main label:has(> input[type=radio]), main label:has(> input[type=checkbox])'
					)
				]
					.filter((element) => element.getBoundingClientRect().height > 0)
					.filter((element) => element.getBoundingClientRect().height < 44)
					.map((element) => element.outerHTML.slice(0, 80))
			);
			expect(small, path).toEqual([]);
		}
	});
});
