import type { CollectifDB } from './database';
import { adjustmentsIn, contractsIn, plansOf, topupRequestsIn } from './hours';
import { membersOf, spaceById } from './spaces';
import { openVisitsIn, visitsInPeriod } from './visits';
import { presenceSince } from '$lib/domain/presence';

/**
 * Everything the host screens need to derive every member's hours, read in one go (one live
 * query per screen, so the screen appears whole). Hosts' devices hold every member's rows.
 */
export async function spaceHoursData(db: CollectifDB, spaceId: string) {
	const [space, members, plans, contracts, visits, adjustments, topups] = await Promise.all([
		spaceById(db, spaceId),
		membersOf(db, spaceId),
		plansOf(db, spaceId),
		contractsIn(db, spaceId),
		// Every visit of the space: instants are ISO strings, so '' and '~' bound them all.
		visitsInPeriod(db, spaceId, '', '~'),
		adjustmentsIn(db, spaceId),
		topupRequestsIn(db, spaceId)
	]);
	return { space, members, plans, contracts, visits, adjustments, topups };
}

export type SpaceHoursData = Awaited<ReturnType<typeof spaceHoursData>>;

/**
 * Visits that may wait for a host's review: not reviewed, and closed automatically, flagged, or
 * still open (an open one past closing time is a forgotten check-out). With the member list.
 */
export async function reviewData(db: CollectifDB, spaceId: string) {
	const [visits, members] = await Promise.all([
		db.visits
			.where('[spaceId+startedAt]')
			.between([spaceId, ''], [spaceId, '~'])
			.filter((visit) => !visit.reviewed && (visit.autoClosed || visit.flagged || !visit.endedAt))
			.toArray(),
		membersOf(db, spaceId)
	]);
	return { visits, members };
}

/** Who is in now and who could be (the presence board and the kiosk read the same). */
export async function presenceData(db: CollectifDB, spaceId: string) {
	const [open, members] = await Promise.all([
		openVisitsIn(db, spaceId, presenceSince(new Date())),
		membersOf(db, spaceId)
	]);
	return { open, members };
}
