import { describe, expect, it } from 'vitest';
import {
	OCCURRENCE_LIMIT,
	WINDOW_DAYS_MAX,
	firstOccurrence,
	occurrenceOf,
	occurrencesBetween,
	parseRecurrence,
	scheduleOf
} from '$lib/domain/rituals/occurrences';
import { addDays } from '$lib/domain/time';
import { change, ritual } from './rituals-builders';

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

describe('a series as members see it', () => {
	const keys = (list: { key: string }[]) => list.map((o) => o.key);

	it('a cancelled date stays listed, cancelled, with the message', () => {
		const cancelled = change({ cancelled: true, message: 'Fermé pour travaux' });
		const list = scheduleOf(ritual(), [cancelled], PARIS, '2026-03-19', '2026-04-02');
		expect(keys(list)).toEqual(['2026-03-19T12:30', '2026-03-26T12:30', '2026-04-02T12:30']);
		expect(list.map((o) => o.cancelled)).toEqual([false, true, false]);
		expect(list[1]?.change?.message).toBe('Fermé pour travaux');
	});

	it('a moved date keeps its key and takes its new local time, across the DST change', () => {
		// 26 March 2026 is in winter time; moved to Monday 30 March, in summer time.
		const moved = change({ startsAt: '2026-03-30T13:00', durationMinutes: 60, place: 'Terrasse' });
		const [, occurrence] = scheduleOf(ritual(), [moved], PARIS, '2026-03-19', '2026-03-26');
		expect(occurrence).toMatchObject({
			key: '2026-03-26T12:30',
			local: '2026-03-30T13:00',
			startsAt: '2026-03-30T11:00:00.000Z', // summer time from 29 March
			endsAt: '2026-03-30T12:00:00.000Z',
			place: 'Terrasse',
			durationMinutes: 60,
			cancelled: false
		});
	});

	it('a change of another series or another date changes nothing', () => {
		const other = change({ ritualId: 'another', cancelled: true });
		const list = scheduleOf(ritual(), [other], PARIS, '2026-03-26', '2026-03-26');
		expect(list[0]?.cancelled).toBe(false);
		expect(list[0]?.change).toBeNull();
	});

	it('a series ended (or split) before a date has nothing from that date on', () => {
		const ended = ritual({ endsBefore: '2026-03-26T12:30' });
		expect(keys(scheduleOf(ended, [], PARIS, '2026-03-01', '2026-04-30'))).toEqual([
			'2026-03-05T12:30',
			'2026-03-12T12:30',
			'2026-03-19T12:30'
		]);
	});

	it('split "this and following": the old series up to the split, the new one after', () => {
		const old = ritual({ endsBefore: '2026-03-26T12:30', continuedBy: 'next' });
		const next = ritual({
			id: 'next',
			rrule: 'FREQ=WEEKLY;BYDAY=FR',
			startsAt: '2026-03-27T12:00'
		});
		const both = [
			...scheduleOf(old, [], PARIS, '2026-03-12', '2026-04-10'),
			...scheduleOf(next, [], PARIS, '2026-03-12', '2026-04-10')
		].map((o) => `${o.ritualId === 'next' ? 'new' : 'old'} ${o.local}`);
		expect(both).toEqual([
			'old 2026-03-12T12:30',
			'old 2026-03-19T12:30',
			'new 2026-03-27T12:00',
			'new 2026-04-03T12:00',
			'new 2026-04-10T12:00'
		]);
	});

	it('finds one occurrence by its key, or none when the rule skips it or the series ended', () => {
		expect(occurrenceOf(ritual(), [], '2026-03-26T12:30', PARIS)?.startsAt).toBe(
			'2026-03-26T11:30:00.000Z'
		);
		expect(occurrenceOf(ritual(), [], '2026-03-27T12:30', PARIS)).toBeNull();
		expect(occurrenceOf(ritual(), [], '2026-03-26T12:00', PARIS)).toBeNull();
		const ended = ritual({ endsBefore: '2026-03-26T12:30' });
		expect(occurrenceOf(ended, [], '2026-03-26T12:30', PARIS)).toBeNull();
	});

	it('the first occurrence is the first date on or after the start that the rule gives', () => {
		const firstFriday = {
			rrule: 'FREQ=MONTHLY;BYDAY=1FR',
			startsAt: '2026-12-06T09:00',
			durationMinutes: 60
		};
		expect(firstOccurrence(firstFriday, PARIS)?.local).toBe('2027-01-01T09:00');
		expect(
			firstOccurrence(
				{ ...firstFriday, rrule: 'FREQ=MONTHLY;BYDAY=1FR;COUNT=1', startsAt: '2026-12-04T09:00' },
				PARIS
			)?.local
		).toBe('2026-12-04T09:00');
		expect(firstOccurrence({ ...firstFriday, rrule: 'nope' }, PARIS)).toBeNull();
	});

	it('the first Friday of each month over a year, and the last Friday', () => {
		const first = ritual({ rrule: 'FREQ=MONTHLY;BYDAY=1FR', startsAt: '2026-01-02T09:00' });
		expect(
			scheduleOf(first, [], PARIS, '2026-01-01', '2026-12-31').map((o) => o.local.slice(0, 10))
		).toEqual([
			'2026-01-02',
			'2026-02-06',
			'2026-03-06',
			'2026-04-03',
			'2026-05-01',
			'2026-06-05',
			'2026-07-03',
			'2026-08-07',
			'2026-09-04',
			'2026-10-02',
			'2026-11-06',
			'2026-12-04'
		]);
		const last = ritual({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR', startsAt: '2026-10-30T18:00' });
		expect(scheduleOf(last, [], PARIS, '2026-10-01', '2027-01-31').map((o) => o.local)).toEqual([
			'2026-10-30T18:00',
			'2026-11-27T18:00',
			'2026-12-25T18:00',
			'2027-01-29T18:00'
		]);
	});

	it('an end date includes its whole day', () => {
		const until = ritual({ rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20260115' });
		expect(keys(scheduleOf(until, [], PARIS, '2026-01-01', '2026-12-31'))).toEqual([
			'2026-01-01T12:30',
			'2026-01-08T12:30',
			'2026-01-15T12:30'
		]);
	});

	it('a rule without end, or with a thousand occurrences, is bounded', () => {
		const daily = ritual({ rrule: 'FREQ=DAILY', startsAt: '2026-01-01T09:00' });
		const decade = scheduleOf(daily, [], PARIS, '2026-01-01', '2036-12-31');
		expect(decade).toHaveLength(OCCURRENCE_LIMIT);
		const thousand = ritual({ rrule: 'FREQ=DAILY;COUNT=1000', startsAt: '2026-01-01T09:00' });
		expect(scheduleOf(thousand, [], PARIS, '2026-01-01', '2036-12-31', 2000)).toHaveLength(1000);
		// Never past WINDOW_DAYS_MAX after the window's start, whatever the limit.
		const far = occurrencesBetween(daily, PARIS, '2026-01-01', '2099-12-31', 100_000);
		expect(far.at(-1)!.local.slice(0, 10) <= addDays('2026-01-01', WINDOW_DAYS_MAX)).toBe(true);
		expect(far.length).toBeLessThanOrEqual(WINDOW_DAYS_MAX + 1);
	});
});
