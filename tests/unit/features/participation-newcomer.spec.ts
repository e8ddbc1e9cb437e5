// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { welcomesOf } from '$lib/db/participation';
import NewcomerWelcome from '$lib/features/participation/NewcomerWelcome.svelte';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { HOST, MEMBER, SPACE } from '../builders';
import { applyMutations } from '../db/harness';
import { memberScreen } from './member-screen';

/** The home's welcome block for a newcomer, on a real (fake-indexeddb) device database. */
overwriteGetLocale(() => 'fr');
const screen = memberScreen();
const render = () => screen.render(NewcomerWelcome);
const checkIn = () =>
	applyMutations(screen.db, [
		{
			actorId: MEMBER,
			name: 'visit.start@1',
			args: { spaceId: SPACE, visitId: crypto.randomUUID(), at: new Date().toISOString() }
		}
	]);

describe('a newcomer’s first days on the home', () => {
	it('offers the glossary, the rituals and "who welcomed you?"; the answer confirms the welcome', async () => {
		await checkIn();
		const page = render();
		await vi.waitFor(() =>
			expect(page.querySelector('[data-testid="newcomer-welcome"]')).not.toBeNull()
		);
		const links = [...page.querySelectorAll('a')].map((a) => a.getAttribute('href'));
		expect(links).toContain('/rituals/glossary');
		expect(links).toContain('/rituals');
		const labels = [...page.querySelectorAll('label')].map((l) => l.textContent!.trim());
		expect(labels).toEqual(['Sophie', "Quelqu'un d'autre / personne en particulier"]);

		// Sending without a choice asks for one; then Sophie is named.
		page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
		await vi.waitFor(() => expect(page.textContent).toContain('Choisissez une personne'));
		page.querySelector<HTMLInputElement>('input[type="radio"]')!.click();
		page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
		await vi.waitFor(() =>
			expect(page.querySelector('[data-testid="welcome-thanks"]')).not.toBeNull()
		);
		expect(page.textContent).toContain('Merci ! Sophie verra cet accueil compté dans son miroir.');
		const [welcome] = await welcomesOf(screen.db, SPACE);
		expect(welcome).toMatchObject({ newcomerId: MEMBER, welcomerId: HOST });
	});

	it('can be put off, and shows nothing to someone not new', async () => {
		await checkIn();
		const page = render();
		await vi.waitFor(() =>
			expect(page.querySelector('[data-testid="newcomer-welcome"]')).not.toBeNull()
		);
		[...page.querySelectorAll('button')]
			.find((b) => b.textContent!.trim() === 'Plus tard')!
			.click();
		flushSync();
		expect(page.querySelector('[data-testid="newcomer-welcome"]')).toBeNull();
		expect(await welcomesOf(screen.db, SPACE)).toEqual([]);
	});

	it('shows nothing before the first visit or contract', async () => {
		const page = render();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(page.querySelector('[data-testid="newcomer-welcome"]')).toBeNull();
	});
});
