/**
 * What the participation screens read, each as one query for a `LiveQuery` (a screen appears
 * whole). Rows a device holds beyond what its user may see (the demo device holds everything)
 * are filtered here to the user's own.
 */
import type { CollectifDB } from '$lib/db/database';
import { contestsOf, memberFacts, prefsOf, welcomesOf } from '$lib/db/participation';
import { ritualsOf } from '$lib/db/rituals';
import { membersOf } from '$lib/db/spaces';
import { parseSubject } from './contest-view';

/** The member's mirror: their facts, switches, contests, the settings, rituals and names. */
export async function mirrorData(db: CollectifDB, spaceId: string, userId: string) {
	const [{ settings, ...facts }, prefs, contests, rituals, welcomes, members] = await Promise.all([
		memberFacts(db, spaceId, userId),
		prefsOf(db, spaceId, userId),
		contestsOf(db, spaceId),
		ritualsOf(db, spaceId),
		welcomesOf(db, spaceId),
		membersOf(db, spaceId)
	]);
	return {
		facts,
		prefs: prefs ?? null,
		contests: contests.filter((c) => c.userId === userId),
		settings,
		rituals,
		welcome: welcomes.find((w) => w.newcomerId === userId) ?? null,
		members
	};
}
export type MirrorData = Awaited<ReturnType<typeof mirrorData>>;

/** A newcomer's first days: when they were first seen, their answer, who they could name. */
export async function welcomeData(db: CollectifDB, spaceId: string, userId: string) {
	const [{ settings, ...facts }, welcomes, members] = await Promise.all([
		memberFacts(db, spaceId, userId),
		welcomesOf(db, spaceId),
		membersOf(db, spaceId)
	]);
	return {
		facts,
		welcome: welcomes.find((w) => w.newcomerId === userId) ?? null,
		members,
		settings
	};
}

/**
 * The hosts' contests page: every contest, and the rows their subjects name (read by id: a
 * year of attendance is not read to describe a few contests).
 */
export async function contestsData(db: CollectifDB, spaceId: string) {
	const [contests, members, rituals] = await Promise.all([
		contestsOf(db, spaceId),
		membersOf(db, spaceId),
		ritualsOf(db, spaceId)
	]);
	const named = (kind: string) =>
		contests.map((c) => parseSubject(c.subject)).flatMap((s) => (s.kind === kind ? [s.ref] : []));
	const inSpace = <T extends { spaceId: string }>(rows: (T | undefined)[]) =>
		rows.filter((row): row is T => row !== undefined && row.spaceId === spaceId);
	const [attendance, proposals] = await Promise.all([
		db.attendance.bulkGet(named('attendance')).then(inSpace),
		db.proposals.bulkGet(named('proposal')).then(inSpace)
	]);
	return { contests, members, rituals, attendance, proposals };
}
export type ContestsData = Awaited<ReturnType<typeof contestsData>>;
