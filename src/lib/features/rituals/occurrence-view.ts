/**
 * One occurrence as a member sees it: scheduled, cancelled or no longer scheduled, its places,
 * roles and people (names only of those who show them), the member's seat and what they may
 * still do. Pure: the screen passes what it read and the time.
 */
import { occurrenceOf, type ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { OccurrenceSeats, Seat } from '$lib/domain/rituals/signups';
import { zonedInstant } from '$lib/domain/time';
import type { Membership, OccurrenceChange, Ritual } from '$lib/domain/types';
import { itemOf, type OccurrenceItem, type StoredSignup } from './agenda';

/** `YYYY-MM-DDTHH:MM`, the form of an occurrence key. */
export const isOccurrenceKey = (value: string): boolean =>
	/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/.test(value);

/**
 * The series that holds an occurrence: after a split ("this and following"), sign-ups from its
 * first occurrence on moved to the series that carries on, so a link to the old one follows it.
 */
export function seriesOf(rituals: readonly Ritual[], ritualId: string, key: string): Ritual | null {
	let ritual = rituals.find((r) => r.id === ritualId) ?? null;
	for (let hops = 0; ritual && hops < 20; hops++) {
		const next: string | null = ritual.continuedBy;
		if (next === null || ritual.endsBefore === null || key < ritual.endsBefore) break;
		ritual = rituals.find((r) => r.id === next) ?? ritual;
		if (ritual.id !== next) break;
	}
	return ritual;
}

/**
 * What the host said about an occurrence that is no longer scheduled: the series was ended
 * before it, or split, and the series that carries on no longer has it.
 */
export function endMessageOf(ritual: Ritual, key: string, rituals: readonly Ritual[]): string {
	if (ritual.endsBefore !== null && key >= ritual.endsBefore && ritual.endMessage) {
		return ritual.endMessage;
	}
	return rituals.find((r) => r.continuedBy === ritual.id)?.endMessage ?? '';
}

/** Whether the series was ever cut (ended or split) at or before this occurrence. */
function wasCut(ritual: Ritual, key: string, rituals: readonly Ritual[]): boolean {
	if (ritual.endsBefore !== null && key >= ritual.endsBefore) return true;
	return rituals.some((r) => r.continuedBy === ritual.id);
}

export type OccurrenceState = 'scheduled' | 'cancelled' | 'unscheduled';

export interface OccurrenceModel extends OccurrenceItem {
	key: string;
	state: OccurrenceState;
	/** The host's message: of the change (cancelled, moved), or of the series' end. */
	message: string;
	/** The start moved from the original one (the key). */
	moved: boolean;
	/** Started: sign-ups can no longer be made, changed or cancelled. */
	started: boolean;
	ended: boolean;
}

export interface OccurrenceInput {
	rituals: readonly Ritual[];
	/** The series that holds the occurrence (`seriesOf`). */
	ritual: Ritual;
	changes: readonly OccurrenceChange[];
	/** The occurrence's sign-ups (cancelled ones included). */
	signups: readonly StoredSignup[];
}

/**
 * The occurrence `key` of the series, or null when there is nothing to show: the series never had
 * it, and nobody here is signed up to it (a bad link).
 */
export function occurrenceModel(
	input: OccurrenceInput,
	key: string,
	options: { timeZone: string; now: Date; userId: string }
): OccurrenceModel | null {
	const { ritual, rituals } = input;
	const found = occurrenceOf(ritual, input.changes, key, options.timeZone);
	const occurrence = found ?? unscheduled(ritual, key, options.timeZone);
	const item = itemOf(ritual, occurrence, input.signups, options.userId, options.timeZone);
	if (!found && !item.mine && !wasCut(ritual, key, rituals)) return null;
	const state: OccurrenceState = !found
		? 'unscheduled'
		: found.cancelled
			? 'cancelled'
			: 'scheduled';
	const now = options.now.toISOString();
	return {
		...item,
		key,
		state,
		message: found ? (found.change?.message ?? '') : endMessageOf(ritual, key, rituals),
		moved: occurrence.local !== key,
		started: occurrence.startsAt <= now,
		ended: occurrence.endsAt <= now
	};
}

/** An occurrence the series no longer has, placed where its key says. */
function unscheduled(ritual: Ritual, key: string, timeZone: string): ScheduledOccurrence {
	const startsAt = zonedInstant(
		key.slice(0, 10),
		Number(key.slice(11, 13)),
		Number(key.slice(14, 16)),
		timeZone
	);
	const endsAt = new Date(Date.parse(startsAt) + ritual.durationMinutes * 60_000).toISOString();
	return {
		local: key,
		startsAt,
		endsAt,
		ritualId: ritual.id,
		key,
		cancelled: false,
		place: ritual.place,
		durationMinutes: ritual.durationMinutes,
		change: null
	};
}

/** One person at an occurrence, as this reader may see them. */
export interface Person {
	/** Their name, or null when they do not show it. */
	name: string | null;
	me: boolean;
	/** Their note, when this reader may read it (their own, a host, a named role holder). */
	note: string;
	pending: boolean;
	seat: Seat;
}

export interface Viewer {
	userId: string;
	isHost: boolean;
}

/**
 * Names as this reader may see them: their own, everyone's for hosts, otherwise only members who
 * chose to show their name (the server sends no identity for the others).
 */
export function namesFor(members: readonly Membership[], viewer: Viewer) {
	const byId = new Map(members.map((member) => [member.userId, member]));
	return (userId: string | null): string | null => {
		if (userId === null) return null;
		const member = byId.get(userId);
		if (!member) return null;
		return viewer.isHost || member.showPresence || userId === viewer.userId
			? member.displayName
			: null;
	};
}

export function personOf(
	seat: Seat,
	nameOf: (userId: string | null) => string | null,
	viewer: Viewer
): Person {
	const { signup } = seat;
	const me = signup.userId === viewer.userId;
	const name = nameOf(signup.userId);
	// What a role holder brings is shared with the name; hosts read every note (dietary needs).
	const showsNote = me || viewer.isHost || (name !== null && seat.role !== null);
	return {
		name,
		me,
		note: showsNote ? signup.note : '',
		pending: seat.status === 'pending' || (signup as StoredSignup).pending !== undefined,
		seat
	};
}

export interface RoleSlots {
	key: string;
	label: string;
	slots: number;
	animates: boolean;
	/** Holders of a slot (first), then those waiting for the server to place them. */
	holders: Person[];
	/** Free slots to offer (a slot taken here and not synced yet is not offered). */
	open: number;
}

/** Each role with who holds its slots and how many are free. */
export function roleSlots(
	seats: OccurrenceSeats,
	nameOf: (userId: string | null) => string | null,
	viewer: Viewer
): RoleSlots[] {
	return seats.roles.map((role) => {
		const holders = seats.seats
			.filter(
				(s) => s.role?.key === role.key && (s.roleStatus === 'filled' || s.roleStatus === 'pending')
			)
			.sort((a, b) => rankOf(a) - rankOf(b))
			.map((seat) => personOf(seat, nameOf, viewer));
		return {
			key: role.key,
			label: role.label,
			slots: role.slots,
			animates: role.animates,
			holders,
			open: Math.max(0, role.open - role.pending)
		};
	});
}

const rankOf = (seat: Seat): number =>
	seat.roleStatus === 'filled' ? (seat.signup.roleRank ?? 0) : Number.MAX_SAFE_INTEGER;

export interface People {
	/** Confirmed, in place order: named ones (me first), then how many others. */
	coming: Person[];
	comingCount: number;
	/** Confirmed people this reader cannot name. */
	others: number;
	waitlist: Person[];
	pending: number;
}

/** Who is coming and who waits, as this reader may see them. */
export function peopleOf(
	seats: OccurrenceSeats,
	nameOf: (userId: string | null) => string | null,
	viewer: Viewer
): People {
	const persons = seats.seats.map((seat) => personOf(seat, nameOf, viewer));
	const confirmed = persons.filter((p) => p.seat.status === 'confirmed');
	const named = confirmed
		.filter((p) => p.me || p.name !== null)
		.sort((a, b) => Number(b.me) - Number(a.me));
	return {
		coming: named,
		comingCount: confirmed.length,
		others: confirmed.length - named.length,
		waitlist: persons.filter((p) => p.seat.status === 'waitlisted'),
		pending: persons.filter((p) => p.seat.status === 'pending').length
	};
}
