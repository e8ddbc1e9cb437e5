import { describe, expect, it } from 'vitest';
import type { ParticipationFacts, Welcome } from '$lib/domain/participation/facts';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { isNewcomer } from '$lib/domain/participation/levels';
import { addDays } from '$lib/domain/time';
import { attend, logOf, present } from './builders';

const welcome = (newcomerId: string, welcomerId: string | null, date: string): Welcome => ({
	newcomerId,
	welcomerId,
	confirmedAt: `${date}T10:00:00.000Z`
});

/**
 * Newcomers first seen in January (n1-n3), February (n4, n5), March (n6-n11, all on the 10th),
 * April (n12) and May (n13, n14); an old member (first seen 2024) is in no cohort.
 */
const firstSeen = {
	n1: '2026-01-05',
	n2: '2026-01-12',
	n3: '2026-01-20',
	n4: '2026-02-02',
	n5: '2026-02-16',
	...Object.fromEntries(['n6', 'n7', 'n8', 'n9', 'n10', 'n11'].map((n) => [n, '2026-03-10'])),
	n12: '2026-04-10',
	n13: '2026-05-05',
	n14: '2026-05-20',
	old: '2024-09-01'
} as Record<string, string>;
const day = (id: string, n: number) => addDays(firstSeen[id]!, n);
const facts: ParticipationFacts = {
	firstSeen: Object.entries(firstSeen).map(([userId, date]) => ({ userId, date })),
	welcomes: [
		welcome('n1', 'old', day('n1', 3)),
		welcome('n2', 'old', day('n2', 10)),
		welcome('n4', 'host', day('n4', 0)),
		welcome('n5', 'old', day('n5', 7)),
		// "Nobody in particular": an answer, but no one to credit and no welcome to count.
		welcome('n6', null, day('n6', 1))
	],
	attendance: [
		attend('n1', day('n1', 20)),
		attend('n2', day('n2', 28)),
		attend('n3', day('n3', 29)),
		attend('n5', day('n5', 5)),
		attend('n12', day('n12', 3)),
		attend('old', '2026-06-25', 'led')
	],
	presence: [
		present('n1', day('n1', 70)),
		present('n2', day('n2', 84)),
		present('n3', day('n3', 85))
	],
	staffIds: ['host']
};
const log = logOf(facts);

describe('newcomer cohorts', () => {
	it('are pooled month by month until they hold at least 5 newcomers', () => {
		const { cohorts, gathering } = hostIndicators(log, '2026-06-30').newcomers;
		expect(cohorts.map((c) => [c.from, c.to, c.size])).toEqual([
			['2026-01', '2026-02', 5],
			['2026-03', '2026-03', 6]
		]);
		// April and May (3 newcomers) wait for more before they are shown.
		expect(gathering).toBe(3);
	});

	it('rates read like the rules: within 7 days, within 28, at day 56, during days 57-84', () => {
		const [first, second] = hostIndicators(log, '2026-06-30').newcomers.cohorts;
		// n1 (day 3), n4 (day 0, by staff) and n5 (day 7); n2 was welcomed on day 10, n3 never.
		expect(first!.welcomed).toMatchObject({ count: 3, over: 5 });
		// n1 (day 20), n2 (day 28), n5 (day 5); n3 came on day 29, n4 never.
		expect(first!.firstRitual).toMatchObject({ count: 3, over: 5 });
		// One attendance holds level 1 for 90 days: all who came, even on day 29.
		expect(first!.levelAt56).toMatchObject({ count: 4, over: 5 });
		// Present on day 70 (n1) and day 84 (n2); day 85 (n3) is too late.
		expect(first!.activeAt84).toMatchObject({ count: 2, over: 5 });
		expect(second).toMatchObject({
			welcomed: { count: 0, over: 6 },
			firstRitual: { count: 0, over: 6 }
		});
	});

	it('a rate counts only the newcomers old enough for it', () => {
		const march = hostIndicators(log, '2026-04-15').newcomers.cohorts[1]!;
		expect(march).toMatchObject({
			size: 6,
			welcomed: { over: 6 },
			firstRitual: { over: 6 },
			levelAt56: { over: 0, rate: null },
			activeAt84: { over: 0, rate: null }
		});
	});

	it('the first-ritual rate of those whose 28th day fell in the window feeds the fragile flag', () => {
		// Due between 2 April and 30 June: the six of March, n12 (who came), n13 and n14.
		expect(hostIndicators(log, '2026-06-30').newcomers.firstRitualRate).toBeCloseTo(1 / 9);
		// On 31 March, n1-n5 were due: 3 of 5. On 20 February only n1-n3: fewer than 5, not measured.
		expect(hostIndicators(log, '2026-03-31').newcomers.firstRitualRate).toBe(0.6);
		expect(hostIndicators(log, '2026-02-20').newcomers.firstRitualRate).toBeNull();
	});

	it('recent newcomers, and contributors and animators per recent newcomer', () => {
		expect(hostIndicators(log, '2026-06-30').newcomers).toMatchObject({
			recent: 1,
			contributorsPerNewcomer: 1,
			animatorsPerNewcomer: 1
		});
	});
});

describe('the newcomer flag', () => {
	const cases = [
		['on the first day', '2026-03-01', true],
		['on day 55', addDays('2026-03-01', 55), true],
		['not from day 56', addDays('2026-03-01', 56), false],
		['not before the first visit', '2026-02-28', false]
	] as const;
	for (const [rule, today, flagged] of cases) {
		it(rule, () => expect(isNewcomer('2026-03-01', today)).toBe(flagged));
	}
});
