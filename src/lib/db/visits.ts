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
