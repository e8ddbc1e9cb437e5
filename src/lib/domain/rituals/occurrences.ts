/**
 * The occurrences of a ritual (`../shared/design/domain.md`, "Rituals and co-animation"): its
 * RFC 5545 RRULE is expanded by the `rrule` library in *floating* wall time (dates whose UTC
 * fields are the space's local date and time), then each wall time is placed in the space's zone.
 * So a Thursday lunch at 12:30 stays at 12:30 local across both DST changes, whatever the zone.
 *
 * Every expansion is bounded: a window of dates and at most `limit` occurrences, so a daily rule
 * without end, or one with a thousand occurrences, costs what the window holds.
 */
import { RRule, datetime } from 'rrule';
import { addDays, zonedInstant } from '../time';
import type { OccurrenceChange, Ritual } from '../types';
import { parseRule } from './recurrence';

export interface Occurrence {
	/** Local start `YYYY-MM-DDTHH:MM` (what sign-ups name). */
	local: string;
	/** Start and end instants (UTC). */
	startsAt: string;
	endsAt: string;
}

/** An occurrence as members see it: the series' rule, with its change if a host made one. */
export interface ScheduledOccurrence extends Occurrence {
	ritualId: string;
	/** The original local start: the occurrence's identity (sign-ups, changes, attendance). */
	key: string;
	cancelled: boolean;
	place: string;
	durationMinutes: number;
	/** The host's change of this occurrence, if any (its message is for those signed up). */
	change: OccurrenceChange | null;
}

/** At most this many occurrences from one expansion. */
export const OCCURRENCE_LIMIT = 500;
/** No expansion looks further than this many days from its start. */
export const WINDOW_DAYS_MAX = 3 * 366;

/** The rule, or null when it is not a recurrence rule this app can expand. */
export function parseRecurrence(rrule: string, startsAt: string): RRule | null {
	// The start and the zone are the ritual's and the space's, never the rule's own.
	const parts = parseRule(rrule);
	if (!parts.ok) return null;
	try {
		const options = RRule.parseString(rrule.trim().replace(/^RRULE:/i, ''));
		if (options.freq === undefined) return null;
		// A date-only UNTIL includes that whole local day.
		const until = parts.rule.until;
		if (until !== null) options.until = floating(until.length === 10 ? `${until}T23:59` : until);
		return new RRule({ ...options, dtstart: floating(startsAt) });
	} catch {
		return null;
	}
}

/**
 * Occurrences starting on local dates `from` to `to` (inclusive, `YYYY-MM-DD`), in order; none
 * for a rule that cannot be read. At most `limit`, and never past `WINDOW_DAYS_MAX` days after
 * `from`.
 */
export function occurrencesBetween(
	ritual: Pick<Ritual, 'rrule' | 'startsAt' | 'durationMinutes'>,
	timeZone: string,
	from: string,
	to: string,
	limit = OCCURRENCE_LIMIT
): Occurrence[] {
	const rule = parseRecurrence(ritual.rrule, ritual.startsAt);
	if (!rule) return [];
	const last = to < addDays(from, WINDOW_DAYS_MAX) ? to : addDays(from, WINDOW_DAYS_MAX);
	const out: Occurrence[] = [];
	rule.between(floating(`${from}T00:00`), floating(`${last}T23:59`), true, (date) => {
		if (out.length >= limit) return false;
		const local = date.toISOString().slice(0, 16);
		out.push(placed(local, ritual.durationMinutes, timeZone));
		return out.length < limit;
	});
	return out;
}

/**
 * The occurrences of a series between two local dates as members see them: cut where the series
 * ends (`endsBefore`), with each host change applied (cancelled, moved, longer, elsewhere). A
 * moved occurrence keeps its key and is listed where its original start falls.
 */
export function scheduleOf(
	ritual: Ritual,
	changes: readonly OccurrenceChange[],
	timeZone: string,
	from: string,
	to: string,
	limit = OCCURRENCE_LIMIT
): ScheduledOccurrence[] {
	const byKey = new Map(
		changes.filter((c) => c.ritualId === ritual.id).map((c) => [c.occurrence, c])
	);
	const out: ScheduledOccurrence[] = [];
	for (const occurrence of occurrencesBetween(ritual, timeZone, from, to, limit)) {
		if (ritual.endsBefore !== null && occurrence.local >= ritual.endsBefore) break;
		out.push(applyChange(ritual, occurrence, byKey.get(occurrence.local) ?? null, timeZone));
	}
	return out;
}

/**
 * One occurrence of a series by its key, or null when the series has no such occurrence (never
 * scheduled, or after the series ended).
 */
export function occurrenceOf(
	ritual: Ritual,
	changes: readonly OccurrenceChange[],
	key: string,
	timeZone: string
): ScheduledOccurrence | null {
	const date = key.slice(0, 10);
	const found = scheduleOf(ritual, changes, timeZone, date, date).find((o) => o.key === key);
	return found ?? null;
}

/** The first occurrence of a rule on or after its start date (null: none, or unreadable). */
export function firstOccurrence(
	ritual: Pick<Ritual, 'rrule' | 'startsAt' | 'durationMinutes'>,
	timeZone: string
): Occurrence | null {
	const from = ritual.startsAt.slice(0, 10);
	return occurrencesBetween(ritual, timeZone, from, addDays(from, WINDOW_DAYS_MAX), 1)[0] ?? null;
}

function applyChange(
	ritual: Ritual,
	occurrence: Occurrence,
	change: OccurrenceChange | null,
	timeZone: string
): ScheduledOccurrence {
	const durationMinutes = change?.durationMinutes ?? ritual.durationMinutes;
	const local = change?.startsAt ?? occurrence.local;
	const moved =
		change && (change.startsAt !== null || change.durationMinutes !== null)
			? placed(local, durationMinutes, timeZone)
			: occurrence;
	return {
		...moved,
		ritualId: ritual.id,
		key: occurrence.local,
		cancelled: change?.cancelled ?? false,
		place: change?.place ?? ritual.place,
		durationMinutes,
		change
	};
}

/** A local start placed in the zone, with its end `durationMinutes` of real time later. */
function placed(local: string, durationMinutes: number, timeZone: string): Occurrence {
	const [date, time] = local.split('T') as [string, string];
	const [hh, mm] = time.split(':').map(Number) as [number, number];
	const startsAt = zonedInstant(date, hh, mm, timeZone);
	const endsAt = new Date(Date.parse(startsAt) + durationMinutes * 60_000).toISOString();
	return { local, startsAt, endsAt };
}

/** `YYYY-MM-DDTHH:MM` as a floating date (its UTC fields are that wall time). */
function floating(local: string): Date {
	const [date, time] = local.split('T') as [string, string];
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const [hh, mm] = time.split(':').map(Number) as [number, number];
	return datetime(y, m, d, hh, mm);
}
