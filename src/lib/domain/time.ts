import { TZDate } from '@date-fns/tz';

/** Time-zone arithmetic the rules share; instants are ISO strings in UTC. */

/** The instant at which the wall clock of `timeZone` shows `date` (`YYYY-MM-DD`) at `hh:mm`. */
export function zonedInstant(
	date: string,
	hours: number,
	minutes: number,
	timeZone: string
): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const local = new TZDate(year, month - 1, day, hours, minutes, timeZone);
	return new Date(local.getTime()).toISOString();
}

/**
 * The instants at which a local date starts and the next one starts, in `timeZone`: `[start, end)`.
 * A day is 23, 24 or 25 hours long. Comparing instants against these is far cheaper than asking
 * the local date of each instant.
 */
export function localDayBounds(date: string, timeZone: string): { start: string; end: string } {
	return {
		start: zonedInstant(date, 0, 0, timeZone),
		end: zonedInstant(nextDate(date), 0, 0, timeZone)
	};
}

const nextDate = (date: string): string => {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
};

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(instant: string | Date, timeZone: string): string {
	const local = new TZDate(new Date(instant).getTime(), timeZone);
	return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The local wall-clock minutes since midnight of an instant in `timeZone`. */
export function localMinutesOf(instant: string | Date, timeZone: string): number {
	const local = new TZDate(new Date(instant).getTime(), timeZone);
	return local.getHours() * 60 + local.getMinutes();
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');
