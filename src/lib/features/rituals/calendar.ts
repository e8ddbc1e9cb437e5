/**
 * Calendar files (RFC 5545) of ritual occurrences, made by `ical-generator`: one VEVENT per
 * occurrence, its start and end in the space's zone (`DTSTART;TZID=Europe/Paris:20261210T123000`,
 * so a 12:30 lunch stays at 12:30 in any calendar), with that zone's VTIMEZONE. Loaded with a
 * dynamic import when someone asks for a file: it stays off the first load.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { vtimezoneOf } from './vtimezone';

export interface CalendarEvent {
	/** Stable per (ritual, occurrence): importing a file again updates the same event. */
	uid: string;
	/** Local wall times `YYYY-MM-DDTHH:MM` in the calendar's zone. */
	start: string;
	end: string;
	summary: string;
	location: string;
	description: string;
	cancelled: boolean;
	/** Grows with each host change, so calendars take the newer version. */
	sequence: number;
	url?: string;
}

export interface CalendarOptions {
	timeZone: string;
	/** The calendar's name (`X-WR-CALNAME`). */
	name: string;
	/** `DTSTAMP`: when the file was made. */
	now: Date;
	/** Language of the texts, for `PRODID` (`FR`, `EN`). */
	language: string;
}

/**
 * ical-generator writes a date-time with a TZID from the Date's fields in the device's own zone
 * (as its documentation says: "all times are already in the correct time zone"): so the wall
 * time is built as a device-local Date, whatever the device's zone is.
 */
function wallTime(local: string): Date {
	const [date, time] = local.split('T') as [string, string];
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const [h, mi] = time.split(':').map(Number) as [number, number];
	return new Date(y, mo - 1, d, h, mi);
}

/** The text of a calendar file holding `events`. */
export function calendarText(events: readonly CalendarEvent[], options: CalendarOptions): string {
	const years = events.flatMap((event) =>
		[event.start, event.end].map((t) => Number(t.slice(0, 4)))
	);
	const first = Math.min(...years, options.now.getUTCFullYear());
	const last = Math.max(...years, options.now.getUTCFullYear());
	const calendar = ical({
		name: options.name,
		prodId: { company: 'Collectif', product: 'Collectif', language: options.language },
		method: ICalCalendarMethod.PUBLISH,
		// A nameless zone keeps DTSTAMP in UTC; the generator gives each event's zone its VTIMEZONE.
		timezone: { name: null, generator: (zone) => vtimezoneOf(zone, first - 1, last + 1) }
	});
	for (const event of events) {
		calendar.createEvent({
			id: event.uid,
			sequence: event.sequence,
			stamp: options.now,
			start: wallTime(event.start),
			end: wallTime(event.end),
			timezone: options.timeZone,
			summary: event.summary,
			location: event.location || null,
			description: event.description || null,
			url: event.url ?? null,
			status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
	}
	return calendar.toString();
}

/** A file name's part from a title: "Déjeuner partagé" → "dejeuner-partage". */
export function slug(text: string, max = 40): string {
	const plain = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	const cut = plain.length > max ? plain.slice(0, max).replace(/-[^-]*$/, '') : plain;
	return cut || 'rituel';
}

/** `collectif-dejeuner-partage-2026-12-10.ics`. */
export const calendarFileName = (title: string, date: string): string =>
	`collectif-${slug(title)}-${date}.ics`;

export const CALENDAR_TYPE = 'text/calendar;charset=utf-8';

/** Saves the text as a file (a Blob and a link, as the CSV exports do). */
export function downloadCalendar(text: string, fileName: string): void {
	const blob = new Blob([text], { type: CALENDAR_TYPE });
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	// Give the browser time to start the download before the URL goes.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
