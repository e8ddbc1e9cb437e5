/**
 * Times a host types in the space's local time, as `datetime-local` inputs hold them
 * (`YYYY-MM-DDTHH:MM`), to and from UTC instants.
 */
import { localDateOf, localMinutesOf, zonedInstant } from '$lib/domain/time';

const pad = (n: number): string => String(n).padStart(2, '0');

export function toLocalInput(instant: string, timeZone: string): string {
	const minutes = localMinutesOf(instant, timeZone);
	return `${localDateOf(instant, timeZone)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The instant, or null when the text is not a real local date and time. */
export function fromLocalInput(text: string, timeZone: string): string | null {
	const match = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
	if (!match) return null;
	const [, date, hours, minutes] = match as unknown as [string, string, string, string];
	const check = new Date(`${date}T00:00:00Z`);
	if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
	return zonedInstant(date, Number(hours), Number(minutes), timeZone);
}
