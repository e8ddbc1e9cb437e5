/**
 * Attendance after an occurrence (`domain.md`, "Attendance"): a host confirms who came and who
 * co-animated. The list starts from what the app knows: the marks already confirmed, or else the
 * confirmed sign-ups of people who were checked in during the ritual (with the part their role
 * implies) and the series' lead if they were there. Others signed up are offered unticked.
 */
import type { Attendance, AttendancePart, Ritual, Signup, Visit } from '../types';
import type { ScheduledOccurrence } from './occurrences';
import { seatsOf } from './signups';

export interface AttendanceDraft {
	userId: string;
	part: AttendancePart;
	roleKey: string | null;
	/** Ticked: counted as present when the host confirms. */
	present: boolean;
	/** Why the person is on the list. */
	source: 'marked' | 'checked_in' | 'signed_up' | 'lead';
	/** The existing mark's id, kept when the host confirms again. */
	attendanceId: string | null;
}

const partRank: Record<AttendancePart, number> = {
	attended: 0,
	contributed: 1,
	coanimated: 2,
	led: 3
};

/** The part a sign-up's role implies: animating, bringing something, or attending. */
export function partOfRole(ritual: Pick<Ritual, 'roles'>, roleKey: string | null): AttendancePart {
	const role = ritual.roles.find((r) => r.key === roleKey);
	if (!role) return 'attended';
	return role.animates ? 'coanimated' : 'contributed';
}

/** The higher of two parts (for one occurrence only a person's highest part counts). */
export const higherPart = (a: AttendancePart, b: AttendancePart): AttendancePart =>
	partRank[a] >= partRank[b] ? a : b;

/** Whether a visit overlaps the occurrence (checked in at some point during it). */
export const visitedDuring = (visit: Visit, occurrence: ScheduledOccurrence): boolean =>
	visit.startedAt < occurrence.endsAt &&
	(visit.endedAt === null || visit.endedAt > occurrence.startsAt);

/**
 * The list a host confirms. `marks`: attendance already confirmed for this occurrence (then it is
 * the list, as confirmed); `signups`: the occurrence's sign-ups; `visits`: the space's visits
 * around it.
 */
export function attendanceDraft(input: {
	ritual: Ritual;
	occurrence: ScheduledOccurrence;
	marks: readonly Attendance[];
	signups: readonly Signup[];
	visits: readonly Visit[];
}): AttendanceDraft[] {
	const { ritual, occurrence, marks } = input;
	const known = marks.filter((mark) => mark.userId !== null);
	if (known.length > 0) {
		return known.map((mark) => ({
			userId: mark.userId!,
			part: mark.part,
			roleKey: mark.roleKey,
			present: true,
			source: 'marked',
			attendanceId: mark.id
		}));
	}
	const present = new Set(
		input.visits
			.filter((visit) => visit.userId !== null && visitedDuring(visit, occurrence))
			.map((visit) => visit.userId!)
	);
	const drafts = new Map<string, AttendanceDraft>();
	for (const seat of seatsOf(ritual, input.signups).seats) {
		const userId = seat.signup.userId;
		if (userId === null || seat.status === 'waitlisted') continue;
		drafts.set(userId, {
			userId,
			part: partOfRole(ritual, seat.signup.roleKey),
			roleKey: seat.role ? seat.signup.roleKey : null,
			present: present.has(userId),
			source: present.has(userId) ? 'checked_in' : 'signed_up',
			attendanceId: null
		});
	}
	const lead = ritual.leadUserId;
	if (lead !== null) {
		const draft = drafts.get(lead);
		drafts.set(lead, {
			userId: lead,
			part: 'led',
			roleKey: draft?.roleKey ?? null,
			present: present.has(lead),
			source: 'lead',
			attendanceId: null
		});
	}
	return [...drafts.values()];
}
