import type { Membership, Visit } from './types';

export interface PresenceNow {
	count: number;
	/** Names of present members who chose to appear; the others only count. */
	names: string[];
}

/**
 * Open visits that started more than a day ago are forgotten check-outs (closed by their own
 * rule), not people here now: "here now" looks at visits started since this instant.
 */
export const presenceSince = (now: Date): string =>
	new Date(now.getTime() - 24 * 3600_000).toISOString();

/**
 * Who is here now: everyone counts, names only for those who opted in. An open visit whose member
 * is hidden (`userId` null, as the server sends other members' visits) counts once.
 */
export function presenceNow(open: readonly Visit[], members: readonly Membership[]): PresenceNow {
	const current = open.filter((visit) => visit.endedAt === null);
	const userIds = new Set(
		current.flatMap((visit) => (visit.userId === null ? [] : [visit.userId]))
	);
	const hidden = current.filter((visit) => visit.userId === null).length;
	const names = members
		.filter((member) => userIds.has(member.userId) && member.showPresence)
		.map((member) => member.displayName)
		.sort((a, b) => a.localeCompare(b));
	return { count: userIds.size + hidden, names };
}
