/**
 * Forgotten check-outs (`../shared/design/domain.md`, "Check-ins"): an open visit is closed at the
 * space's closing time and marked `autoClosed`; its member may correct the end within 7 days,
 * never before the start nor after the automatic close; hosts may correct any visit.
 */
import { addDays, localDateOf, zonedInstant } from './time';
import type { Space, Visit } from './types';

/** How long a member may correct an automatically closed visit. */
export const CORRECTION_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * The first closing time of the space strictly after the visit started: that day's closing time,
 * or the next day's for a visit started after closing.
 */
export function closingAfter(
	startedAt: string,
	space: Pick<Space, 'timeZone' | 'closingTime'>
): string {
	const [hours, minutes] = space.closingTime.split(':').map(Number) as [number, number];
	const day = localDateOf(startedAt, space.timeZone);
	const sameDay = zonedInstant(day, hours, minutes, space.timeZone);
	if (Date.parse(sameDay) > Date.parse(startedAt)) return sameDay;
	return zonedInstant(addDays(day, 1), hours, minutes, space.timeZone);
}

/** The open visits whose closing time has passed, closed at it and marked. */
export function dueAutoCloses(
	open: readonly Visit[],
	space: Pick<Space, 'id' | 'timeZone' | 'closingTime'>,
	now: Date
): Visit[] {
	return open.flatMap((visit) => {
		if (visit.endedAt !== null || visit.spaceId !== space.id) return [];
		const closeAt = closingAfter(visit.startedAt, space);
		if (Date.parse(closeAt) > now.getTime()) return [];
		return [{ ...visit, endedAt: closeAt, autoClosed: true }];
	});
}

/**
 * The end a check-out gives a visit: the check-out time, unless the space closed before it (the
 * member checked out late, offline, or after the automatic close already ran): then the visit
 * ends at the closing time, marked. The same wherever it is computed, whenever.
 */
export function endOfVisit(
	startedAt: string,
	at: string,
	space: Pick<Space, 'timeZone' | 'closingTime'>
): { endedAt: string; autoClosed: boolean } {
	const closeAt = closingAfter(startedAt, space);
	return Date.parse(at) > Date.parse(closeAt)
		? { endedAt: closeAt, autoClosed: true }
		: { endedAt: at, autoClosed: false };
}

/**
 * A visit as it stands at `now`: still open, or closed at the space's closing time if that has
 * passed (what the server's job or the next sync will write; shown at once, even offline).
 */
export function visitAsOf(
	visit: Visit,
	space: Pick<Space, 'timeZone' | 'closingTime'>,
	now: Date
): Visit {
	if (visit.endedAt !== null) return visit;
	const closeAt = closingAfter(visit.startedAt, space);
	return Date.parse(closeAt) > now.getTime()
		? visit
		: { ...visit, endedAt: closeAt, autoClosed: true };
}

export type CorrectionRefusal =
	| 'not_closed'
	| 'before_start'
	| 'after_auto_close'
	| 'not_auto_closed'
	| 'already_reviewed'
	| 'start_changed'
	| 'too_late'
	| 'not_yours';

/** The new times of a correction (a confirmation keeps the current ones). */
export interface VisitTimes {
	startedAt: string;
	endedAt: string;
}

/**
 * Whether `by` may give `visit` the times `to` at `now`; null when allowed, else why not.
 * The member: only their own auto-closed visit, once (confirmed or corrected, it is reviewed),
 * within 7 days of its automatic close, the end only, between the start and that close. A host:
 * any closed visit of their space (the caller checks the space), never ending before it starts.
 */
export function correctionRefusal(
	visit: Visit,
	to: VisitTimes,
	by: { userId: string; host: boolean },
	now: Date
): CorrectionRefusal | null {
	if (visit.endedAt === null) return 'not_closed';
	if (Date.parse(to.endedAt) < Date.parse(to.startedAt)) return 'before_start';
	if (by.host) return null;
	if (visit.userId !== by.userId) return 'not_yours';
	if (!visit.autoClosed) return 'not_auto_closed';
	if (visit.reviewed) return 'already_reviewed';
	if (now.getTime() - Date.parse(visit.endedAt) > CORRECTION_WINDOW_MS) return 'too_late';
	if (Date.parse(to.startedAt) !== Date.parse(visit.startedAt)) return 'start_changed';
	if (Date.parse(to.endedAt) > Date.parse(visit.endedAt)) return 'after_auto_close';
	return null;
}
