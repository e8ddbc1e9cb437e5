import { getLocale } from '$lib/paraglide/runtime';

/** Dates, times and durations in the reader's language and the space's time zone. */

const cache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(
	timeZone: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const locale = getLocale();
	const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
	let format = cache.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
		cache.set(key, format);
	}
	return format;
}

export const formatTime = (instant: string | Date, timeZone: string): string =>
	dateTimeFormat(timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(instant));

export const formatDay = (instant: string | Date, timeZone: string): string =>
	dateTimeFormat(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(
		new Date(instant)
	);

/** A calendar date `YYYY-MM-DD` (no time zone: it is already local). */
export const formatDate = (date: string): string =>
	dateTimeFormat('UTC', { day: 'numeric', month: 'long', year: 'numeric' }).format(
		new Date(`${date}T12:00:00Z`)
	);

const unitFormats = new Map<string, Intl.NumberFormat>();

function unitFormat(unit: 'hour' | 'minute'): Intl.NumberFormat {
	const key = `${getLocale()}|${unit}`;
	let format = unitFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(getLocale(), { style: 'unit', unit, unitDisplay: 'short' });
		unitFormats.set(key, format);
	}
	return format;
}

/** "3 h 46 min", "45 min", "0 min". */
export function formatDuration(totalSeconds: number): string {
	const minutes = Math.floor(Math.max(0, totalSeconds) / 60);
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	const unit = (value: number, u: 'hour' | 'minute') => unitFormat(u).format(value);
	if (hours === 0) return unit(rest, 'minute');
	return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}

/** "01:02:03" for a running timer. */
export function formatClock(totalSeconds: number): string {
	const s = Math.max(0, Math.floor(totalSeconds));
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
