/** Occurrences as calendar events (`calendar.ts`), with the member's part in the description. */
import { occurrenceOf, type ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { Seat } from '$lib/domain/rituals/signups';
import { localDateOf, localMinutesOf } from '$lib/domain/time';
import type { OccurrenceChange, Ritual } from '$lib/domain/types';
import { m } from '$lib/paraglide/messages';
import { itemOf, occurrenceKey, signupsByOccurrence, type StoredSignup } from './agenda';
import type { CalendarEvent } from './calendar';

/** The local wall time `YYYY-MM-DDTHH:MM` of an instant in the zone. */
export function localOf(instant: string, timeZone: string): string {
	const minutes = localMinutesOf(instant, timeZone);
	const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
	const mm = String(minutes % 60).padStart(2, '0');
	return `${localDateOf(instant, timeZone)}T${hh}:${mm}`;
}

/** UID of an occurrence: the same for every file made of it, on every device. */
export const occurrenceUid = (ritualId: string, key: string): string =>
	`${ritualId}-${key.replace(/[-:]/g, '')}@collectif`;

/** Minutes since 2024 of the host's last change: a SEQUENCE that grows with each change. */
const sequenceOf = (occurrence: ScheduledOccurrence): number =>
	occurrence.change
		? Math.max(
				1,
				Math.floor((Date.parse(occurrence.change.changedAt) - Date.UTC(2024, 0, 1)) / 60_000)
			)
		: 0;

/** The member's part, in the description: their role or "attendee", their place, their note. */
function partLines(seat: Seat | null): string[] {
	if (!seat) return [];
	const lines = [
		seat.role ? m.rituals_cal_role({ role: seat.role.label }) : m.rituals_cal_attendee()
	];
	if (seat.status === 'waitlisted') {
		lines.push(m.rituals_cal_waitlisted({ position: seat.position ?? 0 }));
	}
	if (seat.signup.note) lines.push(m.rituals_cal_note({ note: seat.signup.note }));
	return lines;
}

export function calendarEventOf(
	ritual: Ritual,
	occurrence: ScheduledOccurrence,
	seat: Seat | null,
	timeZone: string,
	url?: string
): CalendarEvent {
	const message = occurrence.change?.message;
	const description = [
		ritual.description,
		partLines(seat).join('\n'),
		message ? m.rituals_cal_message({ message }) : ''
	]
		.filter(Boolean)
		.join('\n\n');
	return {
		uid: occurrenceUid(ritual.id, occurrence.key),
		start: occurrence.local,
		end: localOf(occurrence.endsAt, timeZone),
		summary: ritual.title,
		location: occurrence.place,
		description,
		cancelled: occurrence.cancelled,
		sequence: sequenceOf(occurrence),
		url
	};
}

/**
 * Events of a member's upcoming sign-ups (cancelled occurrences too, marked so: a calendar that
 * had them updates them), in start order. Occurrences no longer scheduled are left out.
 */
export function myCalendarEvents(
	data: {
		rituals: readonly Ritual[];
		changes: readonly OccurrenceChange[];
		mine: readonly StoredSignup[];
		signups: readonly StoredSignup[];
	},
	options: {
		timeZone: string;
		now: Date;
		userId: string;
		url?: (ritualId: string, key: string) => string;
	}
): CalendarEvent[] {
	const { timeZone, userId } = options;
	const now = options.now.toISOString();
	const bySignup = signupsByOccurrence(data.signups);
	const events: { startsAt: string; event: CalendarEvent }[] = [];
	for (const signup of data.mine) {
		if (signup.cancelled) continue;
		const ritual = data.rituals.find((r) => r.id === signup.ritualId);
		const occurrence = ritual && occurrenceOf(ritual, data.changes, signup.occurrence, timeZone);
		if (!ritual || !occurrence || occurrence.endsAt <= now) continue;
		const signups = bySignup.get(occurrenceKey(ritual.id, occurrence.key)) ?? [signup];
		const item = itemOf(ritual, occurrence, signups, userId, timeZone);
		const url = options.url?.(ritual.id, occurrence.key);
		events.push({
			startsAt: occurrence.startsAt,
			event: calendarEventOf(ritual, occurrence, item.mine, timeZone, url)
		});
	}
	return events.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((e) => e.event);
}
