// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { CollectifDB } from '$lib/db/database';
import { welcomesOf } from '$lib/db/participation';
import { App } from '$lib/state/app.svelte';
import type { DemoSession } from '$lib/state/session.svelte';
import NewcomerWelcome from '$lib/features/participation/NewcomerWelcome.svelte';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { HOST, MEMBER, SPACE } from '../builders';
import { applyMutations, freshDb, spaceWithMember } from '../db/harness';
import WithApp from './participation-app-context.svelte';

/** The home's welcome block for a newcomer, on a real (fake-indexeddb) device database. */
overwriteGetLocale(() => 'fr');
let db: CollectifDB;
let component: ReturnType<typeof mount> | null = null;
beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
	localStorage.clear();
});
afterEach(async () => {
	if (component) await unmount(component);
	component = null;
	document.body.innerHTML = '';
	await db.delete();
});

const session = { kind: 'demo', userId: MEMBER, spaceId: SPACE } as unknown as DemoSession;
function render(): HTMLElement {
	const target = document.createElement('div');
	document.body.append(target);
	component = mount(WithApp, {
		target,
		props: { app: new App(db, session), component: NewcomerWelcome }
	});
	flushSync();
	return target;
}
const checkIn = () =>
	applyMutations(db, [
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
		const [welcome] = await welcomesOf(db, SPACE);
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
		expect(await welcomesOf(db, SPACE)).toEqual([]);
	});

	it('shows nothing before the first visit or contract', async () => {
		const page = render();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(page.querySelector('[data-testid="newcomer-welcome"]')).toBeNull();
	});
});
