/** Where the ritual screens link to: one occurrence, and the hosts' screens for it. */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

const occurrenceQuery = (ritualId: string, key: string) =>
	new URLSearchParams({ ritual: ritualId, at: key }).toString();

/** One occurrence; `take` opens the sign-up for that role (a chip tapped on a card). */
export function occurrenceHref(ritualId: string, key: string, take?: string): ResolvedPathname {
	const query = occurrenceQuery(ritualId, key);
	return resolve(
		`/rituals/occurrence?${take ? `${query}&take=${encodeURIComponent(take)}` : query}`
	);
}

/** The host's form for this occurrence or its series. */
export const editHref = (ritualId: string, key: string): ResolvedPathname =>
	resolve(`/rituals/edit?${occurrenceQuery(ritualId, key)}`);

/** The host's attendance list of an occurrence that started. */
export const attendanceHref = (ritualId: string, key: string): ResolvedPathname =>
	resolve(`/rituals/attendance?${occurrenceQuery(ritualId, key)}`);
