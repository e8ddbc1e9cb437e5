import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { loaded, openApp } from './helpers';

/**
 * Participation (issue 6) on the demo build: a member's private mirror (level, gauges, log,
 * contest, export, opt-out), the host's community view (aggregates, trends, fragile flag, never a
 * member's level), the settings as dated versions, and the formulas published to members. The
 * demo's history changes with the day it is seeded: no exact number is relied on.
 */

/** Switches the demo to a persona (by a part of its name) and opens a screen. */
async function as(page: Page, persona: RegExp, path: string): Promise<void> {
	await openApp(page, '/me');
	await page.getByRole('radio', { name: persona }).check();
	await openApp(page, path);
}
const SOPHIE = /Sophie/;
const CAMILLE = /Camille/;
const LEVELS = ['Usager·ère', 'Participant·e', 'Contributeur·rice', 'Animateur·rice'];
const LUNCH = 'Déjeuner partagé du jeudi';

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

/** The file a click downloads, with its name and text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: button }).click()
	]);
	return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

const notice = (page: Page, text: string) => page.getByText(text, { exact: true }).first();

/** Today in the demo space's zone, and last week's Thursday lunch (as the seed counts it). */
const today = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const addDays = (date: string, days: number) =>
	new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
function lastWeeksLunch(): string {
	const date = today();
	const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
	return addDays(addDays(date, (3 - weekday + 7) % 7), -7);
}

/** The host confirms that Camille came to `date`'s lunch, doing `part`. */
async function markCamille(page: Page, date: string, part: 'attended' | 'coanimated') {
	await as(page, SOPHIE, '/host');
	const lunch = (await rows<{ id: string; title: string; startsAt: string }>(page, 'rituals')).find(
		(r) => r.title === LUNCH && r.startsAt <= `${date}T12:30`
	)!;
	await openApp(page, `/rituals/attendance?ritual=${lunch.id}&at=${date}T12:30`);
	await expect(page.getByRole('heading', { name: 'Qui est venu ?' })).toBeVisible();
	let row = page.getByTestId('attendance-row').filter({ hasText: 'Camille Dubois' });
	if ((await row.count()) === 0) {
		await page.getByRole('button', { name: 'Ajouter une personne' }).click();
		await page.getByRole('searchbox', { name: 'Chercher un membre' }).fill('cami');
		await page.getByRole('button', { name: 'Ajouter Camille Dubois' }).click();
		row = page.getByTestId('attendance-row').filter({ hasText: 'Camille Dubois' });
	}
	await row.getByRole('checkbox').check();
	await row.getByRole('combobox').selectOption(part);
	await page.getByRole('button', { name: 'Confirmer la liste' }).click();
	await expect(notice(page, 'Présences confirmées.')).toBeVisible();
}

const entryOn = (page: Page, date: string) =>
	page.getByTestId('mirror-entry').filter({ has: page.locator(`time[datetime="${date}"]`) });

test('a member opens their mirror: level with its rule, three gauges, the log; exports; opts out and back in', async ({
	page
}) => {
	await openApp(page, '/me');
	await page.getByRole('link', { name: /Ma participation/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ma participation');
	await loaded(page);
	await expect(
		page.getByText('Un miroir privé : vous seul·e le voyez.', { exact: false })
	).toBeVisible();

	const level = page.getByTestId('mirror-level');
	await expect(level).toBeVisible();
	const name = (await level.locator('.name').textContent())!.trim();
	expect(LEVELS).toContain(name);
	if (name === 'Usager·ère') {
		await expect(level).toContainText("Vous utilisez l'espace ; rien n'est attendu de vous.");
	} else {
		await expect(page.getByTestId('mirror-holds')).toContainText(`${name} jusqu'au`);
		await expect(page.getByTestId('mirror-holds')).toContainText("si rien d'autre ne se passe");
	}
	const gauges = page.getByTestId('mirror-gauges').getByRole('listitem');
	await expect(gauges).toHaveCount(3);
	await expect(gauges.nth(0)).toContainText('Participation');
	await expect(gauges.nth(1)).toContainText('Contribution');
	await expect(gauges.nth(2)).toContainText('Animation');
	await expect(gauges.nth(2)).toContainText(/sur \d/);
	await expect(page.getByRole('heading', { name: 'Votre journal' })).toBeVisible();
	await expect(page.getByText('Jamais utilisée pour :')).toBeVisible();
	// Never a comparison with others.
	await expect(page.locator('main')).not.toContainText(/classement :|moyenne|rang /i);

	const json = await download(page, 'Télécharger (JSON)');
	expect(json.name).toMatch(/^collectif-participation-\d{4}-\d{2}-\d{2}\.json$/);
	const data = JSON.parse(json.text) as { log: unknown[]; facts: { visits: unknown[] } };
	expect(Array.isArray(data.log)).toBe(true);
	expect(Array.isArray(data.facts.visits)).toBe(true);
	const csv = await download(page, 'Télécharger (CSV)');
	expect(csv.name).toMatch(/\.csv$/);
	expect(csv.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(
		'Date,Catégorie,Quoi,Rituel,Mesure,Poids,Référence'
	);

	// Out of every score: no level, no gauge, what it means and how to come back.
	const optOut = page.getByRole('switch', { name: /Ne pas me compter/ });
	await optOut.check();
	await expect(notice(page, "Vous n'êtes plus compté·e.")).toBeVisible();
	await expect(page.getByTestId('mirror-opted-out')).toContainText("Vous n'êtes pas compté·e");
	await expect(page.getByTestId('mirror-opted-out')).toContainText(
		'décochez « Ne pas me compter »'
	);
	await expect(page.getByTestId('mirror-level')).toHaveCount(0);
	await expect(page.getByTestId('mirror-gauges')).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('mirror-opted-out')).toBeVisible();
	await page.getByRole('switch', { name: /Ne pas me compter/ }).uncheck();
	await expect(notice(page, 'Vous êtes de nouveau compté·e.')).toBeVisible();
	await expect(page.getByTestId('mirror-level')).toBeVisible();

	await page.getByRole('switch', { name: /Je veux bien qu'on me propose/ }).check();
	await expect(
		notice(page, "C'est noté : les hôtes savent qu'ils peuvent vous le proposer.")
	).toBeVisible();
	await as(page, SOPHIE, '/host/community');
	await expect(page.getByTestId('happy-list')).toContainText('Camille Dubois');
});

test('a member attends, then co-animates: the mirror changes; they contest the entry and the host answers', async ({
	page
}) => {
	const date = lastWeeksLunch();
	await markCamille(page, date, 'attended');
	await as(page, CAMILLE, '/me/participation');
	await expect(entryOn(page, date)).toContainText('Venu·e à un rituel');
	await expect(entryOn(page, date)).toContainText(LUNCH);
	await expect(entryOn(page, date)).toContainText('Participation · poids');
	const before = await page.getByTestId('mirror-gauges').getByRole('listitem').nth(2).textContent();

	await markCamille(page, date, 'coanimated');
	await as(page, CAMILLE, '/me/participation');
	const entry = entryOn(page, date);
	await expect(entry).toContainText('Co-animé');
	await expect(entry).not.toContainText('Venu·e à un rituel');
	await expect(entry).toContainText('Animation · poids');
	const after = await page.getByTestId('mirror-gauges').getByRole('listitem').nth(2).textContent();
	expect(after).not.toBe(before);
	expect(LEVELS.slice(2)).toContain(
		(await page.getByTestId('mirror-level').locator('.name').textContent())!.trim()
	);

	// Contest it: a reason is needed; the entry then waits for a host's answer.
	await entry.getByRole('button', { name: /Contester/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Contester cette entrée' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Envoyer' }).click();
	await expect(dialog.getByText('Dites en quelques mots ce qui ne va pas.')).toBeVisible();
	await dialog
		.getByRole('textbox', { name: "Qu'est-ce qui ne va pas ?" })
		.fill("J'ai seulement aidé à ranger.");
	await dialog.getByRole('button', { name: 'Envoyer' }).click();
	await expect(notice(page, 'Contestation envoyée : un·e hôte vous répondra ici.')).toBeVisible();
	await expect(entry).toContainText("Contesté : en attente d'une réponse");
	await expect(page.getByTestId('my-contests')).toContainText("J'ai seulement aidé à ranger.");

	await as(page, SOPHIE, '/host/contests');
	const contest = page.getByTestId('contest').filter({ hasText: 'Camille Dubois' });
	await expect(contest).toContainText("J'ai seulement aidé à ranger.");
	await expect(contest).toContainText(LUNCH);
	await expect(
		contest.getByRole('link', { name: 'Corriger la liste de présence de ce rituel' })
	).toHaveAttribute('href', /\/rituals\/attendance\?ritual=.+&at=/);
	await contest.getByRole('textbox', { name: 'Votre réponse' }).fill('Corrigé : « A apporté ».');
	await contest.getByRole('button', { name: 'Répondre' }).click();
	await expect(notice(page, 'Réponse envoyée.')).toBeVisible();
	// Answered, it leaves the open ones (the demo has another member's contest still open).
	await expect(page.getByTestId('contest').filter({ hasText: 'Camille Dubois' })).toHaveCount(0);
	await expect(
		page.getByTestId('answered-contest').filter({ hasText: 'Camille Dubois' })
	).toContainText('Corrigé : « A apporté ».');

	await as(page, CAMILLE, '/me/participation');
	await expect(page.getByTestId('my-contests')).toContainText('Corrigé : « A apporté ».');
});

test("a host sees aggregates, trends and the fragile flag, and never a member's level", async ({
	page
}) => {
	await as(page, SOPHIE, '/host/community');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le collectif');
	await expect(page.getByTestId('community-summary')).toContainText('Membres actifs comptés');
	const ready = await page.evaluate(
		() => performance.getEntriesByName('collectif:community-ready', 'mark').length
	);
	expect(ready).toBe(1);
	await expect(page.getByTestId('fragile-flag')).toContainText('Collectif fragile ?');
	await expect(page.getByRole('heading', { name: 'Tendances sur 12 mois' })).toBeVisible();
	const charts = page.locator('figure[data-testid^="trend-"]');
	await expect(charts).toHaveCount(4);
	await expect(page.locator('[data-testid="trend-chart"] canvas').first()).toBeVisible();
	// Each chart has its figures as a table.
	const first = charts.first();
	await first.getByText('Voir les chiffres').click();
	await expect(first.locator('details table').getByRole('row')).toHaveCount(13);
	await expect(page.getByTestId('single-host')).toBeVisible();
	await expect(page.getByTestId('newcomers-list')).toBeVisible();
	await expect(page.getByTestId('happy-list')).toBeVisible();

	// No level label next to any member's name.
	const names = (await rows<{ displayName: string }>(page, 'memberships')).map(
		(m) => m.displayName
	);
	const blocks = page.locator('main li, main tr, main p, main dd, main dt');
	const texts = await blocks.allTextContents();
	for (const text of texts) {
		if (!names.some((name) => text.includes(name))) continue;
		for (const level of LEVELS) expect(text, `"${text}"`).not.toContain(level);
	}

	await page.setViewportSize({ width: 1280, height: 900 });
	await expect(page.locator('[data-testid="trend-chart"] canvas').first()).toBeVisible();
});

test('a host publishes a new version of the settings; members read the weights in force', async ({
	page
}) => {
	await as(page, SOPHIE, '/host/community/settings');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réglages de la participation');
	const led = page.getByRole('textbox', { name: 'Poids : Mené' });
	await led.fill('abc');
	await page.getByRole('textbox', { name: 'Seuil : Contributeur·rice' }).fill('1');
	await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
	await expect(page.getByText('Un nombre, par exemple 4 ou 1,5.')).toBeVisible();
	await expect(
		page.getByText('Doit être plus grand que le seuil du niveau précédent.')
	).toBeVisible();
	await expect(led).toBeFocused();
	const before = (await rows(page, 'participationSettings')).length;

	await led.fill('10');
	await page.getByRole('textbox', { name: 'Seuil : Contributeur·rice' }).fill('4');
	await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
	await expect(notice(page, 'Nouvelle version enregistrée et publiée.')).toBeVisible();
	const versions = await rows<{ values: Record<string, unknown>; validFrom: string }>(
		page,
		'participationSettings'
	);
	expect(versions).toHaveLength(before + 1);
	expect(versions.at(-1)).toMatchObject({ values: { weights: { led: 10 } }, validFrom: today() });
	await expect(page.getByTestId('settings-history')).toContainText('Poids : Mené : 10');

	await as(page, CAMILLE, '/community');
	await page.getByRole('link', { name: /Comment la participation est comptée/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Comment la participation est comptée'
	);
	const weights = page.getByTestId('weights-table');
	await expect(weights.getByRole('row')).toHaveCount(10);
	await expect(page.getByTestId('weight-led')).toContainText('10');
	await expect(page.getByTestId('weight-attended')).toContainText(/\d/);
	await expect(page.getByTestId('weight-coanimated')).toContainText('Animation');
	await expect(page.getByTestId('levels-table')).toContainText('Contributeur·rice');
	await expect(page.getByText(/s'affiche « <5 »/)).toBeVisible();
	await expect(
		page.getByText('Jamais : votre niveau, vos jauges, votre journal, ni aucun classement.')
	).toBeVisible();
	await expect(page.getByTestId('settings-history')).toContainText('Poids : Mené : 10');
});

test('a newcomer sees the glossary and open rituals on the home, and says who welcomed them', async ({
	page
}) => {
	// Camille arrived a few weeks ago in the demo and has not answered yet.
	await openApp(page, '/');
	const welcome = page.getByTestId('newcomer-welcome');
	await expect(welcome).toBeVisible();
	await expect(welcome.getByRole('link', { name: /glossaire/ })).toHaveAttribute(
		'href',
		'/rituals/glossary'
	);
	await expect(welcome.getByRole('link', { name: "Tous les rituels de l'espace" })).toHaveAttribute(
		'href',
		'/rituals'
	);
	const question = welcome.getByRole('group', { name: /Qui vous a accueilli·e \?/ });
	await expect(
		question.getByRole('radio', { name: "Quelqu'un d'autre / personne en particulier" })
	).toBeVisible();
	await question.getByRole('radio', { name: 'Sophie Martin' }).check();
	await welcome.getByRole('button', { name: 'Répondre' }).click();
	await expect(page.getByTestId('welcome-thanks')).toContainText(
		'Merci ! Sophie Martin verra cet accueil compté dans son miroir.'
	);
	const people = await rows<{ userId: string; displayName: string }>(page, 'memberships');
	const id = (name: string) => people.find((p) => p.displayName === name)!.userId;
	const answer = (
		await rows<{ newcomerId: string; welcomerId: string | null }>(page, 'welcomes')
	).find((w) => w.newcomerId === id('Camille Dubois'));
	expect(answer?.welcomerId).toBe(id('Sophie Martin'));

	// Changeable from the mirror; the host sees a plain yes.
	await openApp(page, '/me/participation');
	await expect(page.getByTestId('welcome-answer')).toHaveText('Votre réponse : Sophie Martin');
	await as(page, SOPHIE, '/host/community');
	await expect(
		page.getByTestId('newcomer-row').filter({ hasText: 'Camille Dubois' })
	).toContainText('Accueillie : oui');
	await as(page, CAMILLE, '/');
	await expect(page.getByTestId('newcomer-welcome')).toHaveCount(0);
});

test.describe('at 320 px', () => {
	test.use({ viewport: { width: 320, height: 640 } });
	test('the participation screens fit and their targets are at least 44 px', async ({ page }) => {
		const screens: [RegExp, string][] = [
			[CAMILLE, '/me/participation'],
			[CAMILLE, '/community/how'],
			[SOPHIE, '/host/community'],
			[SOPHIE, '/host/community/settings'],
			[SOPHIE, '/host/contests']
		];
		for (const [persona, path] of screens) {
			await as(page, persona, path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
			const targets = page.locator(
				'main .button, main button, main select, main summary, main input:not([type=checkbox]):not([type=radio]), main .check-row, main .more, main .back'
			);
			for (const target of await targets.all()) {
				if (!(await target.isVisible())) continue;
				const box = (await target.boundingBox())!;
				expect(box.height, `${path}: ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
			}
		}
	});
});
