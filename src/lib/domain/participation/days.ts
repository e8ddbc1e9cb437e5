/**
 * Calendar days as integers (days since 1970-01-01 of a local date): the model works at day level,
 * and integer days make decay, windows and sorting cheap. Pure civil-calendar arithmetic (Howard
 * Hinnant's algorithms): no `Date` object per row, no time zone.
 */

/** Sorts after every real day: "never" (no opt-out, no end). */
export const NEVER = 2_147_483_647;

/** Day number of the civil date `year-month-day`. */
export function dayFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

/** `[year, month, day]` of a day number. */
export function civilOfDay(dayNumber: number): [number, number, number] {
	const z = dayNumber + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const digits = (text: string, from: number, count: number): number => {
	let value = 0;
	for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
	return value;
};

/** Day number of a local date `YYYY-MM-DD` (or of the date part of `YYYY-MM-DDTHH:MM`). */
export function dayNumber(date: string): number {
	return dayFromCivil(digits(date, 0, 4), digits(date, 5, 2), digits(date, 8, 2));
}

/** Minutes since 1970-01-01T00:00 of a local wall time `YYYY-MM-DDTHH:MM` (orders occurrences). */
export function wallMinutes(local: string): number {
	const time = local.length >= 16 ? digits(local, 11, 2) * 60 + digits(local, 14, 2) : 0;
	return dayNumber(local) * 1440 + time;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local date `YYYY-MM-DD` of a day number. */
export function dateOfDay(dayNumber: number): string {
	const [year, month, day] = civilOfDay(dayNumber);
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The day of the month (1-31) of a day number (`civilOfDay`'s third value, without an array). */
export function dayOfMonth(dayNumber: number): number {
	const z = dayNumber + 719_468;
	const doe = z - Math.floor(z / 146_097) * 146_097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	return doy - Math.floor((153 * mp + 2) / 5) + 1;
}

/** The first day of the month holding `dayNumber`: the monthly review day. Called per member and day. */
export function monthStart(dayNumber: number): number {
	return dayNumber - dayOfMonth(dayNumber) + 1;
}

/** The last day of the month holding `dayNumber`. */
export function monthEnd(dayNumber: number): number {
	return addMonths(monthStart(dayNumber), 1) - 1;
}

/** The same day `months` later (or earlier), clamped to the end of a shorter month. */
export function addMonths(dayNumber: number, months: number): number {
	const [year, month, day] = civilOfDay(dayNumber);
	const index = year * 12 + (month - 1) + months;
	const targetYear = Math.floor(index / 12);
	const targetMonth = (index % 12) + 1;
	const lastDay =
		dayFromCivil(targetYear + (targetMonth === 12 ? 1 : 0), (targetMonth % 12) + 1, 1) - 1;
	return Math.min(dayFromCivil(targetYear, targetMonth, day), lastDay);
}

/** `YYYY-MM` of a day number. */
export function monthKey(dayNumber: number): string {
	return dateOfDay(dayNumber).slice(0, 7);
}
