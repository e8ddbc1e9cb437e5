/**
 * Calendar files on demand: one occurrence, or every upcoming sign-up of the member. This module
 * and ical-generator are loaded with a dynamic import when someone asks for a file.
 */
import type { CollectifDB } from '$lib/db/database';
import type { Space } from '$lib/domain/types';
import { localDateOf } from '$lib/domain/time';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { OccurrenceItem } from './agenda';
import { calendarFileName, calendarText, downloadCalendar } from './calendar';
import { calendarEventOf, myCalendarEvents } from './calendar-events';
import { occurrenceHref } from './links';
import { calendarData } from './rituals-data';

const absolute = (ritualId: string, key: string) =>
	new URL(occurrenceHref(ritualId, key), location.origin).href;

const options = (space: Space, name: string) => ({
	timeZone: space.timeZone,
	name,
	now: new Date(),
	language: getLocale().toUpperCase()
});

/** Downloads the file of one occurrence, with the member's part in it. */
export function downloadOccurrence(item: OccurrenceItem, space: Space): void {
	const { ritual, occurrence } = item;
	const event = calendarEventOf(
		ritual,
		occurrence,
		item.mine,
		space.timeZone,
		absolute(ritual.id, occurrence.key)
	);
	const text = calendarText([event], options(space, ritual.title));
	downloadCalendar(text, calendarFileName(ritual.title, occurrence.local.slice(0, 10)));
}

/** Downloads every upcoming sign-up of the member; false when there is none. */
export async function downloadMine(
	db: CollectifDB,
	space: Space,
	userId: string
): Promise<boolean> {
	const data = await calendarData(db, space.id, userId);
	const now = new Date();
	const events = myCalendarEvents(data, { timeZone: space.timeZone, now, userId, url: absolute });
	if (events.length === 0) return false;
	const text = calendarText(events, options(space, m.rituals_cal_name()));
	downloadCalendar(
		text,
		calendarFileName(m.rituals_cal_file_all(), localDateOf(now, space.timeZone))
	);
	return true;
}
