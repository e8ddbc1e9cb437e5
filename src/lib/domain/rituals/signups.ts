/**
 * Places and roles of one occurrence, derived from its sign-ups (`domain.md`, "Capacity and
 * waitlist"): never stored, so every device computes the same from the same rows.
 *
 * - Places go in the server's commit order (`rank`): the first `capacity` active sign-ups are
 *   confirmed, the others wait in order; a cancellation promotes the next with no extra code.
 * - A sign-up the server has not ranked yet is pending: it takes no place until it has one.
 * - A role's slots go to confirmed sign-ups in that role, in the order they took it (`roleRank`,
 *   renewed when someone changes role, so switching late never bumps whoever took it first);
 *   the others in that role are over the slots (they still have their place).
 * - A role the ritual no longer has counts as attending.
 */
import type { Ritual, RitualRole, Signup } from '../types';

export type SeatStatus = 'confirmed' | 'waitlisted' | 'pending';
/** `filled`: one of the role's slots; `over`: the slots were taken first; `waiting`: no place yet. */
export type RoleStatus = 'filled' | 'over' | 'waiting' | 'pending';

export interface Seat {
	signup: Signup;
	status: SeatStatus;
	/** Position on the waitlist (1 = next to get a place), else null. */
	position: number | null;
	/** The role held, if the ritual has it. */
	role: RitualRole | null;
	roleStatus: RoleStatus | null;
}

export interface RoleFill extends RitualRole {
	filled: number;
	/** Sign-ups to it not on the server yet (they may fill it). */
	pending: number;
	/** Slots nobody holds: the invitation to co-animate. */
	open: number;
}

export interface OccurrenceSeats {
	/** Active sign-ups in place order: ranked first, then pending ones as they were made. */
	seats: Seat[];
	confirmed: number;
	waitlisted: number;
	pending: number;
	/** Confirmed places still free (null: no capacity). */
	placesLeft: number | null;
	roles: RoleFill[];
}

/** Places and roles of one occurrence from its sign-ups (cancelled ones are ignored). */
export function seatsOf(
	ritual: Pick<Ritual, 'capacity' | 'roles'>,
	signups: readonly Signup[]
): OccurrenceSeats {
	const active = signups.filter((signup) => !signup.cancelled);
	const ranked = active.filter((signup) => signup.rank !== null).sort((a, b) => a.rank! - b.rank!);
	const unranked = active
		.filter((signup) => signup.rank === null)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	const capacity = ritual.capacity;
	const seats: Seat[] = [];
	for (const [index, signup] of ranked.entries()) {
		const confirmed = capacity === null || index < capacity;
		seats.push(seat(ritual, signup, confirmed ? 'confirmed' : 'waitlisted', index, capacity));
	}
	for (const signup of unranked) seats.push(seat(ritual, signup, 'pending', 0, capacity));

	const roles = ritual.roles.map((role) => fillRole(role, seats));
	const count = (status: SeatStatus) => seats.filter((s) => s.status === status).length;
	const confirmed = count('confirmed');
	return {
		seats,
		confirmed,
		waitlisted: count('waitlisted'),
		pending: count('pending'),
		placesLeft: capacity === null ? null : Math.max(0, capacity - confirmed),
		roles
	};
}

function seat(
	ritual: Pick<Ritual, 'roles'>,
	signup: Signup,
	status: SeatStatus,
	index: number,
	capacity: number | null
): Seat {
	const role = ritual.roles.find((r) => r.key === signup.roleKey) ?? null;
	const position = status === 'waitlisted' ? index - capacity! + 1 : null;
	return { signup, status, position, role, roleStatus: role ? 'waiting' : null };
}

/** Gives a role's slots to confirmed holders in the order they took it; marks the rest. */
function fillRole(role: RitualRole, seats: Seat[]): RoleFill {
	const holders = seats.filter((s) => s.role?.key === role.key);
	let pending = 0;
	const ordered = holders
		.filter((s) => s.status === 'confirmed' && s.signup.roleRank !== null)
		.sort((a, b) => a.signup.roleRank! - b.signup.roleRank!);
	for (const [index, holder] of ordered.entries()) {
		holder.roleStatus = index < role.slots ? 'filled' : 'over';
	}
	for (const holder of holders) {
		if (
			holder.status === 'pending' ||
			(holder.status === 'confirmed' && holder.signup.roleRank === null)
		) {
			holder.roleStatus = 'pending';
			pending++;
		}
	}
	const filled = Math.min(role.slots, ordered.length);
	return { ...role, filled, pending, open: role.slots - filled };
}

/** The seat of one member (their active sign-up), if they have one. */
export function seatOfUser(seats: OccurrenceSeats, userId: string): Seat | null {
	return seats.seats.find((s) => s.signup.userId === userId) ?? null;
}

/**
 * Sign-ups that got a place since the statuses last seen on this device (`seen`: sign-up id →
 * status): they were waiting, or pending on the waitlist, and are now confirmed.
 */
export function promotedSince(
	seen: Readonly<Record<string, SeatStatus>>,
	seats: readonly Seat[]
): Seat[] {
	return seats.filter((s) => s.status === 'confirmed' && seen[s.signup.id] === 'waitlisted');
}
