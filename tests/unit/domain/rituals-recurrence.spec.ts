import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	formatRule,
	parseRule,
	ruleProblem,
	weekdays,
	type RuleParts
} from '$lib/domain/rituals/recurrence';

describe('the recurrence rules a ritual may have', () => {
	it.each([
		['weekly on Thursdays', 'FREQ=WEEKLY;BYDAY=TH'],
		['weekly on Monday and Thursday', 'FREQ=WEEKLY;BYDAY=MO,TH'],
		['every other Friday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
		['the first Friday of the month', 'FREQ=MONTHLY;BYDAY=1FR'],
		['the last Friday of the month', 'FREQ=MONTHLY;BYDAY=-1FR'],
		['the 15th of each month', 'FREQ=MONTHLY;BYMONTHDAY=15'],
		['a single date', 'FREQ=DAILY;COUNT=1'],
		['weekly until a date', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630'],
		['until a floating date-time', 'FREQ=WEEKLY;UNTIL=20270630T235900'],
		['with RRULE: in front', 'RRULE:FREQ=WEEKLY'],
		['weeks starting on Sunday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU'],
		['a thousand occurrences', 'FREQ=DAILY;COUNT=1000']
	])('accepts %s', (_, rule) => {
		expect(ruleProblem(rule)).toBeNull();
	});

	it.each([
		['an empty rule', '', 'empty'],
		['words', 'tous les jeudis', 'syntax'],
		['no frequency', 'BYDAY=TH', 'freq'],
		['a yearly rule', 'FREQ=YEARLY', 'unsupported'],
		['an hourly rule', 'FREQ=HOURLY', 'unsupported'],
		['hours of the day', 'FREQ=DAILY;BYHOUR=9,14', 'unsupported'],
		['set positions', 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=1', 'unsupported'],
		['its own start', 'DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY', 'syntax'],
		['its own zone', 'FREQ=WEEKLY;TZID=Europe/Paris', 'syntax'],
		['a repeated part', 'FREQ=WEEKLY;FREQ=DAILY', 'syntax'],
		['an interval of 0', 'FREQ=WEEKLY;INTERVAL=0', 'interval'],
		['an interval of 53', 'FREQ=WEEKLY;INTERVAL=53', 'interval'],
		['a weekday with an ordinal in a weekly rule', 'FREQ=WEEKLY;BYDAY=1FR', 'byday'],
		['a sixth Friday', 'FREQ=MONTHLY;BYDAY=6FR', 'byday'],
		['an unknown weekday', 'FREQ=WEEKLY;BYDAY=XX', 'byday'],
		['a repeated weekday', 'FREQ=WEEKLY;BYDAY=TH,TH', 'byday'],
		['a month day 0', 'FREQ=MONTHLY;BYMONTHDAY=0', 'bymonthday'],
		['a month day 32', 'FREQ=MONTHLY;BYMONTHDAY=32', 'bymonthday'],
		['month days in a weekly rule', 'FREQ=WEEKLY;BYMONTHDAY=3', 'bymonthday'],
		['month days and weekdays together', 'FREQ=MONTHLY;BYMONTHDAY=3;BYDAY=FR', 'bymonthday'],
		['COUNT=0', 'FREQ=DAILY;COUNT=0', 'count'],
		['more than a thousand occurrences', 'FREQ=DAILY;COUNT=1001', 'count'],
		['COUNT and UNTIL', 'FREQ=DAILY;COUNT=3;UNTIL=20270101', 'count_and_until'],
		['an UNTIL in UTC', 'FREQ=DAILY;UNTIL=20270101T000000Z', 'until'],
		['an UNTIL that is no date', 'FREQ=DAILY;UNTIL=20270230', 'until'],
		['an unknown week start', 'FREQ=WEEKLY;WKST=XX', 'syntax']
	])('refuses %s', (_, rule, problem) => {
		expect(ruleProblem(rule)).toBe(problem);
	});

	it('refuses an end before the first occurrence, and accepts an end on its day', () => {
		expect(ruleProblem('FREQ=WEEKLY;UNTIL=20261209', '2026-12-10T12:30')).toBe(
			'until_before_start'
		);
		expect(ruleProblem('FREQ=WEEKLY;UNTIL=20261210', '2026-12-10T12:30')).toBeNull();
	});

	it('reads the parts of a rule', () => {
		const parsed = parseRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=1FR,-1MO;UNTIL=20270630T120000');
		expect(parsed).toEqual({
			ok: true,
			rule: {
				freq: 'MONTHLY',
				interval: 2,
				byDay: [
					{ day: 'FR', nth: 1 },
					{ day: 'MO', nth: -1 }
				],
				byMonthDay: [],
				count: null,
				until: '2027-06-30T12:00',
				wkst: null
			}
		});
	});

	it('writes back what it reads (any rule of the subset)', () => {
		const day = fc.constantFrom(...weekdays);
		const rule = fc.oneof(
			fc.record({
				freq: fc.constantFrom('DAILY' as const, 'WEEKLY' as const),
				interval: fc.integer({ min: 1, max: 52 }),
				byDay: fc
					.uniqueArray(day, { maxLength: 7 })
					.map((days) => days.map((d) => ({ day: d, nth: null }))),
				byMonthDay: fc.constant([] as number[])
			}),
			fc.record({
				freq: fc.constant('MONTHLY' as const),
				interval: fc.integer({ min: 1, max: 52 }),
				byDay: fc.constant([] as RuleParts['byDay']),
				byMonthDay: fc.uniqueArray(
					fc.integer({ min: -31, max: 31 }).filter((d) => d !== 0),
					{ maxLength: 4 }
				)
			})
		);
		const end = fc.oneof(
			fc.constant({ count: null, until: null }),
			fc.integer({ min: 1, max: 1000 }).map((count) => ({ count, until: null })),
			fc
				.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
				.map((d) => ({ count: null, until: d.toISOString().slice(0, 10) }))
		);
		fc.assert(
			fc.property(rule, end, fc.option(day, { nil: null }), (parts, ending, wkst) => {
				const full = { ...parts, ...ending, wkst };
				const text = formatRule(full);
				expect(parseRule(text)).toEqual({ ok: true, rule: full });
			})
		);
	});
});
