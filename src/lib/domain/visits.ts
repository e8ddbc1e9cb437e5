import type { Space, Visit } from './types';
import { MutationError } from './mutations/errors';
import { closingAfter, endOfVisit } from './auto-close';

type Hours = Pick<Space, 'timeZone' | 'closingTime'>;

export interface CheckIn {
	visitId: string;
	spaceId: string;
	userId: string;
	at: string;
}

/**
 * Checking in opens a visit; checking in at another space closes the open one at the same
 * instant. Checking in twice at the same space is refused (the open visit goes on), unless the
 * open one is past its space's closing time: then it was a forgotten check-out, closed at that
 * time and marked (`openSpace` is the open visit's space).
 */
export function checkIn(
	open: Visit | undefined,
	request: CheckIn,
	openSpace?: Hours
): { opened: Visit; closed?: Visit } {
	const opened: Visit = {
		id: request.visitId,
		spaceId: request.spaceId,
		userId: request.userId,
		startedAt: request.at,
		endedAt: null,
		autoClosed: false,
		flagged: false,
		reviewed: false
	};
	if (!open) return { opened };
	if (openSpace) {
		// At or after its closing time (as the server's job would already have closed it).
		const closeAt = closingAfter(open.startedAt, openSpace);
		if (Date.parse(request.at) >= Date.parse(closeAt)) {
			return { opened, closed: { ...open, endedAt: closeAt, autoClosed: true } };
		}
	}
	if (open.spaceId === request.spaceId) {
		throw new MutationError('conflict', 'already checked in');
	}
	return { opened, closed: { ...open, endedAt: maxInstant(open.startedAt, request.at) } };
}

/**
 * Checking out closes one's own open visit (a host may close any visit of their space); the end
 * is never before the start, and never after the space's closing time (`endOfVisit`).
 */
export function checkOut(
	visit: Visit | undefined,
	by: { userId: string; host: boolean },
	at: string,
	space: Hours
): Visit {
	if (!visit) throw new MutationError('not_found', 'visit');
	if (visit.userId !== by.userId && !by.host)
		throw new MutationError('forbidden', 'not your visit');
	if (visit.endedAt !== null) throw new MutationError('conflict', 'visit already ended');
	if (Date.parse(at) < Date.parse(visit.startedAt)) {
		throw new MutationError('invalid_args', 'end before start', [
			{ path: 'at', message: 'end before start' }
		]);
	}
	return { ...visit, ...endOfVisit(visit.startedAt, at, space) };
}

/** Elapsed whole seconds between two instants (real time, so DST changes do not matter). */
export const elapsedSeconds = (from: string, to: string): number =>
	Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

const maxInstant = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * Seconds spent in the space on one local day, given as its bounds (`localDayBounds`): visits
 * that started that day, the open one counted up to `now`. (Presence, not billed time: billing
 * rules apply on top of this.) A visit belongs to the day it started, also past midnight.
 */
export function presentSecondsOn(
	visits: readonly Visit[],
	day: { start: string; end: string },
	now: Date
): number {
	const start = Date.parse(day.start);
	const end = Date.parse(day.end);
	let total = 0;
	for (const visit of visits) {
		const started = Date.parse(visit.startedAt);
		if (started < start || started >= end) continue;
		total += elapsedSeconds(visit.startedAt, visit.endedAt ?? now.toISOString());
	}
	return total;
}
