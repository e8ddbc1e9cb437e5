import type { Ritual, Signup } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

export const ritualsOf = (db: CollectifDB, spaceId: string): Promise<Stored<Ritual>[]> =>
	db.rituals.where('spaceId').equals(spaceId).toArray();

/** Active sign-ups of a ritual for occurrences starting at or after `fromLocal` (`YYYY-MM-DDTHH:MM`). */
export async function upcomingSignups(
	db: CollectifDB,
	ritualId: string,
	fromLocal: string
): Promise<Stored<Signup>[]> {
	const rows = await db.signups
		.where('[ritualId+occurrence]')
		.between([ritualId, fromLocal], [ritualId, '\uffff'])
		.toArray();
	return rows.filter((signup) => !signup.cancelled);
}
