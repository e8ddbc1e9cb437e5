/**
 * Visits waiting for review (`../shared/design/domain.md`, "Forgotten check-out" and "Times"): for
 * a member, their own visits closed automatically that they may still confirm or correct (once,
 * within 7 days); for hosts, every visit of the space closed automatically or flagged by the
 * server (an implausible device time), not yet confirmed or corrected.
 */
import { CORRECTION_WINDOW_MS, visitAsOf } from './auto-close';
import type { Space, Visit } from './types';

export interface VisitToReview {
	/** As it stands now: an open visit past closing time shows closed there. */
	visit: Visit;
	/**
	 * Still open in storage (the automatic close is not written yet): the review first checks the
	 * visit out, which ends it at closing time as the server's close does.
	 */
	closeFirst: boolean;
}

type Hours = Pick<Space, 'id' | 'timeZone' | 'closingTime'>;

function toReview(
	visits: readonly Visit[],
	space: Hours,
	now: Date,
	mine: (visit: Visit) => boolean,
	waits: (visit: Visit) => boolean
): VisitToReview[] {
	return visits
		.filter((visit) => visit.spaceId === space.id && !visit.reviewed && mine(visit))
		.map((visit) => ({ visit: visitAsOf(visit, space, now), closeFirst: visit.endedAt === null }))
		.filter(({ visit }) => visit.endedAt !== null && waits(visit))
		.sort((a, b) => b.visit.startedAt.localeCompare(a.visit.startedAt));
}

/** The member's own automatically closed visits they may still confirm or correct; latest first. */
export const visitsToReview = (
	visits: readonly Visit[],
	userId: string,
	space: Hours,
	now: Date
): VisitToReview[] =>
	toReview(
		visits,
		space,
		now,
		(visit) => visit.userId === userId,
		(visit) =>
			visit.autoClosed && now.getTime() - Date.parse(visit.endedAt!) <= CORRECTION_WINDOW_MS
	);

/** The space's visits waiting for a host: closed automatically or flagged; latest first. */
export const reviewQueue = (visits: readonly Visit[], space: Hours, now: Date): VisitToReview[] =>
	toReview(
		visits,
		space,
		now,
		(visit) => visit.userId !== null,
		(visit) => visit.autoClosed || visit.flagged
	);
