/**
 * The occurrences of a ritual (`../shared/design/domain.md`, "Rituals and co-animation"): its
 * RFC 5545 RRULE is expanded by the `rrule` library in *floating* wall time (dates whose UTC
 * fields are the space's local date and time), then each wall time is placed in the space's zone.
 * So a Thursday lunch at 12:30 stays at 12:30 local across both DST changes, whatever the zone.
 */
import { RRule, datetime } from 'rrule';
import { zonedInstant } from './time';
import type { Ritual } from './types';

export interface Occurrence {
	/** Local start `YYYY-MM-DDTHH:MM` (what sign-ups name). */
	local: string;
	/** Start and end instants (UTC). */
	startsAt: string;
	endsAt: string;
}

/** The rule, or null when it is not a recurrence rule this app can expand. */
export function parseRecurrence(rrule: string, startsAt: string): RRule | null {
	// The start and the zone are the ritual's and the space's, never the rule's own.
	if (/DTSTART|TZID/i.test(rrule)) return null;
	try {
		const options = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
		if (options.freq === undefined) return null;
		return new RRule({ ...options, dtstart: floating(startsAt) });
	} catch {
		return null;
	}
}

/**
 * Occurrences starting on local dates `from` to `to` (inclusive, `YYYY-MM-DD`), in order; none
 * for a rule that cannot be read. At most `limit` (a daily rule over years stays bounded).
 */
export function occurrencesBetween(
	ritual: Pick<Ritual, 'rrule' | 'startsAt' | 'durationMinutes'>,
	timeZone: string,
	from: string,
	to: string,
	limit = 500
): Occurrence[] {
	const rule = parseRecurrence(ritual.rrule, ritual.startsAt);
	if (!rule) return [];
	const out: Occurrence[] = [];
	rule.between(floating(`${from}T00:00`), floating(`${to}T23:59`), true, (date) => {
		const local = date.toISOString().slice(0, 16);
		const startsAt = zonedInstant(
			local.slice(0, 10),
			date.getUTCHours(),
			date.getUTCMinutes(),
			timeZone
		);
		const endsAt = new Date(Date.parse(startsAt) + ritual.durationMinutes * 60_000).toISOString();
		out.push({ local, startsAt, endsAt });
		return out.length < limit;
	});
	return out;
}

/** `YYYY-MM-DDTHH:MM` as a floating date (its UTC fields are that wall time). */
function floating(local: string): Date {
	const [date, time] = local.split('T') as [string, string];
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const [hh, mm] = time.split(':').map(Number) as [number, number];
	return datetime(y, m, d, hh, mm);
}
