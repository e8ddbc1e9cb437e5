/**
 * The recurrences the forms offer (`docs/rituals.md`): weekly on chosen days, every other week,
 * monthly on the n-th weekday of the first date's weekday, a single date; with an optional end
 * date. A stored rule the form cannot show is kept as it is (`custom`). Written as RRULEs of the
 * supported subset with `formatRule`, read back with `parseRule`.
 */
import {
	formatRule,
	parseRule,
	weekdays,
	type RuleParts,
	type Weekday
} from '$lib/domain/rituals/recurrence';
import { isoWeekday } from '$lib/domain/time';

export type Repeat = 'weekly' | 'fortnightly' | 'monthly' | 'once' | 'custom';
/** Which weekday of the month: first to fourth, or the last. */
export type MonthWeek = 1 | 2 | 3 | 4 | -1;
export const monthWeeks: readonly MonthWeek[] = [1, 2, 3, 4, -1];

export interface ScheduleChoice {
	repeat: Repeat;
	/** Weekly and every other week. */
	days: Weekday[];
	/** Monthly: the n-th of the first date's weekday. */
	nth: MonthWeek;
	/** `YYYY-MM-DD` or '' (no end). */
	until: string;
	/** The stored rule when the form cannot show it. */
	customRule: string;
}

/** The weekday of a local date `YYYY-MM-DD`. */
export const weekdayOf = (date: string): Weekday => weekdays[isoWeekday(date) - 1]!;

/** Which of its weekday a date is in its month: the 1st to 4th, the 5th being the last. */
export function monthWeekOf(date: string): MonthWeek {
	const nth = Math.ceil(Number(date.slice(8, 10)) / 7);
	return nth >= 5 ? -1 : (nth as MonthWeek);
}

/** Weekdays in calendar order, each once. */
const ordered = (days: readonly Weekday[]): Weekday[] => weekdays.filter((d) => days.includes(d));

/**
 * The rule for a choice and a first date, or null when it cannot be written (no day chosen, or a
 * custom rule that does not read).
 */
export function ruleOfChoice(choice: ScheduleChoice, date: string): string | null {
	const until = choice.until === '' ? null : choice.until;
	const base: RuleParts = {
		freq: 'WEEKLY',
		interval: 1,
		byDay: [],
		byMonthDay: [],
		count: null,
		until,
		wkst: null
	};
	switch (choice.repeat) {
		case 'weekly':
		case 'fortnightly': {
			const days = ordered(choice.days);
			if (days.length === 0) return null;
			const interval = choice.repeat === 'weekly' ? 1 : 2;
			return formatRule({ ...base, interval, byDay: days.map((day) => ({ day, nth: null })) });
		}
		case 'monthly':
			return formatRule({
				...base,
				freq: 'MONTHLY',
				byDay: [{ day: weekdayOf(date), nth: choice.nth }]
			});
		case 'once':
			return formatRule({ ...base, freq: 'DAILY', count: 1, until: null });
		case 'custom': {
			const parsed = parseRule(choice.customRule);
			if (!parsed.ok) return null;
			const rule = parsed.rule;
			return formatRule(rule.count === null ? { ...rule, until } : rule);
		}
	}
}

/** How the form shows a stored rule whose series starts at `startsAt` (`YYYY-MM-DDTHH:MM`). */
export function choiceOfRule(rrule: string, startsAt: string): ScheduleChoice {
	const date = startsAt.slice(0, 10);
	const choice: ScheduleChoice = {
		repeat: 'custom',
		days: [weekdayOf(date)],
		nth: monthWeekOf(date),
		until: '',
		customRule: rrule
	};
	const parsed = parseRule(rrule);
	if (!parsed.ok) return choice;
	const rule = parsed.rule;
	choice.until = rule.until?.slice(0, 10) ?? '';
	if (rule.count === 1) return { ...choice, repeat: 'once', until: '' };
	if (rule.count !== null || rule.byMonthDay.length > 0) return choice;
	const plainDays = rule.byDay.every((d) => d.nth === null);
	const weekStart = rule.wkst === null || rule.wkst === 'MO';
	if (rule.freq === 'WEEKLY' && plainDays && weekStart && rule.interval <= 2) {
		const days = rule.byDay.length > 0 ? ordered(rule.byDay.map((d) => d.day)) : choice.days;
		return { ...choice, repeat: rule.interval === 1 ? 'weekly' : 'fortnightly', days };
	}
	const [only] = rule.byDay;
	if (
		rule.freq === 'MONTHLY' &&
		rule.interval === 1 &&
		rule.byDay.length === 1 &&
		only!.day === weekdayOf(date) &&
		monthWeeks.includes(only!.nth as MonthWeek)
	) {
		return { ...choice, repeat: 'monthly', nth: only!.nth as MonthWeek };
	}
	return choice;
}

/** What a rule says, for its summary in words (`schedule-text.ts`). */
export type ScheduleShape =
	| {
			kind: 'weekly';
			interval: number;
			days: Weekday[];
			time: string;
			until: string | null;
			count: number | null;
	  }
	| {
			kind: 'monthly';
			nth: MonthWeek;
			day: Weekday;
			time: string;
			until: string | null;
			count: number | null;
	  }
	| { kind: 'daily'; time: string; until: string | null; count: number | null }
	| { kind: 'once'; date: string; time: string }
	| { kind: 'custom'; rule: string };

/** The shape of a series' rule from its first occurrence `startsAt` (`YYYY-MM-DDTHH:MM`). */
export function shapeOfRule(rrule: string, startsAt: string): ScheduleShape {
	const parsed = parseRule(rrule);
	// A number of times: the same shape, said with its count.
	if (parsed.ok && parsed.rule.count !== null && parsed.rule.count > 1) {
		const shape = shapeOfRule(formatRule({ ...parsed.rule, count: null }), startsAt);
		return shape.kind === 'once' || shape.kind === 'custom'
			? { kind: 'custom', rule: rrule }
			: { ...shape, count: parsed.rule.count };
	}
	const [date, time] = startsAt.split('T') as [string, string];
	const choice = choiceOfRule(rrule, startsAt);
	const until = choice.until === '' ? null : choice.until;
	switch (choice.repeat) {
		case 'once':
			return { kind: 'once', date, time };
		case 'weekly':
		case 'fortnightly':
			return {
				kind: 'weekly',
				interval: choice.repeat === 'weekly' ? 1 : 2,
				days: choice.days,
				time,
				until,
				count: null
			};
		case 'monthly':
			return { kind: 'monthly', nth: choice.nth, day: weekdayOf(date), time, until, count: null };
		case 'custom': {
			const rule = parsed.ok ? parsed.rule : null;
			if (
				rule?.freq === 'DAILY' &&
				rule.interval === 1 &&
				rule.count === null &&
				rule.byDay.length === 0
			) {
				return { kind: 'daily', time, until, count: null };
			}
			return { kind: 'custom', rule: rrule };
		}
	}
}

/**
 * The choice after the first date moved: days and week of the month that followed the old date
 * follow the new one; those the host chose otherwise stay.
 */
export function choiceAfterDateChange<C extends Pick<ScheduleChoice, 'days' | 'nth'>>(
	choice: C,
	oldDate: string,
	newDate: string
): C {
	const valid = (date: string) =>
		/^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));
	if (!valid(oldDate) || !valid(newDate)) return choice;
	const followed = choice.days.length === 1 && choice.days[0] === weekdayOf(oldDate);
	return {
		...choice,
		days: followed || choice.days.length === 0 ? [weekdayOf(newDate)] : choice.days,
		nth: choice.nth === monthWeekOf(oldDate) ? monthWeekOf(newDate) : choice.nth
	};
}
