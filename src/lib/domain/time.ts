/**
 * Time-zone arithmetic the rules share; instants are ISO strings in UTC. Built on one cached
 * `Intl.DateTimeFormat` per zone: each conversion costs one or two `formatToParts` calls. (A
 * general library such as `@date-fns/tz` costs several `Intl` calls per date; on a phone at 4×
 * CPU that was the largest blocking task of the first screen.)
 */

const DAY_MS = 86_400_000;
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
	let format = wallClocks.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		wallClocks.set(timeZone, format);
	}
	return format;
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** What the wall clock of `timeZone` shows at `epochMs`. */
function wallTimeAt(epochMs: number, timeZone: string): WallTime {
	const wall: Record<string, number> = {};
	for (const part of wallClock(timeZone).formatToParts(epochMs)) {
		if (part.type !== 'literal') wall[part.type] = Number(part.value);
	}
	return wall as unknown as WallTime;
}

/** The zone's offset from UTC at `epochMs`, in minutes (calendar files name their offsets). */
export const zoneOffsetMinutes = (epochMs: number, timeZone: string): number =>
	Math.round(offsetAt(epochMs, timeZone) / 60_000);

/** The zone's offset from UTC at `epochMs`, in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
	const w = wallTimeAt(epochMs, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant at which the wall clock of `timeZone` shows `date` (`YYYY-MM-DD`) at `hh:mm`. */
export function zonedInstant(
	date: string,
	hours: number,
	minutes: number,
	timeZone: string
): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const wall = Date.UTC(year, month - 1, day, hours, minutes);
	// The offsets in force a day before and after: a zone changes offset at most twice a year.
	// A wall time shown twice (autumn) is its first occurrence; one skipped (spring) is read with
	// the offset before the change, so it lands after the gap, as clocks and Temporal do.
	const before = wall - offsetAt(wall - DAY_MS, timeZone);
	const after = wall - offsetAt(wall + DAY_MS, timeZone);
	const shows = (epochMs: number) => {
		const w = wallTimeAt(epochMs, timeZone);
		return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === wall;
	};
	const matches = [before, after].filter(shows);
	const instant = matches.length > 0 ? Math.min(...matches) : before;
	return new Date(instant).toISOString();
}

/**
 * The instants at which a local date starts and the next one starts, in `timeZone`: `[start, end)`.
 * A day is 23, 24 or 25 hours long. Comparing instants against these is far cheaper than asking
 * the local date of each instant.
 */
export function localDayBounds(date: string, timeZone: string): { start: string; end: string } {
	return {
		start: zonedInstant(date, 0, 0, timeZone),
		end: zonedInstant(addDays(date, 1), 0, 0, timeZone)
	};
}

/** Adds days to a calendar date `YYYY-MM-DD` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(instant: string | Date, timeZone: string): string {
	const w = wallTimeAt(new Date(instant).getTime(), timeZone);
	return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The local wall-clock minutes since midnight of an instant in `timeZone`. */
export function localMinutesOf(instant: string | Date, timeZone: string): number {
	const w = wallTimeAt(new Date(instant).getTime(), timeZone);
	return w.hour * 60 + w.minute;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');
