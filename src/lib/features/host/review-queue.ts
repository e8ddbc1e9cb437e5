/**
 * Visits waiting for a host's review: closed automatically at closing time (a forgotten check-out)
 * or flagged by the server (an implausible device time), and not yet confirmed or corrected.
 */
import { visitAsOf } from '$lib/domain/auto-close';
import type { Space, Visit } from '$lib/domain/types';

export interface ReviewItem {
	/** The visit as it stands now (an open visit past closing time shows closed there). */
	visit: Visit;
	/**
	 * Still open in storage: the automatic close has not been written yet, so the review first
	 * checks the visit out (which ends it at closing time, as the server's close would).
	 */
	closeFirst: boolean;
}

export function reviewQueue(
	visits: readonly Visit[],
	space: Pick<Space, 'id' | 'timeZone' | 'closingTime'>,
	now: Date
): ReviewItem[] {
	return visits
		.filter((visit) => visit.spaceId === space.id && !visit.reviewed && visit.userId !== null)
		.map((visit) => ({ visit: visitAsOf(visit, space, now), closeFirst: visit.endedAt === null }))
		.filter(({ visit }) => visit.endedAt !== null && (visit.autoClosed || visit.flagged))
		.sort((a, b) => b.visit.startedAt.localeCompare(a.visit.startedAt));
}
