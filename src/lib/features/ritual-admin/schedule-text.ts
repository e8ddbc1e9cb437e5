/**
 * A series' schedule in words, in the reader's language: "Chaque jeudi à 12:30", "Un vendredi
 * sur deux à 18:30", "Le premier lundi du mois à 09:00", "Le 12 décembre à 19:00".
 */
import type { Weekday } from '$lib/domain/rituals/recurrence';
import { weekdays } from '$lib/domain/rituals/recurrence';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate } from '$lib/ui/format';
import { shapeOfRule, type MonthWeek } from './schedule-rule';

/** The weekday's name (`long`: "jeudi", `short`: "jeu."), from `Intl`. */
export function weekdayName(day: Weekday, width: 'long' | 'short' = 'long'): string {
	// 1 January 2024 was a Monday.
	const date = new Date(Date.UTC(2024, 0, 1 + weekdays.indexOf(day), 12));
	return new Intl.DateTimeFormat(getLocale(), { weekday: width, timeZone: 'UTC' }).format(date);
}

const nthWords: Record<string, () => string> = {
	'1': m.host_ritual_nth_1,
	'2': m.host_ritual_nth_2,
	'3': m.host_ritual_nth_3,
	'4': m.host_ritual_nth_4,
	'-1': m.host_ritual_nth_last
};

/** "premier", "dernier"… */
export const nthWord = (nth: MonthWeek): string => nthWords[String(nth)]!();

/** "Le premier vendredi", for the monthly choice. */
export const nthOption = (nth: MonthWeek, day: Weekday): string =>
	m.host_ritual_nth_option({ nth: nthWord(nth), day: weekdayName(day) });

/** "12 décembre" (day and month, no year). */
function dayAndMonth(date: string): string {
	return new Intl.DateTimeFormat(getLocale(), {
		day: 'numeric',
		month: 'long',
		timeZone: 'UTC'
	}).format(new Date(`${date}T12:00:00Z`));
}

/** "jeudi 3 décembre 2026", of a local date or date-time. */
export function longDate(local: string): string {
	return new Intl.DateTimeFormat(getLocale(), {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${local.slice(0, 10)}T12:00:00Z`));
}

/** The schedule of a series whose first occurrence is `startsAt` (`YYYY-MM-DDTHH:MM`). */
export function scheduleText(rrule: string, startsAt: string): string {
	const shape = shapeOfRule(rrule, startsAt);
	const until = (summary: string, date: string | null) =>
		date === null ? summary : m.host_ritual_summary_until({ summary, date: formatDate(date) });
	const ending = (summary: string, shape: { until: string | null; count: number | null }) =>
		shape.count === null
			? until(summary, shape.until)
			: m.host_ritual_summary_count({ summary, count: shape.count });
	switch (shape.kind) {
		case 'once':
			return m.host_ritual_summary_once({ date: dayAndMonth(shape.date), time: shape.time });
		case 'weekly': {
			const days = new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(
				shape.days.map((day) => weekdayName(day))
			);
			const text =
				shape.interval === 1 ? m.host_ritual_summary_weekly : m.host_ritual_summary_fortnightly;
			return ending(text({ days, time: shape.time }), shape);
		}
		case 'monthly':
			return ending(
				m.host_ritual_summary_monthly({
					nth: nthWord(shape.nth),
					day: weekdayName(shape.day),
					time: shape.time
				}),
				shape
			);
		case 'daily':
			return ending(m.host_ritual_summary_daily({ time: shape.time }), shape);
		case 'custom':
			return m.host_ritual_summary_custom({ rule: shape.rule });
	}
}
