/**
 * What the participation screens read, each as one query for a `LiveQuery` (a screen appears
 * whole). Rows a device holds beyond what its user may see (the demo device holds everything)
 * are filtered here to the user's own.
 */
import type { CollectifDB } from '$lib/db/database';
import {
	contestsOf,
	hostLog,
	memberFacts,
	prefsOf,
	prefsOfSpace,
	settingsOf,
	welcomesOf
} from '$lib/db/participation';
import { attendanceOfSpace, proposalsOf, ritualsOf } from '$lib/db/rituals';
import { membersOf } from '$lib/db/spaces';

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
 * The host view: the space's compact log (read once; `version` makes every change a new value),
 * the settings, the switches and the names. No row is read per member.
 */
export async function communityData(db: CollectifDB, spaceId: string, timeZone: string) {
	performance.mark('collectif:community-read');
	const [log, settings, prefs, members, rituals] = await Promise.all([
		hostLog(db, spaceId, timeZone).then((log) => {
			performance.mark('collectif:community-log');
			return log;
		}),
		settingsOf(db, spaceId),
		prefsOfSpace(db, spaceId),
		membersOf(db, spaceId),
		ritualsOf(db, spaceId)
	]);
	return { log, version: log.version, settings, prefs, members, rituals };
}
export type CommunityData = Awaited<ReturnType<typeof communityData>>;

/** The hosts' contests page: every contest, and what its subject names. */
export async function contestsData(db: CollectifDB, spaceId: string) {
	const [contests, members, rituals, attendance, proposals] = await Promise.all([
		contestsOf(db, spaceId),
		membersOf(db, spaceId),
		ritualsOf(db, spaceId),
		attendanceOfSpace(db, spaceId),
		proposalsOf(db, spaceId)
	]);
	return { contests, members, rituals, attendance, proposals };
}
export type ContestsData = Awaited<ReturnType<typeof contestsData>>;
