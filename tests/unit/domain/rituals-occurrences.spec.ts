import { describe, expect, it } from 'vitest';
import { occurrencesBetween, parseRecurrence } from '$lib/domain/rituals/occurrences';

const PARIS = 'Europe/Paris';
const lunch = { rrule: 'FREQ=WEEKLY;BYDAY=TH', startsAt: '2026-01-01T12:30', durationMinutes: 90 };

describe('occurrences of a ritual', () => {
	it('a weekly Thursday lunch keeps 12:30 local across the spring change', () => {
		const spring = occurrencesBetween(lunch, PARIS, '2026-03-19', '2026-04-02');
		expect(spring.map((o) => o.local)).toEqual([
			'2026-03-19T12:30',
			'2026-03-26T12:30',
			'2026-04-02T12:30'
		]);
		// Winter time (UTC+1) before 29 March, summer time (UTC+2) after.
		expect(spring.map((o) => o.startsAt)).toEqual([
			'2026-03-19T11:30:00.000Z',
			'2026-03-26T11:30:00.000Z',
			'2026-04-02T10:30:00.000Z'
		]);
		expect(spring[0]?.endsAt).toBe('2026-03-19T13:00:00.000Z');
	});

	it('and across the autumn change', () => {
		const autumn = occurrencesBetween(lunch, PARIS, '2026-10-22', '2026-10-29');
		expect(autumn.map((o) => o.startsAt)).toEqual([
			'2026-10-22T10:30:00.000Z',
			'2026-10-29T11:30:00.000Z'
		]);
	});

	it('every other Friday, the first Monday of the month, a single date', () => {
		const fortnight = {
			...lunch,
			rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
			startsAt: '2026-11-06T18:30'
		};
		expect(
			occurrencesBetween(fortnight, PARIS, '2026-11-01', '2026-12-10').map((o) => o.local)
		).toEqual(['2026-11-06T18:30', '2026-11-20T18:30', '2026-12-04T18:30']);
		const firstMonday = { ...lunch, rrule: 'FREQ=MONTHLY;BYDAY=1MO', startsAt: '2026-09-07T09:00' };
		expect(
			occurrencesBetween(firstMonday, PARIS, '2026-10-01', '2026-12-31').map((o) => o.local)
		).toEqual(['2026-10-05T09:00', '2026-11-02T09:00', '2026-12-07T09:00']);
		const once = { ...lunch, rrule: 'FREQ=DAILY;COUNT=1', startsAt: '2026-12-18T19:00' };
		expect(occurrencesBetween(once, PARIS, '2026-01-01', '2027-12-31').map((o) => o.local)).toEqual(
			['2026-12-18T19:00']
		);
	});

	it('nothing before the first occurrence; bounded by the limit', () => {
		expect(occurrencesBetween(lunch, PARIS, '2025-12-01', '2025-12-31')).toEqual([]);
		const daily = { ...lunch, rrule: 'FREQ=DAILY' };
		expect(occurrencesBetween(daily, PARIS, '2026-01-01', '2030-12-31', 10)).toHaveLength(10);
	});

	it('keeps local time in another zone too (New York changes on other dates)', () => {
		const ny = occurrencesBetween(lunch, 'America/New_York', '2026-03-05', '2026-03-12');
		expect(ny.map((o) => o.startsAt)).toEqual([
			'2026-03-05T17:30:00.000Z',
			'2026-03-12T16:30:00.000Z'
		]);
	});

	it.each([
		['not a rule', 'bonjour'],
		['no frequency', 'BYDAY=TH'],
		['its own start', 'DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY'],
		['its own zone', 'FREQ=WEEKLY;TZID=Europe/Paris']
	])('reads %s as no recurrence', (_, rule) => {
		expect(parseRecurrence(rule, lunch.startsAt)).toBeNull();
		expect(
			occurrencesBetween({ ...lunch, rrule: rule }, PARIS, '2026-01-01', '2026-12-31')
		).toEqual([]);
	});
});
