import { Dexie } from 'dexie';
import type { Visit } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/** The member's open visit, if any (see `stored.ts` for `openOf`). */
export function openVisitOf(db: CollectifDB, userId: string): Promise<Stored<Visit> | undefined> {
	return db.visits.where('openOf').equals(userId).first();
}

/** A member's visits, latest first. */
export function visitsOf(db: CollectifDB, userId: string, limit = 100): Promise<Stored<Visit>[]> {
	return db.visits
		.where('[userId+startedAt]')
		.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
		.reverse()
		.limit(limit)
		.toArray();
}

/** Visits still open in a space that started after `since` (older ones are auto-closed). */
export function openVisitsIn(
	db: CollectifDB,
	spaceId: string,
	since: string
): Promise<Stored<Visit>[]> {
	return db.visits
		.where('openOf')
		.above('')
		.filter((visit) => visit.spaceId === spaceId && visit.startedAt >= since)
		.toArray();
}

/** Every visit of one member in one space, oldest first (the hours statement reads them all). */
export async function memberVisitsIn(
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<Visit>[]> {
	// One `getAll` over the member's range, filtered here: a Dexie `filter` would walk a cursor,
	// one request per row (several times slower for a year of visits).
	const visits = await db.visits
		.where('[userId+startedAt]')
		.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
		.toArray();
	return visits.filter((visit) => visit.spaceId === spaceId);
}

/** A space's visits that started in `[from, to)` (host views, exports), oldest first. */
export function visitsInPeriod(
	db: CollectifDB,
	spaceId: string,
	from: string,
	to: string
): Promise<Stored<Visit>[]> {
	return db.visits
		.where('[spaceId+startedAt]')
		.between([spaceId, from], [spaceId, to], true, false)
		.toArray();
}

/** A visit never lasts longer than this: forgotten check-outs are closed at closing time. */
const LONGEST_VISIT_MS = 24 * 60 * 60_000;

/**
 * A space's visits that overlap `[fromInstant, toInstant)`: who was in at some point of it (the
 * attendance list of a ritual starts from them). Oldest first.
 */
export async function visitsBetween(
	db: CollectifDB,
	spaceId: string,
	fromInstant: string,
	toInstant: string
): Promise<Stored<Visit>[]> {
	const earliest = new Date(Date.parse(fromInstant) - LONGEST_VISIT_MS).toISOString();
	const visits = await db.visits
		.where('[spaceId+startedAt]')
		.between([spaceId, earliest], [spaceId, toInstant], true, false)
		.toArray();
	return visits.filter((visit) => visit.endedAt === null || visit.endedAt > fromInstant);
}
