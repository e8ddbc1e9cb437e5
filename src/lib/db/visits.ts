import { Dexie } from 'dexie';
import type { Visit } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/** The member's open visit, if any (it is almost always their latest). */
export function openVisitOf(db: CollectifDB, userId: string): Promise<Stored<Visit> | undefined> {
	return db.visits
		.where('[userId+startedAt]')
		.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
		.reverse()
		.filter((visit) => visit.endedAt === null)
		.first();
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
		.where('[spaceId+startedAt]')
		.between([spaceId, since], [spaceId, Dexie.maxKey])
		.filter((visit) => visit.endedAt === null)
		.toArray();
}
