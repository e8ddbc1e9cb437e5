/**
 * What this device showed a member about their rituals, kept in `localStorage` per user: the
 * status of each of their sign-ups (so a move from the waitlist to a place is told once, as
 * `promotedSince` in the domain defines it) and the notices they dismissed.
 */
import type { Seat, SeatStatus } from '$lib/domain/rituals/signups';

export interface Seen {
	/** Sign-up id → the status last shown (`waitlisted` stays until the promotion is dismissed). */
	statuses: Record<string, SeatStatus>;
	/** Ids of dismissed notices, oldest first. */
	dismissed: string[];
}

/** Kept bounded: a member has few sign-ups at a time, and old notices no longer come back. */
const MAX_ENTRIES = 300;

export const emptySeen = (): Seen => ({ statuses: {}, dismissed: [] });

const storageKey = (userId: string) => `collectif.rituals.seen.${userId}`;

export function readSeen(
	userId: string,
	storage: Storage | undefined = globalThis.localStorage
): Seen {
	try {
		const raw = storage?.getItem(storageKey(userId));
		if (!raw) return emptySeen();
		const value = JSON.parse(raw) as Partial<Seen>;
		const statuses = value.statuses && typeof value.statuses === 'object' ? value.statuses : {};
		const dismissed = Array.isArray(value.dismissed)
			? value.dismissed.filter((id): id is string => typeof id === 'string')
			: [];
		return { statuses, dismissed };
	} catch {
		return emptySeen();
	}
}

export function writeSeen(
	userId: string,
	seen: Seen,
	storage: Storage | undefined = globalThis.localStorage
): void {
	try {
		storage?.setItem(storageKey(userId), JSON.stringify(seen));
	} catch {
		// Storage full or disabled: the notices come back next time, nothing worse.
	}
}

/**
 * The statuses shown now, remembered: a waitlisted seat is recorded; a confirmed one too, unless
 * it was waitlisted (that is a promotion, kept until its notice is dismissed). Pending seats have
 * no place yet. Returns `seen` itself when nothing changed.
 */
export function rememberSeats(seen: Seen, seats: readonly Seat[]): Seen {
	let statuses: Record<string, SeatStatus> | null = null;
	for (const seat of seats) {
		const id = seat.signup.id;
		const before = seen.statuses[id];
		const next =
			seat.status === 'waitlisted'
				? 'waitlisted'
				: seat.status === 'confirmed' && before === undefined
					? 'confirmed'
					: before;
		if (next !== before && next !== undefined) {
			statuses ??= { ...seen.statuses };
			statuses[id] = next;
		}
	}
	return statuses ? { ...seen, statuses: bounded(statuses) } : seen;
}

/** A notice dismissed; a promotion is dismissed by recording the place it got. */
export function dismiss(seen: Seen, noticeId: string, promotedSignupId?: string): Seen {
	const dismissed = seen.dismissed.includes(noticeId)
		? seen.dismissed
		: [...seen.dismissed, noticeId].slice(-MAX_ENTRIES);
	const statuses = promotedSignupId
		? { ...seen.statuses, [promotedSignupId]: 'confirmed' as const }
		: seen.statuses;
	return { statuses, dismissed };
}

/** Reads, remembers the seats shown and writes back (the screens that show statuses). */
export function rememberShown(userId: string, seats: readonly Seat[], storage?: Storage): void {
	const seen = readSeen(userId, storage);
	const next = rememberSeats(seen, seats);
	if (next !== seen) writeSeen(userId, next, storage);
}

function bounded(statuses: Record<string, SeatStatus>): Record<string, SeatStatus> {
	const entries = Object.entries(statuses);
	return entries.length > MAX_ENTRIES ? Object.fromEntries(entries.slice(-MAX_ENTRIES)) : statuses;
}
