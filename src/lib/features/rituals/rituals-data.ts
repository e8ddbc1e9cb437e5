/**
 * What the ritual screens read, each as one query for a `LiveQuery` (so a screen appears whole):
 * the list's window, one occurrence, the home's reminders, and a member's sign-ups for a
 * calendar file.
 */
import type { CollectifDB } from '$lib/db/database';
import {
	changesOf,
	ritualsOf,
	ritualsPage,
	signupsOfOccurrence,
	signupsOfUser,
	vocabularyOf
} from '$lib/db/rituals';
import { membersOf } from '$lib/db/spaces';
import { addDays } from '$lib/domain/time';
import { seriesOf } from './occurrence-view';

/** Days the list shows, from today: about five weeks. */
export const LIST_DAYS = 35;

/** The list: every series, change and sign-up of the window from `today` (local dates). */
export const listData = (db: CollectifDB, spaceId: string, today: string) =>
	ritualsPage(db, spaceId, `${today}T00:00`, addDays(today, LIST_DAYS));

/** One occurrence: its series (followed past a split), sign-ups, and the people's names. */
export async function occurrenceData(
	db: CollectifDB,
	spaceId: string,
	ritualId: string,
	key: string
) {
	const [rituals, changes, vocabulary, members] = await Promise.all([
		ritualsOf(db, spaceId),
		changesOf(db, spaceId),
		vocabularyOf(db, spaceId),
		membersOf(db, spaceId)
	]);
	const ritual = seriesOf(rituals, ritualId, key);
	const signups = ritual ? await signupsOfOccurrence(db, ritual.id, key) : [];
	return { rituals, ritual, changes, vocabulary, members, signups };
}

/**
 * The home: the week's occurrences with their sign-ups, and the member's own sign-ups with every
 * sign-up of their later occurrences (to tell them when a place opened up).
 */
export async function homeData(db: CollectifDB, spaceId: string, userId: string, today: string) {
	const until = addDays(today, 7);
	const [page, mine] = await Promise.all([
		ritualsPage(db, spaceId, `${today}T00:00`, until),
		signupsOfUser(db, spaceId, userId)
	]);
	const later = mine.filter((s) => !s.cancelled && s.occurrence > `${until}T23:59`);
	const more = await Promise.all(
		later.map((s) => signupsOfOccurrence(db, s.ritualId, s.occurrence))
	);
	return { ...page, signups: [...page.signups, ...more.flat()], mine };
}

/** Everything needed to put a member's upcoming sign-ups in a calendar file. */
export async function calendarData(db: CollectifDB, spaceId: string, userId: string) {
	const [rituals, changes, mine] = await Promise.all([
		ritualsOf(db, spaceId),
		changesOf(db, spaceId),
		signupsOfUser(db, spaceId, userId)
	]);
	const active = mine.filter((signup) => !signup.cancelled);
	const signups = await Promise.all(
		active.map((s) => signupsOfOccurrence(db, s.ritualId, s.occurrence))
	);
	return { rituals, changes, mine: active, signups: signups.flat() };
}
