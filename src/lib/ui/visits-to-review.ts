import { CORRECTION_WINDOW_MS, visitAsOf } from '$lib/domain/auto-close';
import type { Space, Visit } from '$lib/domain/types';

/** A member's visit closed automatically, which they may still confirm or correct. */
export interface VisitToReview {
	/** As it stands now: an open visit past closing time shows closed there. */
	visit: Visit;
	/**
	 * Still open in storage (the automatic close is not written yet): the review first checks the
	 * visit out, which ends it at closing time as the server's close does.
	 */
	closeFirst: boolean;
}

/**
 * The member's own visits closed automatically, not yet confirmed or corrected, whose 7 days to
 * do so have not passed; latest first.
 */
export function visitsToReview(
	visits: readonly Visit[],
	userId: string,
	space: Pick<Space, 'id' | 'timeZone' | 'closingTime'>,
	now: Date
): VisitToReview[] {
	return visits
		.filter((visit) => visit.spaceId === space.id && visit.userId === userId && !visit.reviewed)
		.map((visit) => ({ visit: visitAsOf(visit, space, now), closeFirst: visit.endedAt === null }))
		.filter(
			({ visit }) =>
				visit.autoClosed &&
				visit.endedAt !== null &&
				now.getTime() - Date.parse(visit.endedAt) <= CORRECTION_WINDOW_MS
		)
		.sort((a, b) => b.visit.startedAt.localeCompare(a.visit.startedAt));
}
