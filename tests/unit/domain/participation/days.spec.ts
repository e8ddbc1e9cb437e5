import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addMonths,
	dateOfDay,
	dayNumber,
	dayOfMonth,
	monthEnd,
	monthKey,
	monthStart,
	wallMinutes
} from '$lib/domain/participation/days';
import { addDays } from '$lib/domain/time';

describe('calendar days as integers', () => {
	it('day numbers count days since 1970-01-01 and read back as the same date', () => {
		expect(dayNumber('1970-01-01')).toBe(0);
		expect(dayNumber('2026-03-01') - dayNumber('2026-02-28')).toBe(1);
		expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
		fc.assert(
			fc.property(fc.integer({ min: -50_000, max: 80_000 }), (day) => {
				const date = dateOfDay(day);
				expect(date).toBe(addDays('1970-01-01', day));
				expect(dayNumber(date)).toBe(day);
			})
		);
	});

	const cases = [
		[
			'the review day of a month',
			() => dateOfDay(monthStart(dayNumber('2026-03-17'))),
			'2026-03-01'
		],
		['the last day of February', () => dateOfDay(monthEnd(dayNumber('2028-02-10'))), '2028-02-29'],
		[
			'a month later, clamped to a shorter month',
			() => dateOfDay(addMonths(dayNumber('2026-01-31'), 1)),
			'2026-02-28'
		],
		[
			'six months later, across a year',
			() => dateOfDay(addMonths(dayNumber('2025-10-01'), 6)),
			'2026-04-01'
		],
		['a month earlier', () => dateOfDay(addMonths(dayNumber('2026-01-15'), -1)), '2025-12-15'],
		['the month of a day', () => monthKey(dayNumber('2026-12-31')), '2026-12']
	] as const;
	for (const [rule, compute, expected] of cases) it(rule, () => expect(compute()).toBe(expected));

	it('the day of the month and the month start agree with the civil date, on any day', () => {
		fc.assert(
			fc.property(fc.integer({ min: -50_000, max: 80_000 }), (day) => {
				const date = dateOfDay(day);
				expect(dayOfMonth(day)).toBe(Number(date.slice(8, 10)));
				expect(dateOfDay(monthStart(day))).toBe(`${date.slice(0, 8)}01`);
			})
		);
	});

	it('wall minutes order occurrences within a day', () => {
		expect(wallMinutes('2026-03-05T12:30') - wallMinutes('2026-03-05T08:30')).toBe(240);
		expect(wallMinutes('2026-03-06T00:00') - wallMinutes('2026-03-05T23:59')).toBe(1);
	});
});
