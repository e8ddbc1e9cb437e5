/**
 * A member's own view from the space's log: their credited acts and their score, or nothing when
 * they opted out (they are in no score from that day) or are staff (whose acts earn no level).
 */
import type { Activity } from './activities';
import { activityTypes } from './activity-types';
import type { ParticipationLog } from './compact';
import type { ParticipationConfig } from './config';
import { creditListFor, creditsOf } from './credits';
import { dateOfDay, dayNumber, NEVER } from './days';
import { logIndex } from './log-index';
import { scoreOfList, type MemberScore } from './score';

function memberIndex(log: ParticipationLog, userId: string, day: number): number | null {
	const user = log.userIndex.get(userId);
	if (user === undefined) return null;
	if (log.staff.get(user) || log.optOut.get(user) <= day) return null;
	return user;
}

/** The member's score on `now`; null for staff, for someone opted out by then, or unknown. */
export function memberScoreOf(
	log: ParticipationLog,
	userId: string,
	now: string,
	config: ParticipationConfig
): MemberScore | null {
	const day = dayNumber(now);
	const user = memberIndex(log, userId, day);
	if (user === null) return null;
	const credits = creditsOf(logIndex(log), config.handOverDays);
	return scoreOfList(creditListFor(credits, user), day, config);
}

/** The member's credited acts up to `now`, oldest first (their activity log, to export or contest). */
export function memberActivitiesOf(
	log: ParticipationLog,
	userId: string,
	now: string,
	config: ParticipationConfig
): Activity[] {
	const day = dayNumber(now);
	const user = memberIndex(log, userId, day);
	if (user === null) return [];
	const credits = creditsOf(logIndex(log), config.handOverDays);
	const activities: Activity[] = [];
	for (
		let i = credits.offsets[user]!;
		i < credits.offsets[user + 1]! && credits.day[i]! <= day;
		i++
	) {
		const activity: Activity = {
			userId,
			date: dateOfDay(credits.day[i]!),
			type: activityTypes[credits.type[i]!]!
		};
		if (credits.until[i] !== NEVER) activity.supersededOn = dateOfDay(credits.until[i]!);
		activities.push(activity);
	}
	return activities;
}
