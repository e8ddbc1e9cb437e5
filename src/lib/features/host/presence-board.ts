/**
 * Who is here now, for hosts (they see every name): members with an open visit that started
 * within a day and is not past the space's closing time, and the others, by name.
 */
import { visitAsOf } from '$lib/domain/auto-close';
import { presenceSince } from '$lib/domain/presence';
import type { Membership, Space, Visit } from '$lib/domain/types';

export interface PresentMember {
	member: Membership;
	visit: Visit;
}

export interface PresenceBoard {
	present: PresentMember[];
	absent: Membership[];
	/** Open visits that count but whose member is unknown here (not in the member list). */
	others: number;
}

export function presenceBoard(
	open: readonly Visit[],
	members: readonly Membership[],
	space: Pick<Space, 'id' | 'timeZone' | 'closingTime'>,
	now: Date
): PresenceBoard {
	const since = presenceSince(now);
	const current = open.filter(
		(visit) =>
			visit.spaceId === space.id &&
			visit.startedAt >= since &&
			visitAsOf(visit, space, now).endedAt === null
	);
	const byUser = new Map(current.flatMap((visit) => (visit.userId ? [[visit.userId, visit]] : [])));
	const present: PresentMember[] = [];
	const absent: Membership[] = [];
	for (const member of members) {
		const visit = byUser.get(member.userId);
		if (visit) present.push({ member, visit });
		else absent.push(member);
	}
	return { present, absent, others: current.length - present.length };
}

/** The gauge's count: everyone here, known or not. */
export const presentCount = (board: PresenceBoard): number => board.present.length + board.others;
