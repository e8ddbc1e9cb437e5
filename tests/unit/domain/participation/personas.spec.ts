import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '$lib/domain/participation/config';
import { dateOfDay, dayNumber, monthEnd } from '$lib/domain/participation/days';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { memberScoreOf } from '$lib/domain/participation/member-mirror';
import { addDays } from '$lib/domain/time';
import type { AttendanceFact, PresenceDay } from '$lib/domain/participation/facts';
import { attend, every, everyUntil, logOf, present, signup, weekdays } from './builders';

/**
 * The model's expected behaviour over a simulated year with the default settings
 * (`participation.md`, "Individual score"): one persona per row.
 */
const START = '2025-01-02'; // a Thursday: the weekly lunch
const END = '2025-12-31';
const thursdays = everyUntil(7, START, END);
const firstThursdays = thursdays.filter((date) => Number(date.slice(8)) <= 7);
const monthEnds = Array.from({ length: 12 }, (_, m) =>
	dateOfDay(monthEnd(dayNumber(`2025-${String(m + 1).padStart(2, '0')}-01`)))
);

const attendance: AttendanceFact[] = [
	...firstThursdays.map((date) => attend('monthly-lunch', date)),
	...thursdays.map((date) =>
		attend(
			'weekly-lunch-and-dish',
			date,
			firstThursdays.includes(date) ? 'contributed' : 'attended'
		)
	),
	...every(42, START, 9).map((date) => attend('co-animator', date, 'coanimated')),
	...everyUntil(7, START, '2025-06-26').map((date) => attend('weekly-host', date, 'led'))
];
const everyone = [
	'desk-only',
	'monthly-lunch',
	'weekly-lunch-and-dish',
	'co-animator',
	'weekly-host'
];
const presence: PresenceDay[] = everyone.flatMap((id) =>
	weekdays(START, END).map((date) => present(id, date))
);
const log = logOf({ attendance, presence });
const levelOn = (id: string, date: string) => memberScoreOf(log, id, date, defaultConfig)!;

describe('personas over a year, default settings', () => {
	const cases = [
		['desk-only visits: member all year', 'desk-only', 0, monthEnds],
		['a monthly lunch: participant all year', 'monthly-lunch', 1, monthEnds],
		[
			'a weekly lunch and a dish each month: contributor all year',
			'weekly-lunch-and-dish',
			2,
			monthEnds
		],
		[
			'co-animating every 6 weeks: animator from the second time on',
			'co-animator',
			3,
			monthEnds.slice(1)
		]
	] as const;
	for (const [rule, id, level, dates] of cases) {
		it(rule, () => {
			for (const date of dates) expect(levelOn(id, date).level, `${id} on ${date}`).toBe(level);
			expect(levelOn(id, END).rawLevel).toBe(level);
		});
	}

	it('co-animating once is not yet animating: contributor in the first month', () => {
		expect(levelOn('co-animator', '2025-01-31')).toMatchObject({ rawLevel: 2, level: 2 });
	});

	it('a weekly host who stops drops within about 91 days', () => {
		const last = '2025-06-26';
		expect(levelOn('weekly-host', addDays(last, 90)).rawLevel).toBe(3);
		expect(levelOn('weekly-host', addDays(last, 91)).rawLevel).toBe(0);
		// The level shown follows at the next monthly review (1 October).
		expect(levelOn('weekly-host', '2025-09-30').level).toBe(3);
		expect(levelOn('weekly-host', '2025-10-01').level).toBe(0);
	});

	it('the space’s pyramid at the end of the year', () => {
		expect(hostIndicators(log, END).takingPart.pyramid).toEqual([2, 1, 1, 1]);
	});
});

describe('tier-0 acts', () => {
	it('visits and sign-ups never change anyone’s level', () => {
		const day = fc.integer({ min: 0, max: 364 }).map((n) => addDays(START, n));
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...everyone), day), { maxLength: 40 }),
				fc.array(fc.tuple(fc.constantFrom(...everyone), fc.constantFrom(...thursdays)), {
					maxLength: 20
				}),
				day,
				(visits, signups, asOf) => {
					const busier = logOf({ attendance, presence }).append({
						presence: visits.map(([id, date]) => present(id, date)),
						signups: signups.map(([id, date]) => signup(id, date))
					});
					for (const id of everyone) {
						expect(memberScoreOf(busier, id, asOf, defaultConfig)).toEqual(levelOn(id, asOf));
					}
				}
			),
			{ numRuns: 50 }
		);
	});
});
