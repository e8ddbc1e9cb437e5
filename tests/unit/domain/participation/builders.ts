import type { Activity, ActivityType } from '$lib/domain/participation/activities';
import { compactFacts, type ParticipationLog } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import { hostIndicators, type HostIndicators } from '$lib/domain/participation/indicators';
import { memberActivitiesOf } from '$lib/domain/participation/member-mirror';
import type {
	AttendanceFact,
	ParticipationFacts,
	PresenceDay,
	SignupFact
} from '$lib/domain/participation/facts';
import { addDays } from '$lib/domain/time';
import type { AttendancePart } from '$lib/domain/types';

/** Test data builders for the participation model: a valid default, overridden by the test. */

export const ZONE = 'Europe/Paris';

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${++serial}`;

/** A confirmed attendance row; `occurrence` is a local start `YYYY-MM-DDTHH:MM` or a date (12:30). */
export const attend = (
	userId: string | null,
	occurrence: string,
	part: AttendancePart = 'attended',
	ritualId = 'lunch'
): AttendanceFact => ({
	id: nextId('attendance'),
	ritualId,
	occurrence: occurrence.length === 10 ? `${occurrence}T12:30` : occurrence,
	userId,
	part
});

export const signup = (
	userId: string | null,
	occurrence: string,
	ritualId = 'lunch',
	cancelled = false
): SignupFact => ({
	id: nextId('signup'),
	ritualId,
	occurrence: occurrence.length === 10 ? `${occurrence}T12:30` : occurrence,
	userId,
	cancelled
});

export const present = (userId: string, date: string): PresenceDay => ({ userId, date });

export const act = (type: ActivityType, date: string, userId = 'ann'): Activity => ({
	userId,
	date,
	type
});

export const acts = (type: ActivityType, dates: readonly string[], userId = 'ann'): Activity[] =>
	dates.map((date) => act(type, date, userId));

/** `count` dates from `from`, every `step` days. */
export const every = (step: number, from: string, count: number): string[] =>
	Array.from({ length: count }, (_, i) => addDays(from, i * step));

/** Dates from `from` up to `to` (inclusive), every `step` days. */
export const everyUntil = (step: number, from: string, to: string): string[] => {
	const dates: string[] = [];
	for (let date = from; date <= to; date = addDays(date, step)) dates.push(date);
	return dates;
};

/** Weekdays (Monday-Friday) from `from` to `to`. */
export const weekdays = (from: string, to: string): string[] =>
	everyUntil(1, from, to).filter((date) => {
		const day = new Date(`${date}T00:00:00Z`).getUTCDay();
		return day !== 0 && day !== 6;
	});

export const logOf = (facts: ParticipationFacts): ParticipationLog => compactFacts(facts, ZONE);

/** Series listed by id: their order follows when each was first seen, which differs between logs. */
export const normalised = (view: HostIndicators) => ({
	...view,
	hosting: {
		...view.hosting,
		series: [...view.hosting.series].sort((a, b) => a.ritualId.localeCompare(b.ritualId))
	},
	rituals: {
		...view.rituals,
		series: [...view.rituals.series].sort((a, b) => a.ritualId.localeCompare(b.ritualId))
	}
});

/**
 * Everything a screen reads of a log on `dates`: the indicators and every member's acts (of
 * `users`, by default everyone the log has seen).
 */
export function readings(
	log: ParticipationLog,
	dates: readonly string[],
	users: readonly string[] = [...log.users].sort()
) {
	return dates.map((date) => ({
		indicators: normalised(hostIndicators(log, date, defaultConfig)),
		acts: users.map((userId) => memberActivitiesOf(log, userId, date, defaultConfig))
	}));
}
