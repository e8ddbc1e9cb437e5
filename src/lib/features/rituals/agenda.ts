/**
 * The occurrences a member sees in a window of days: every series of the space expanded by the
 * domain's rules, each with its places and roles derived from its sign-ups, and the member's own
 * seat. Pure: the screens pass what they read and the time.
 */
import { scheduleOf, type ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import { seatOfUser, seatsOf, type OccurrenceSeats, type Seat } from '$lib/domain/rituals/signups';
import { localDateOf } from '$lib/domain/time';
import type { OccurrenceChange, Ritual, Signup } from '$lib/domain/types';

/** A sign-up as stored on the device: `pending` while not synced. */
export type StoredSignup = Signup & { pending?: number };

export interface OccurrenceItem {
	ritual: Ritual;
	occurrence: ScheduledOccurrence;
	/** Local date of its start (moved: the new one) in the space's zone. */
	date: string;
	seats: OccurrenceSeats;
	/** The member's active sign-up, placed; null when not signed up. */
	mine: Seat | null;
	/** The member's sign-up has a change not yet synced. */
	minePending: boolean;
}

export interface AgendaDay {
	date: string;
	items: OccurrenceItem[];
}

export interface AgendaInput {
	rituals: readonly Ritual[];
	changes: readonly OccurrenceChange[];
	signups: readonly StoredSignup[];
}

export interface AgendaOptions {
	timeZone: string;
	/** First and last local dates `YYYY-MM-DD` (inclusive). */
	from: string;
	to: string;
	/** Occurrences that ended before this instant are left out. */
	now: Date;
	userId: string;
}

/** The key that groups sign-ups by occurrence. */
export const occurrenceKey = (ritualId: string, key: string): string => `${ritualId} ${key}`;

/** Sign-ups grouped by occurrence. */
export function signupsByOccurrence(signups: readonly StoredSignup[]): Map<string, StoredSignup[]> {
	const groups = new Map<string, StoredSignup[]>();
	for (const signup of signups) {
		const key = occurrenceKey(signup.ritualId, signup.occurrence);
		const group = groups.get(key);
		if (group) group.push(signup);
		else groups.set(key, [signup]);
	}
	return groups;
}

/** One occurrence with its places, roles and the member's seat. */
export function itemOf(
	ritual: Ritual,
	occurrence: ScheduledOccurrence,
	signups: readonly StoredSignup[],
	userId: string,
	timeZone: string
): OccurrenceItem {
	const seats = seatsOf(ritual, signups);
	const mine = seatOfUser(seats, userId);
	return {
		ritual,
		occurrence,
		date: localDateOf(occurrence.startsAt, timeZone),
		seats,
		mine,
		minePending: mine !== null && (mine.signup as StoredSignup).pending !== undefined
	};
}

/** Every occurrence of the window not yet over, in start order (moved ones where they now fall). */
export function occurrencesIn(input: AgendaInput, options: AgendaOptions): OccurrenceItem[] {
	const bySignup = signupsByOccurrence(input.signups);
	const now = options.now.toISOString();
	const items: OccurrenceItem[] = [];
	for (const ritual of input.rituals) {
		const schedule = scheduleOf(ritual, input.changes, options.timeZone, options.from, options.to);
		for (const occurrence of schedule) {
			if (occurrence.endsAt <= now) continue;
			const signups = bySignup.get(occurrenceKey(ritual.id, occurrence.key)) ?? [];
			items.push(itemOf(ritual, occurrence, signups, options.userId, options.timeZone));
		}
	}
	return items.sort(
		(a, b) =>
			a.occurrence.startsAt.localeCompare(b.occurrence.startsAt) ||
			a.ritual.title.localeCompare(b.ritual.title)
	);
}

/** Items grouped by local day, in order. */
export function byDay(items: readonly OccurrenceItem[]): AgendaDay[] {
	const days: AgendaDay[] = [];
	for (const item of items) {
		const last = days.at(-1);
		if (last?.date === item.date) last.items.push(item);
		else days.push({ date: item.date, items: [item] });
	}
	return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** The member's seats among the items (to remember the statuses this device showed). */
export const mySeats = (items: readonly OccurrenceItem[]): Seat[] =>
	items.flatMap((item) => (item.mine ? [item.mine] : []));
