import { afterEach, describe, expect, it } from 'vitest';
import { compactFacts } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { releaseHostIndicators } from '$lib/domain/participation/host-release';
import { configResolver, monthlySeries } from '$lib/domain/participation/series';
import { syntheticSpace } from '$lib/domain/participation/synthetic';
import { addDays } from '$lib/domain/time';
import type { Membership, ParticipationPrefs } from '$lib/domain/types';
import { communityView } from '$lib/features/participation/community-view';
import {
	happyToBeAsked,
	newcomerRows,
	releasedMonths,
	singleHostRituals
} from '$lib/features/participation/host-view';
import { indicatorGroups } from '$lib/features/participation/key-numbers';
import { levelLabel } from '$lib/features/participation/level-text';
import { countText, ratioText } from '$lib/features/participation/released-text';
import { trends } from '$lib/features/participation/trends';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { attend, present, weekdays, ZONE } from '../domain/participation/builders';

afterEach(() => overwriteGetLocale(() => 'fr'));

const member = (userId: string, role: Membership['role'] = 'member'): Membership => ({
	id: `s:${userId}`,
	spaceId: 's',
	userId,
	displayName: `Name ${userId}`,
	role,
	showPresence: false
});
const levelWords = [0, 1, 2, 3].flatMap((level) => {
	const fr = levelLabel(level as 0);
	overwriteGetLocale(() => 'en');
	const en = levelLabel(level as 0);
	overwriteGetLocale(() => 'fr');
	return [fr, en];
});

describe('released values in words', () => {
	it('a small count reads "<5", said "moins de 5"', () => {
		expect(countText({ kind: 'fewer', than: 5 })).toEqual({
			text: '<5',
			label: 'moins de 5',
			suppressed: true
		});
		expect(countText({ kind: 'count', value: 0 }).text).toBe('0');
		expect(countText({ kind: 'count', value: 12 }).text).toBe('12');
	});

	it('a ratio over too few people reads "masqué (moins de 5 personnes)"', () => {
		expect(ratioText({ kind: 'hidden' }, 5).text).toBe('masqué (moins de 5 personnes)');
		overwriteGetLocale(() => 'en');
		expect(ratioText({ kind: 'hidden' }, 5).text).toBe('hidden (fewer than 5 people)');
	});

	it('a rounded ratio reads "≈ 40 %", an exact one as is', () => {
		expect(
			ratioText({ kind: 'ratio', value: 0.4, rounded: true }, 5).text.replace(/\s/g, ' ')
		).toBe('≈ 40 %');
		expect(
			ratioText({ kind: 'ratio', value: 0.42, rounded: false }, 5).text.replace(/\s/g, ' ')
		).toBe('42 %');
	});
});

describe('the host view of a lively space (300 members, a year)', () => {
	const space = syntheticSpace(300, 365, 7);
	const log = compactFacts(space.facts, space.timeZone);
	const months = releasedMonths(log, space.end, configResolver([]));
	const members = [...space.members, ...space.staff].map((id) =>
		member(id, space.staff.includes(id) ? 'host' : 'member')
	);

	it('has 12 monthly readings, the last one today', () => {
		expect(months).toHaveLength(12);
		expect(months.at(-1)!.view.asOf).toBe(space.end);
	});

	it('reads like monthlySeries then releaseHostIndicators, month by month', () => {
		const changes = [{ version: 1, validFrom: '2025-09-01', values: { halfLifeDays: 120 } }];
		const ours = releasedMonths(log, space.end, configResolver(changes));
		const series = monthlySeries(log, ours[0]!.month, space.end, changes);
		expect(ours.map((m) => m.month)).toEqual(series.map((r) => r.month));
		const resolve = configResolver(changes);
		expect(ours.map((m) => m.view)).toEqual(
			series.map((r) => releaseHostIndicators(r.indicators, resolve(r.indicators.asOf)))
		);
	});

	it('holds no person: no member id anywhere in what is rendered', () => {
		const rendered = JSON.stringify({
			groups: indicatorGroups(months.at(-1)!),
			trends: trends(months).map((t) => t.lines.map((l) => [l.points, l.texts]))
		});
		for (const id of space.members) expect(rendered).not.toContain(id);
	});

	it('the numbers are released ones: the pyramid keeps groups of 0 or at least 5', () => {
		const part = months.at(-1)!.view.takingPart!;
		for (const group of part.pyramid.groups) {
			if (group.count.kind === 'count')
				expect(group.count.value === 0 || group.count.value >= 5).toBe(true);
		}
	});

	it('the view computes in one pass, fast enough for a phone', () => {
		const started = performance.now();
		const view = communityView(
			{ log, version: log.version, settings: [], prefs: [], members, rituals: [] },
			space.end
		);
		const elapsed = performance.now() - started;
		expect(view.months).toHaveLength(12);
		// Node at 1× on a shared machine; the budget (300 ms at 4× CPU) is measured by `npm run bench`.
		expect(elapsed).toBeLessThan(1500);
	});
});

describe('a small space', () => {
	// Eight members, lunches every Thursday for eight months, one of them hosting.
	const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
	const days = weekdays('2026-05-04', '2026-12-31');
	const thursdays = days.filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 4);
	const facts: ParticipationFacts = {
		presence: days.flatMap((d) => people.map((p) => present(p, d))),
		attendance: thursdays.flatMap((d) => [attend('a', d, 'led'), attend('b', d), attend('c', d)]),
		firstSeen: people.map((userId) => ({ userId, date: '2026-05-04' }))
	};
	const months = releasedMonths(compactFacts(facts, ZONE), '2026-12-31', configResolver([]));
	const current = months.at(-1)!;

	it('shows only ritual and animation indicators, and says why', () => {
		expect(current.view.smallSpace).toBe(true);
		const groups = indicatorGroups(current);
		const takingPart = groups.find((g) => g.key === 'taking-part')!;
		expect(takingPart.rows).toEqual([]);
		expect(takingPart.note).toContain('moins de 15 membres actifs');
		expect(groups.find((g) => g.key === 'newcomers')!.rows).toEqual([]);
	});

	it('counts under 5 read "<5" and ratios over fewer than 5 people read "masqué"', () => {
		const groups = indicatorGroups(current);
		const reach = groups.find((g) => g.key === 'rituals')!.rows.find((r) => r.key === 'reach')!;
		expect(reach.value.text).not.toMatch(/^\d/);
		const table = trends(months).find((t) => t.key === 'people')!;
		expect(table.lines.find((l) => l.key === 'members')!.texts.at(-1)!.text).toBe('8');
		const showUp = trends(months).find((t) => t.key === 'rituals')!.lines[0]!;
		expect(showUp.points.every((p) => p === null)).toBe(true);
		expect(showUp.texts.at(-1)!.text).toBe('masqué (moins de 5 personnes)');
	});

	it('lists the series resting on one host, by title', () => {
		expect(singleHostRituals(current, [{ id: 'lunch', title: 'Déjeuner' }])).toEqual([
			{ ritualId: 'lunch', title: 'Déjeuner', held: expect.any(Number), scheduled: null }
		]);
	});

	it('never puts a level word next to a name', () => {
		const view = communityView(
			{
				log: compactFacts(facts, ZONE),
				version: 1,
				settings: [],
				prefs: people.map((userId) => ({
					id: `s:${userId}`,
					spaceId: 's',
					userId,
					optedOut: false,
					optedOutAt: null,
					happyToBeAsked: userId === 'b'
				})),
				members: people.map((p) => member(p)),
				rituals: []
			},
			'2026-12-31'
		);
		const named = JSON.stringify([view.newcomers, view.happy]);
		for (const word of levelWords) expect(named).not.toContain(word);
		expect(view.happy).toEqual(['Name b']);
	});
});

describe('newcomers, yes or no', () => {
	const today = '2027-03-01';
	const facts: ParticipationFacts = {
		firstSeen: [
			{ userId: 'new-welcomed', date: addDays(today, -10) },
			{ userId: 'new-nobody', date: addDays(today, -3) },
			{ userId: 'new-alone', date: addDays(today, -55) },
			{ userId: 'old', date: addDays(today, -56) },
			{ userId: 'host', date: addDays(today, -2) },
			{ userId: 'new-out', date: addDays(today, -5) }
		],
		welcomes: [
			{
				id: 'w1',
				newcomerId: 'new-welcomed',
				welcomerId: 'old',
				confirmedAt: `${addDays(today, -9)}T10:00:00.000Z`
			},
			{
				id: 'w2',
				newcomerId: 'new-nobody',
				welcomerId: null,
				confirmedAt: `${addDays(today, -2)}T10:00:00.000Z`
			}
		],
		staffIds: ['host'],
		prefs: [
			{ userId: 'new-out', optedOut: true, optedOutAt: `${addDays(today, -4)}T10:00:00.000Z` }
		]
	};
	const members = ['new-welcomed', 'new-nobody', 'new-alone', 'old', 'new-out'].map((id) =>
		member(id)
	);
	members.push(member('host', 'host'));

	it('lists members in their first 56 days with only a name and a yes/no, not yet welcomed first', () => {
		const rows = newcomerRows(
			compactFacts(facts, ZONE),
			members,
			today,
			defaultConfig.newcomerDays
		);
		expect(rows).toEqual([
			{ userId: 'new-alone', name: 'Name new-alone', welcomed: false },
			{ userId: 'new-nobody', name: 'Name new-nobody', welcomed: false },
			{ userId: 'new-welcomed', name: 'Name new-welcomed', welcomed: true }
		]);
		for (const row of rows) expect(Object.keys(row).sort()).toEqual(['name', 'userId', 'welcomed']);
	});

	it('lists who is happy to be asked, by name, and no one else', () => {
		const prefs: ParticipationPrefs[] = [
			{
				id: '1',
				spaceId: 's',
				userId: 'old',
				optedOut: false,
				optedOutAt: null,
				happyToBeAsked: true
			},
			{
				id: '2',
				spaceId: 's',
				userId: 'new-alone',
				optedOut: false,
				optedOutAt: null,
				happyToBeAsked: false
			},
			{
				id: '3',
				spaceId: 's',
				userId: 'gone',
				optedOut: false,
				optedOutAt: null,
				happyToBeAsked: true
			}
		];
		expect(happyToBeAsked(prefs, members)).toEqual(['Name old']);
	});
});
