import { describe, expect, it } from 'vitest';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { attend, logOf, present } from './builders';
import { cantine } from './scenario';

const view = hostIndicators(logOf(cantine), '2026-06-30');

describe('collective indicators on one date', () => {
	it('the window and N, the active non-staff members', () => {
		expect(view).toMatchObject({
			asOf: '2026-06-30',
			from: '2026-04-02',
			members: 20,
			alerts: true
		});
	});

	it('animation concentration: CAF 2 (m9 and m13 carry half), so "watch"', () => {
		// Host credit: m9 3 leads, m13 2, m14 1, m15 one co-animation (0.5); staff credit is not a member's.
		expect(view.concentration).toEqual({
			caf: 2,
			top1: 3 / 6.5,
			total: 6.5,
			animators: 4,
			status: 'watch'
		});
	});

	it('staff dependency: 13 of 19 hosted occurrences had only staff', () => {
		expect(view.hosting.staffDependency).toEqual({
			share: 13 / 19,
			staffOnly: 13,
			hosted: 19,
			unhosted: 0,
			status: 'watch'
		});
	});

	it('single-host rituals: the lunch (staff) and the breakfast (m9), not the workshop', () => {
		expect(view.hosting.singleHost).toEqual({
			share: 2 / 3,
			singleHost: 2,
			series: 3,
			status: 'watch'
		});
		expect(view.hosting.series).toEqual([
			{ ritualId: 'lunch', held: 13, scheduled: 13, heldRatio: 1, hosts: 1 },
			{ ritualId: 'breakfast', held: 3, scheduled: null, heldRatio: null, hosts: 1 },
			{ ritualId: 'workshop', held: 3, scheduled: null, heldRatio: null, hosts: 3 }
		]);
	});

	it('renewal: three new animators, one lost (m16), the pipeline is m1', () => {
		expect(view.renewal).toEqual({
			newAnimators: 3,
			lostAnimators: 1,
			ratio: 3,
			previousRatio: null,
			veteranShare: 0,
			pipeline: 1,
			status: 'ok'
		});
	});

	it('rituals: show-up, conversion and reach', () => {
		expect(view.rituals.showUp).toEqual({
			count: 8,
			over: 10,
			people: 10,
			rate: 0.8,
			status: 'ok'
		});
		// Lunch 13 × 8 of 20 present, breakfast 3 × 4 of 20, workshops 4 of 3 × 20.
		expect(view.rituals.conversion).toMatchObject({ count: 120, over: 380, rate: 120 / 380 });
		expect(view.rituals.reach).toMatchObject({ count: 15, over: 20, rate: 0.75 });
		expect(view.rituals.series.map((s) => [s.ritualId, s.showUp.rate, s.conversion.rate])).toEqual([
			['lunch', 0.8, 104 / 260],
			['breakfast', null, 12 / 60],
			['workshop', null, 4 / 60]
		]);
	});

	it('taking part: the pyramid, shares and weighted commitment', () => {
		// Level 0: m16-m20; 1: m2-m8, m10-m12; 2: m1 (a dish), m15 (one co-animation); 3: m9, m13, m14.
		expect(view.takingPart).toMatchObject({
			members: 20,
			pyramid: [5, 10, 2, 3],
			atLeast1: 0.75,
			atLeast2: 0.25,
			weightedCommitment: 5 + 10 * 16 + 2 * 49 + 3 * 100
		});
	});
});

describe('flows between months', () => {
	it('counts who moved up, down, stayed, joined and left', () => {
		const log = logOf({
			attendance: [
				attend('up', '2026-03-20'),
				attend('up', '2026-04-14', 'contributed'),
				attend('down', '2026-03-12', 'led')
			],
			presence: [
				present('left', '2026-01-10'),
				...['up', 'down', 'same'].map((m) => present(m, '2026-03-20')),
				...['up', 'down', 'same', 'joined'].map((m) => present(m, '2026-04-14'))
			]
		});
		// Compared with 21 March: "left" was last seen 10 January, in the window then, not on 20 April.
		const { flows, pyramid, previousPyramid } = hostIndicators(log, '2026-04-20').takingPart;
		expect(previousPyramid).toEqual([2, 1, 0, 1]);
		expect(pyramid).toEqual([2, 0, 2, 0]);
		expect(flows).toMatchObject({
			up: 1,
			down: 1,
			same: 1,
			joined: [1, 0, 0, 0],
			left: [1, 0, 0, 0]
		});
		expect(flows.moved).toEqual([
			[1, 0, 0, 0],
			[0, 0, 1, 0],
			[0, 0, 0, 0],
			[0, 0, 1, 0]
		]);
	});
});
