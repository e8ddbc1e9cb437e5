/**
 * What the host's community view reads, as one query for a `LiveQuery`: the space's compact log
 * (kept on the device, `db/participation-log.ts`), the settings, the switches and the names. Its
 * own module: the log's upkeep (and `rrule`, to expand the series) loads with this screen only.
 */
import type { CollectifDB } from '$lib/db/database';
import { prefsOfSpace, settingsOf } from '$lib/db/participation';
import { hostLog } from '$lib/db/participation-log';
import { ritualsOf } from '$lib/db/rituals';
import { membersOf } from '$lib/db/spaces';

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
