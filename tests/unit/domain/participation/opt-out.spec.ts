import { describe, expect, it } from 'vitest';
import { defaultConfig } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { releaseHostIndicators } from '$lib/domain/participation/host-release';
import { memberActivitiesOf, memberScoreOf } from '$lib/domain/participation/member-mirror';
import { monthlySeries } from '$lib/domain/participation/series';
import { attend, everyUntil, logOf, present, signup, weekdays } from './builders';
import { cantine } from './scenario';

/** X takes part in everything, then opts out on 15 June. */
const x: ParticipationFacts = {
	attendance: [
		...everyUntil(7, '2026-04-02', '2026-06-25').map((date) => attend('x', date, 'contributed')),
		attend('x', '2026-06-09T18:30', 'coanimated', 'workshop'),
		attend('x', '2026-05-12T08:30', 'attended', 'breakfast'),
		attend('x', '2026-02-12T18:30', 'led', 'x-club'),
		attend('x', '2026-03-12T18:30', 'led', 'x-club')
	],
	presence: weekdays('2026-01-05', '2026-06-30').map((date) => present('x', date)),
	signups: [signup('x', '2026-06-25'), signup('x', '2026-06-18')],
	proposals: [
		{
			id: 'x-proposal',
			userId: 'x',
			status: 'accepted',
			ritualId: 'x-club',
			decidedAt: '2026-02-01T10:00:00.000Z'
		}
	],
	firstSeen: [{ userId: 'x', date: '2026-01-05' }],
	optOuts: [{ userId: 'x', since: '2026-06-15' }]
};
const withX = logOf(cantine).append(x);
const withoutX = logOf(cantine);

describe('an opted-out member', () => {
	it('is absent from every aggregate from the opt-out day on', () => {
		for (const asOf of ['2026-06-15', '2026-06-30', '2026-09-30']) {
			const view = hostIndicators(withX, asOf);
			expect(view, asOf).toEqual(hostIndicators(withoutX, asOf));
			expect(releaseHostIndicators(view, defaultConfig), asOf).toEqual(
				releaseHostIndicators(hostIndicators(withoutX, asOf), defaultConfig)
			);
		}
		const series = monthlySeries(withX, '2026-06', '2026-08-31');
		expect(series).toEqual(monthlySeries(withoutX, '2026-06', '2026-08-31'));
	});

	it('was counted before opting out (published months are not rewritten)', () => {
		expect(hostIndicators(withX, '2026-06-14').members).toBe(
			hostIndicators(withoutX, '2026-06-14').members + 1
		);
	});

	it("follows the app's switch: switching back in ends the opt-out", () => {
		const log = logOf(cantine).append({
			...x,
			optOuts: [],
			prefs: [{ userId: 'x', optedOut: true, optedOutAt: '2026-06-14T22:30:00.000Z' }]
		});
		// 22:30 UTC on 14 June is 15 June in Paris.
		expect(hostIndicators(log, '2026-06-30')).toEqual(hostIndicators(withoutX, '2026-06-30'));
		log.append({ prefs: [{ userId: 'x', optedOut: false, optedOutAt: null }] });
		expect(hostIndicators(log, '2026-06-30').members).toBe(21);
	});

	it('has no score and no activity log from then on', () => {
		expect(memberScoreOf(withX, 'x', '2026-06-14', defaultConfig)?.level).toBe(3);
		expect(memberScoreOf(withX, 'x', '2026-06-15', defaultConfig)).toBeNull();
		expect(memberActivitiesOf(withX, 'x', '2026-06-15', defaultConfig)).toEqual([]);
	});
});
