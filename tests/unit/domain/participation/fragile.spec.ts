import { describe, expect, it } from 'vitest';
import { defaultConfig } from '$lib/domain/participation/config';
import {
	fragileFlag,
	fragileReasons,
	type FragileReadings
} from '$lib/domain/participation/fragile';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { logOf } from './builders';
import { cantine } from './scenario';

const healthy: FragileReadings = {
	caf: 4,
	newAnimators: 2,
	lostAnimators: 1,
	singleHostShare: 0.2,
	staffDependency: 0.1,
	firstRitualRate: 0.6
};
const alerts = defaultConfig.alerts;

describe('reasons of the fragile flag', () => {
	const cases: [string, Partial<FragileReadings>, string[]][] = [
		['a healthy collective has none', {}, []],
		['two people or fewer carry half the animation', { caf: 2 }, ['concentration']],
		['only staff animate (CAF 0)', { caf: 0 }, ['concentration']],
		['fewer new animators than lost ones', { newAnimators: 1, lostAnimators: 2 }, ['renewal']],
		['no loss, no renewal problem', { newAnimators: 0, lostAnimators: 0 }, []],
		['more than half the series rest on one host', { singleHostShare: 0.51 }, ['single_host']],
		['exactly half is not more than half', { singleHostShare: 0.5 }, []],
		['staff animate 60 % of occurrences alone', { staffDependency: 0.6 }, ['staff_dependency']],
		[
			'fewer than 30 % of newcomers reach a ritual in 28 days',
			{ firstRitualRate: 0.29 },
			['first_ritual']
		],
		[
			'what could not be measured is no reason',
			{ caf: null, singleHostShare: null, staffDependency: null, firstRitualRate: null },
			[]
		]
	];
	for (const [rule, readings, reasons] of cases) {
		it(rule, () => expect(fragileReasons({ ...healthy, ...readings }, alerts)).toEqual(reasons));
	}

	it('the flag needs at least two reasons, and alerts on', () => {
		expect(fragileFlag(['concentration'], true, alerts)).toBe(false);
		expect(fragileFlag(['concentration', 'renewal'], true, alerts)).toBe(true);
		expect(fragileFlag(['concentration', 'renewal'], false, alerts)).toBe(false);
	});
});

describe('the fragile flag of a space', () => {
	it('is raised with its reasons', () => {
		// The Cantine: CAF 2, two of three series on a single host, 13 of 19 occurrences staff only.
		expect(hostIndicators(logOf(cantine), '2026-06-30').fragile).toEqual({
			fragile: true,
			reasons: ['concentration', 'single_host', 'staff_dependency'],
			alertsFrom: '2026-04-01'
		});
	});

	it('is never raised during the first 6 months of data, though its reasons are listed', () => {
		// Without the presence of October 2025, data start with the jam session of 5 February.
		const young = logOf({ ...cantine, presence: cantine.presence!.slice(1) });
		const view = hostIndicators(young, '2026-06-30');
		expect(view.fragile).toEqual({
			fragile: false,
			reasons: ['concentration', 'single_host', 'staff_dependency'],
			alertsFrom: '2026-08-05'
		});
		expect(view.alerts).toBe(false);
		expect([
			view.concentration.status,
			view.hosting.staffDependency.status,
			view.hosting.singleHost.status,
			view.renewal.status,
			view.rituals.showUp.status
		]).toEqual([null, null, null, null, null]);
	});
});
