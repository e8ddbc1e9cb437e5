import type { Membership, Visit } from './types';

export interface PresenceNow {
	count: number;
	/** Names of present members who chose to appear; the others only count. */
	names: string[];
}

/** Who is here now: everyone counts, names only for those who opted in. */
export function presenceNow(open: readonly Visit[], members: readonly Membership[]): PresenceNow {
	const userIds = new Set(
		open.filter((visit) => visit.endedAt === null).map((visit) => visit.userId)
	);
	const names = members
		.filter((member) => userIds.has(member.userId) && member.showPresence)
		.map((member) => member.displayName)
		.sort((a, b) => a.localeCompare(b));
	return { count: userIds.size, names };
}
