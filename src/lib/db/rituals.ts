import type {
	Attendance,
	OccurrenceChange,
	Proposal,
	Ritual,
	Signup,
	Vocabulary
} from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/**
 * What the ritual screens read. Occurrences are named by their local start `YYYY-MM-DDTHH:MM`;
 * a window `fromLocal`..`toLocal` includes both ends, and a bare date (`YYYY-MM-DD`) as `toLocal`
 * includes its whole day. Sign-up lists include cancelled sign-ups (`seatsOf` ignores them; a
 * member's own cancelled one still says something).
 */

/** The upper bound of a local window: a bare date covers its whole day. */
const upTo = (toLocal: string): string => (toLocal.length === 10 ? `${toLocal}T\uffff` : toLocal);

export const ritualsOf = (db: CollectifDB, spaceId: string): Promise<Stored<Ritual>[]> =>
	db.rituals.where('spaceId').equals(spaceId).toArray();

export const ritualById = (db: CollectifDB, id: string): Promise<Stored<Ritual> | undefined> =>
	db.rituals.get(id);

/** Every host change of an occurrence in the space (there are few: one per changed occurrence). */
export const changesOf = (db: CollectifDB, spaceId: string): Promise<OccurrenceChange[]> =>
	db.occurrenceChanges.where('spaceId').equals(spaceId).toArray();

/** The sign-ups of one occurrence, cancelled ones included. */
export const signupsOfOccurrence = (
	db: CollectifDB,
	ritualId: string,
	occurrence: string
): Promise<Stored<Signup>[]> =>
	db.signups.where('[ritualId+occurrence]').equals([ritualId, occurrence]).toArray();

/** The sign-ups of every occurrence of the space in a window, cancelled ones included. */
export const signupsBetween = (
	db: CollectifDB,
	spaceId: string,
	fromLocal: string,
	toLocal: string
): Promise<Stored<Signup>[]> =>
	db.signups
		.where('[spaceId+occurrence]')
		.between([spaceId, fromLocal], [spaceId, upTo(toLocal)], true, true)
		.toArray();

/** A member's sign-ups in the space, every occurrence, cancelled ones included. */
export async function signupsOfUser(
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<Signup>[]> {
	const rows = await db.signups.where('userId').equals(userId).toArray();
	return rows.filter((signup) => signup.spaceId === spaceId);
}

/** Who came to one occurrence and what they did (as a host confirmed it). */
export const attendanceOfOccurrence = (
	db: CollectifDB,
	ritualId: string,
	occurrence: string
): Promise<Stored<Attendance>[]> =>
	db.attendance.where('[ritualId+occurrence]').equals([ritualId, occurrence]).toArray();

/** The proposals this device holds for the space (a member's own; every one for hosts), newest first. */
export async function proposalsOf(db: CollectifDB, spaceId: string): Promise<Stored<Proposal>[]> {
	const rows = await db.proposals.where('spaceId').equals(spaceId).toArray();
	return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** The space's own words, if its hosts wrote them. */
export const vocabularyOf = (db: CollectifDB, spaceId: string): Promise<Vocabulary | undefined> =>
	db.vocabularies.get(spaceId);

export interface RitualsPage {
	rituals: Stored<Ritual>[];
	changes: OccurrenceChange[];
	signups: Stored<Signup>[];
	vocabulary: Vocabulary | undefined;
}

/** Everything the rituals list shows for a window, read in one transaction (one consistent state). */
export function ritualsPage(
	db: CollectifDB,
	spaceId: string,
	fromLocal: string,
	toLocal: string
): Promise<RitualsPage> {
	return db.transaction(
		'r',
		[db.rituals, db.occurrenceChanges, db.signups, db.vocabularies],
		async () => {
			const [rituals, changes, signups, vocabulary] = await Promise.all([
				ritualsOf(db, spaceId),
				changesOf(db, spaceId),
				signupsBetween(db, spaceId, fromLocal, toLocal),
				vocabularyOf(db, spaceId)
			]);
			return { rituals, changes, signups, vocabulary };
		}
	);
}
