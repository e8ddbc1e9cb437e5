/**
 * A VTIMEZONE component (RFC 5545 §3.6.5) for an IANA zone, from the device's own time-zone data
 * (`Intl`): one STANDARD or DAYLIGHT sub-component per offset change in the years asked for, and
 * one for the offset in force at their start. It is what ical-generator's `timezone.generator`
 * calls for each TZID of a calendar.
 *
 * (`@touch4it/ical-timezones`, the usual generator, reads its zone files from disk with `node:fs`:
 * it cannot run in a browser, and bundling its 467 files would add ~170 KB to the offline
 * precache. Its Europe/Paris definition is the reference of the unit tests.)
 */
import { zoneOffsetMinutes } from '$lib/domain/time';

interface Transition {
	/** The instant of the change. */
	at: number;
	from: number;
	to: number;
}

const HOUR = 3_600_000;

/** Offset changes from the start of `fromYear` to the end of `toYear`, to the minute. */
export function transitionsOf(timeZone: string, fromYear: number, toYear: number): Transition[] {
	const end = Date.UTC(toYear + 1, 0, 1);
	const out: Transition[] = [];
	let at = Date.UTC(fromYear, 0, 1);
	let offset = zoneOffsetMinutes(at, timeZone);
	// Zones change offset at most a few times a year, never twice within a day.
	const step = 12 * HOUR;
	while (at < end) {
		const next = at + step;
		const nextOffset = zoneOffsetMinutes(next, timeZone);
		if (nextOffset !== offset) {
			let low = at;
			let high = next;
			while (high - low > 60_000) {
				const middle = low + Math.floor((high - low) / 120_000) * 60_000;
				if (zoneOffsetMinutes(middle, timeZone) === offset) low = middle;
				else high = middle;
			}
			out.push({ at: high, from: offset, to: nextOffset });
			offset = nextOffset;
		}
		at = next;
	}
	return out;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `+0100`, `-0330`. */
const utcOffset = (minutes: number) =>
	`${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

/** A local date-time `YYYYMMDDTHHMMSS` of the wall clock at `epochMs` with `offset` minutes. */
function localStamp(epochMs: number, offset: number): string {
	const d = new Date(epochMs + offset * 60_000);
	return (
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
	);
}

/**
 * The VTIMEZONE of `timeZone` covering `fromYear` to `toYear`, CRLF-separated, or null when the
 * device does not know the zone.
 */
export function vtimezoneOf(timeZone: string, fromYear: number, toYear: number): string | null {
	let transitions: Transition[];
	let initial: number;
	try {
		initial = zoneOffsetMinutes(Date.UTC(fromYear, 0, 1), timeZone);
		transitions = transitionsOf(timeZone, fromYear, toYear);
	} catch {
		return null;
	}
	const standard = Math.min(initial, ...transitions.map((t) => t.to));
	const component = (onset: string, from: number, to: number) => {
		const kind = to > standard ? 'DAYLIGHT' : 'STANDARD';
		return [
			`BEGIN:${kind}`,
			`DTSTART:${onset}`,
			`TZOFFSETFROM:${utcOffset(from)}`,
			`TZOFFSETTO:${utcOffset(to)}`,
			`END:${kind}`
		];
	};
	const lines = [
		'BEGIN:VTIMEZONE',
		`TZID:${timeZone}`,
		// The offset in force from the first local midnight of `fromYear`.
		...component(`${fromYear}0101T000000`, initial, initial),
		// Each onset in the local time before the change, as RFC 5545 wants it.
		...transitions.flatMap((t) => component(localStamp(t.at, t.from), t.from, t.to)),
		'END:VTIMEZONE'
	];
	return lines.join('\r\n');
}
