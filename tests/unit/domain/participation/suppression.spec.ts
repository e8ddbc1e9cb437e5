import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossSpacePrivacy, defaultConfig, defaultPrivacy } from '$lib/domain/participation/config';
import { releaseHostIndicators } from '$lib/domain/participation/host-release';
import { hostIndicators } from '$lib/domain/participation/indicators';
import {
	releaseBreakdown,
	releaseCount,
	releaseRatio,
	type ReleasedBreakdown
} from '$lib/domain/participation/suppression';
import { logOf } from './builders';
import { cantine } from './scenario';

const fewer = (than = 5) => ({ kind: 'fewer', than });
const count = (value: number) => ({ kind: 'count', value });
const ratio = (value: number, rounded = false) => ({ kind: 'ratio', value, rounded });
const hidden = { kind: 'hidden' };

describe('counts', () => {
	const cases = [
		['nobody is shown as 0', 0, defaultPrivacy, count(0)],
		['1 person shows as "fewer than 5"', 1, defaultPrivacy, fewer()],
		['4 people too', 4, defaultPrivacy, fewer()],
		['5 people are shown', 5, defaultPrivacy, count(5)],
		['beyond one space, 9 shows as "fewer than 10"', 9, crossSpacePrivacy, fewer(10)],
		['beyond one space, 10 are shown', 10, crossSpacePrivacy, count(10)]
	] as const;
	for (const [rule, n, rules, released] of cases) {
		it(rule, () => expect(releaseCount(n, rules)).toEqual(released));
	}
});

describe('ratios', () => {
	const cases = [
		['over fewer than 5 people: hidden', 2, 4, undefined, hidden],
		['over 5 to 19 people: rounded to 10 points', 7, 15, undefined, ratio(0.5, true)],
		['over 20 people or more: as is', 10, 20, undefined, ratio(0.5)],
		['over 40, a count of 3 behind it: rounded too', 3, 40, undefined, ratio(0.1, true)],
		['over 40, 3 people outside it: rounded too', 37, 40, undefined, ratio(0.9, true)],
		['30 sign-ups by 4 people: over fewer than 5 people, hidden', 20, 30, 4, hidden],
		['over nobody: hidden', 0, 0, undefined, hidden]
	] as const;
	for (const [rule, n, over, people, released] of cases) {
		it(rule, () => expect(releaseRatio(n, over, defaultPrivacy, people ?? over)).toEqual(released));
	}
});

const cells = (counts: readonly number[]) => counts.map((n, i) => ({ key: `c${i}`, count: n }));
const shape = (released: ReleasedBreakdown) =>
	released.groups.map((group) => [
		group.keys.join('+'),
		group.count.kind === 'count' ? group.count.value : '<'
	]);

describe('breakdowns', () => {
	const cases = [
		[
			'nothing small: nothing merged',
			[5, 10, 0, 7],
			true,
			[
				['c0', 5],
				['c1', 10],
				['c2', 0],
				['c3', 7]
			]
		],
		[
			'a small level joins its smaller neighbour',
			[5, 10, 2, 3],
			true,
			[
				['c0', 5],
				['c1', 10],
				['c2+c3', 5]
			]
		],
		[
			'across an empty level, towards someone',
			[0, 3, 0, 7],
			true,
			[
				['c0', 0],
				['c1+c2+c3', 10]
			]
		],
		['all small: one group, "fewer than 5"', [1, 2, 0], true, [['c0+c1+c2', '<']]],
		[
			'unordered categories: the smallest merge first',
			[2, 1, 30, 6, 0],
			false,
			[
				['c0+c1+c3', 9],
				['c2', 30],
				['c4', 0]
			]
		]
	] as const;
	for (const [rule, counts, ordered, groups] of cases) {
		it(rule, () =>
			expect(shape(releaseBreakdown(cells(counts), defaultPrivacy, ordered))).toEqual(groups)
		);
	}

	it('no released cell between 1 and 4, and none recoverable by subtraction', () => {
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), {
					minLength: 1,
					maxLength: 8
				}),
				fc.boolean(),
				fc.constantFrom(defaultPrivacy, crossSpacePrivacy),
				(counts, ordered, rules) => {
					const released = releaseBreakdown(cells(counts), rules, ordered);
					const total = counts.reduce((a, b) => a + b, 0);
					const small = (n: number) => n > 0 && n < rules.minGroup;
					const keys = released.groups.flatMap((group) => group.keys);
					// The groups are a partition of the categories (in order, when ordered).
					expect([...keys].sort()).toEqual(
						cells(counts)
							.map((c) => c.key)
							.sort()
					);
					if (ordered) expect(keys).toEqual(cells(counts).map((c) => c.key));
					for (const group of released.groups) {
						const sum = group.keys.reduce((s, key) => s + counts[Number(key.slice(1))]!, 0);
						if (group.count.kind === 'count') {
							// Released values are exact, and never a small group.
							expect(group.count.value).toBe(sum);
							expect(small(sum)).toBe(false);
						} else {
							// Only the whole breakdown can be "fewer than": then the total is too.
							expect(released.groups).toHaveLength(1);
							expect(released.total.kind).toBe('fewer');
						}
						// A small cell never stands alone, and the rest of its group holds someone: what is
						// released (group sums, total) cannot isolate it by subtraction.
						for (const key of group.keys) {
							const cell = counts[Number(key.slice(1))]!;
							if (small(cell) && group.count.kind === 'count') {
								expect(group.keys.length).toBeGreaterThan(1);
								expect(sum - cell).toBeGreaterThan(0);
							}
						}
					}
					if (released.total.kind === 'count') expect(released.total.value).toBe(total);
				}
			),
			{ numRuns: 2000 }
		);
	});
});

describe('what hosts see', () => {
	const view = hostIndicators(logOf(cantine), '2026-06-30');
	const released = releaseHostIndicators(view, defaultConfig);

	it('animation is a public role: shown as computed', () => {
		expect(released.animation.concentration).toEqual(view.concentration);
		expect(released.animation.staffDependency).toEqual(view.hosting.staffDependency);
		expect(released.animation.renewal.newAnimators).toBe(3);
		// The pipeline counts people by level: one contributor who never animated.
		expect(released.animation.pipeline).toEqual(fewer());
	});

	it('the pyramid merges small levels; shares keep only the boundaries left intact', () => {
		expect(released.members).toEqual(count(20));
		const takingPart = released.takingPart!;
		expect(takingPart.pyramid.groups).toEqual([
			{ keys: ['member'], count: count(5) },
			{ keys: ['participant'], count: count(10) },
			{ keys: ['contributor', 'animator'], count: count(5) }
		]);
		expect(takingPart.atLeast1).toEqual(ratio(0.75));
		expect(takingPart.atLeast2).toEqual(ratio(0.25));
		// Exact counts of merged groups plus WC would give the merged levels back.
		expect([takingPart.weightedCommitment, takingPart.gravity]).toEqual([null, null]);
	});

	it('ritual rates follow the ratio rules', () => {
		expect(released.rituals.showUp).toEqual(ratio(0.8, true));
		expect(released.rituals.reach).toEqual(ratio(0.75));
		expect(released.rituals.series.find((s) => s.ritualId === 'breakfast')?.showUp).toEqual(hidden);
	});

	it('under 15 members only ritual and animation indicators are shown', () => {
		const small = releaseHostIndicators(
			{
				...view,
				members: 14,
				fragile: { ...view.fragile, reasons: ['concentration', 'first_ritual'], fragile: true }
			},
			defaultConfig
		);
		expect(small).toMatchObject({
			smallSpace: true,
			takingPart: null,
			newcomers: null,
			animation: { pipeline: null }
		});
		// The newcomer reason goes with the newcomer indicators: one reason left, no flag.
		expect(small.fragile).toMatchObject({ fragile: false, reasons: ['concentration'] });
	});

	it('beyond one space, groups of at least 10', () => {
		const wide = releaseHostIndicators(view, defaultConfig, crossSpacePrivacy);
		for (const group of wide.takingPart!.pyramid.groups) {
			if (group.count.kind === 'count')
				expect(group.count.value === 0 || group.count.value >= 10).toBe(true);
		}
		// Contributors and animators (5) are still under 10 once merged: everything goes in one group.
		expect(wide.takingPart!.pyramid.groups.map((g) => g.keys.join('+'))).toEqual([
			'member+participant+contributor+animator'
		]);
	});
});
