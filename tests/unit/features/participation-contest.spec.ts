// @vitest-environment jsdom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contestsOf } from '$lib/db/participation';
import ContestDialog from '$lib/features/participation/ContestDialog.svelte';
import type { MirrorEntry } from '$lib/features/participation/mirror-entries';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { MEMBER, SPACE } from '../builders';
import { memberScreen } from './member-screen';

/** The mirror's contest dialog, on a real (fake-indexeddb) device database. */
overwriteGetLocale(() => 'fr');
beforeAll(() => {
	// jsdom has <dialog> without its modal methods: open and close as the browser would.
	HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
		this.open = true;
	};
	HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
		this.open = false;
		this.dispatchEvent(new Event('close'));
	};
});
const screen = memberScreen();

const titles = new Map([
	['lunch', 'Déjeuner partagé'],
	['afterwork', 'Afterwork']
]);
const entry = (sources: MirrorEntry['sources']): MirrorEntry => ({
	key: '2026-11-26:attended',
	date: '2026-11-26',
	type: 'attended',
	tier: 1,
	weight: 1,
	ritualIds: sources.map((source) => source.ritualId!),
	subject: sources[0]!.subject,
	sources
});

const render = (shown: MirrorEntry) =>
	screen.render(ContestDialog, { entry: shown, spaceId: SPACE, titles });
const type = (page: HTMLElement, text: string) => {
	const reason = page.querySelector('textarea')!;
	reason.value = text;
	reason.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('contesting an entry of the mirror', () => {
	it('asks which row is wrong when the entry rests on two, and names that one', async () => {
		const page = render(
			entry([
				{ subject: 'attendance:lunch-row', ritualId: 'lunch' },
				{ subject: 'attendance:afterwork-row', ritualId: 'afterwork' }
			])
		);
		const dialog = page.querySelector('dialog')!;
		expect(dialog.open).toBe(true);
		expect(dialog.querySelector('legend')!.textContent).toBe('Lequel est en cause ?');
		const choices = [...dialog.querySelectorAll('label.choice')].map((l) => l.textContent!.trim());
		expect(choices).toEqual(['Déjeuner partagé', 'Afterwork']);
		const radios = dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]');
		expect(radios[0]!.checked).toBe(true);

		// No reason: nothing is sent, and the field says why.
		dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
		await vi.waitFor(() => expect(dialog.querySelector('[aria-invalid="true"]')).not.toBeNull());
		expect(await contestsOf(screen.db, SPACE)).toEqual([]);

		radios[1]!.click();
		type(page, 'Je n’étais pas à l’afterwork.');
		dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
		await vi.waitFor(async () => expect(await contestsOf(screen.db, SPACE)).toHaveLength(1));
		const [contest] = await contestsOf(screen.db, SPACE);
		expect(contest).toMatchObject({
			userId: MEMBER,
			subject: 'attendance:afterwork-row',
			reason: 'Je n’étais pas à l’afterwork.'
		});
		await vi.waitFor(() => expect(dialog.open).toBe(false));
	});

	it('names the only row without asking when the entry rests on one', async () => {
		const page = render(entry([{ subject: 'attendance:lunch-row', ritualId: 'lunch' }]));
		const dialog = page.querySelector('dialog')!;
		expect(dialog.querySelector('fieldset')).toBeNull();
		type(page, 'Pas venue.');
		dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
		await vi.waitFor(async () => expect(await contestsOf(screen.db, SPACE)).toHaveLength(1));
		expect((await contestsOf(screen.db, SPACE))[0]).toMatchObject({
			subject: 'attendance:lunch-row'
		});
	});
});
