// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { compactFacts } from '$lib/domain/participation/compact';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import type { Membership } from '$lib/domain/types';
import IndicatorGroups from '$lib/features/participation/IndicatorGroups.svelte';
import PeopleLists from '$lib/features/participation/PeopleLists.svelte';
import FragileFlag from '$lib/features/participation/FragileFlag.svelte';
import { communityView } from '$lib/features/participation/community-view';
import { levelLabel } from '$lib/features/participation/level-text';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { attend, present, weekdays, ZONE } from '../domain/participation/builders';

// jsdom's browser language is English; the app's first language is French.
overwriteGetLocale(() => 'fr');

/** What the host view renders from a released view, in a DOM. */
const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
	for (const component of mounted.splice(0)) void unmount(component);
	document.body.innerHTML = '';
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's props
function render<P extends Record<string, any>>(component: Component<P>, props: P) {
	const target = document.createElement('div');
	document.body.append(target);
	mounted.push(mount(component, { target, props }));
	flushSync();
	return target;
}

// Nine members over eight months: three come to a Thursday lunch one of them leads.
const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
const days = weekdays('2026-05-04', '2026-12-31');
const thursdays = days.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 4);
const facts: ParticipationFacts = {
	presence: days.flatMap((d) => people.map((p) => present(p, d))),
	attendance: thursdays.flatMap((d) => [attend('a', d, 'led'), attend('b', d), attend('c', d)]),
	firstSeen: [
		...people.map((userId) => ({ userId, date: '2026-05-04' })),
		{ userId: 'new', date: '2026-12-20' }
	]
};
const member = (userId: string): Membership => ({
	id: `s:${userId}`,
	spaceId: 's',
	userId,
	displayName: `Person ${userId.toUpperCase()}`,
	role: 'member',
	showPresence: false
});
const view = communityView(
	{
		log: compactFacts(facts, ZONE),
		version: 1,
		settings: [],
		prefs: [
			{
				id: 'p',
				spaceId: 's',
				userId: 'b',
				optedOut: false,
				optedOutAt: null,
				happyToBeAsked: true
			}
		],
		members: [...people, 'new'].map(member),
		rituals: [{ id: 'lunch', title: 'Déjeuner' }] as never
	},
	'2026-12-31'
);

describe('the host view, rendered', () => {
	it('shows suppressed values as "<5" or "masqué", read out in words', () => {
		const page = render(IndicatorGroups, { groups: view.groups });
		expect(page.textContent).toContain('masqué (moins de 5 personnes)');
		expect(page.querySelector('[data-testid="group-taking-part"]')!.textContent).toContain(
			'moins de 15 membres actifs'
		);
		const counts = render(IndicatorGroups, {
			groups: [
				{
					key: 'animation',
					title: 'x',
					rows: [
						{
							key: 'pipeline',
							label: 'y',
							value: { text: '<5', label: 'moins de 5', suppressed: true },
							status: null
						}
					]
				}
			]
		});
		const cell = counts.querySelector('[data-testid="indicator-pipeline"] .value')!;
		expect(cell.querySelector('[aria-hidden="true"]')!.textContent).toBe('<5');
		expect(cell.querySelector('.visually-hidden')!.textContent).toBe('moins de 5');
	});

	it('puts no level next to any name', () => {
		const page = render(PeopleLists, { newcomers: view.newcomers, happy: view.happy, days: 56 });
		const names = [...page.querySelectorAll('li')];
		expect(names.map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
			'Person NEW Accueillie : pas encore',
			'Person B'
		]);
		for (const li of names) {
			for (const level of [0, 1, 2, 3] as const)
				expect(li.textContent).not.toContain(levelLabel(level));
		}
	});

	it('gives the fragile flag its reasons, even while alerts are quiet', () => {
		const page = render(FragileFlag, {
			fragile: view.current.view.fragile,
			alerts: view.current.view.alerts,
			config: view.current.config
		});
		expect(page.querySelector('[data-testid="fragile-flag"]')).not.toBeNull();
		expect(page.textContent).toMatch(
			/Pas d'alerte pendant les 6 premiers mois|Signal levé|Pas de signal/
		);
		expect(page.querySelectorAll('[data-testid="fragile-reasons"] li').length).toBe(
			view.current.view.fragile.reasons.length
		);
	});
});
