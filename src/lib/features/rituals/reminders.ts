/**
 * The home's rituals: today's and tomorrow's occurrences with their open roles, the member's own
 * commitments of the coming days, and what changed for them since they last looked (a place
 * opened up, an occurrence they signed up for was cancelled, moved, or is no longer scheduled).
 */
import { occurrenceOf } from '$lib/domain/rituals/occurrences';
import { promotedSince, type Seat } from '$lib/domain/rituals/signups';
import { addDays } from '$lib/domain/time';
import type { OccurrenceChange, Ritual } from '$lib/domain/types';
import {
	itemOf,
	occurrenceKey,
	occurrencesIn,
	signupsByOccurrence,
	type OccurrenceItem,
	type StoredSignup
} from './agenda';
import { endMessageOf } from './occurrence-view';
import type { Seen } from './seen';

/** Commitments shown on the home: this many days from today. */
export const COMMITMENT_DAYS = 7;

export type RitualNotice =
	| { id: string; kind: 'promoted'; item: OccurrenceItem; signupId: string }
	| { id: string; kind: 'cancelled' | 'moved'; item: OccurrenceItem; message: string }
	| { id: string; kind: 'unscheduled'; ritual: Ritual; key: string; message: string };

export interface HomeRituals {
	today: OccurrenceItem[];
	tomorrow: OccurrenceItem[];
	/** The member's sign-ups of the coming days (cancelled occurrences included, shown so). */
	commitments: OccurrenceItem[];
	notices: RitualNotice[];
	/** The member's seats shown (to remember their statuses). */
	seats: Seat[];
}

export interface HomeInput {
	rituals: readonly Ritual[];
	changes: readonly OccurrenceChange[];
	/** Sign-ups of every occurrence of the window and of the member's later ones. */
	signups: readonly StoredSignup[];
	/** The member's own sign-ups (any state; only active, upcoming ones count). */
	mine: readonly StoredSignup[];
}

export function homeRituals(
	input: HomeInput,
	seen: Seen,
	options: { timeZone: string; today: string; now: Date; userId: string }
): HomeRituals {
	const { timeZone, today, now, userId } = options;
	const items = occurrencesIn(input, {
		timeZone,
		from: today,
		to: addDays(today, COMMITMENT_DAYS),
		now,
		userId
	});
	const tomorrow = addDays(today, 1);
	const notices: RitualNotice[] = [];
	const seats: Seat[] = [];
	const bySignup = signupsByOccurrence(input.signups);
	const nowIso = now.toISOString();
	for (const signup of input.mine) {
		if (signup.cancelled || signup.occurrence < `${today}T00:00`) continue;
		const ritual = input.rituals.find((r) => r.id === signup.ritualId);
		if (!ritual) continue;
		const occurrence = occurrenceOf(ritual, input.changes, signup.occurrence, timeZone);
		if (!occurrence) {
			notices.push({
				id: `unscheduled:${signup.id}`,
				kind: 'unscheduled',
				ritual,
				key: signup.occurrence,
				message: endMessageOf(ritual, signup.occurrence, input.rituals)
			});
			continue;
		}
		if (occurrence.endsAt <= nowIso) continue;
		const others = bySignup.get(occurrenceKey(ritual.id, signup.occurrence)) ?? [signup];
		const item = itemOf(ritual, occurrence, others, userId, timeZone);
		if (item.mine) seats.push(item.mine);
		const change = occurrence.change;
		if (change && (occurrence.cancelled || changesSomething(change))) {
			notices.push({
				id: `${occurrence.cancelled ? 'cancelled' : 'moved'}:${change.id}:${change.changedAt}`,
				kind: occurrence.cancelled ? 'cancelled' : 'moved',
				item,
				message: change.message
			});
		}
		if (item.mine && promotedSince(seen.statuses, [item.mine]).length > 0) {
			notices.push({ id: `promoted:${signup.id}`, kind: 'promoted', item, signupId: signup.id });
		}
	}
	const dismissed = new Set(seen.dismissed);
	return {
		today: items.filter((item) => item.date === today),
		tomorrow: items.filter((item) => item.date === tomorrow),
		commitments: items.filter((item) => item.mine !== null),
		notices: notices.filter((notice) => notice.kind === 'promoted' || !dismissed.has(notice.id)),
		seats
	};
}

/** A change that moves, lengthens or relocates (a restored occurrence changes nothing). */
const changesSomething = (change: OccurrenceChange): boolean =>
	change.startsAt !== null || change.durationMinutes !== null || change.place !== null;
