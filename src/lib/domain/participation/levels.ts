/**
 * Member levels 0-3 and the plain-words rule shown with each, as stable keys: the UI translates
 * them (fr / en), the domain never holds a sentence.
 */
import { dayNumber } from './days';

export type Level = 0 | 1 | 2 | 3;

export const levelKeys = ['member', 'participant', 'contributor', 'animator'] as const;
export type LevelKey = (typeof levelKeys)[number];

/**
 * The rule of each level, in plain words once translated: member "you use the space, nothing is
 * expected of you"; participant "attended a ritual in the last ~3 months"; contributor "did things
 * for others recently"; animator "co-animated at least twice recently, or led one in the last ~2
 * weeks".
 */
export const levelRuleKeys: Readonly<Record<LevelKey, string>> = {
	member: 'participation_rule_member',
	participant: 'participation_rule_participant',
	contributor: 'participation_rule_contributor',
	animator: 'participation_rule_animator'
};

export const levelKey = (level: Level): LevelKey => levelKeys[level];

/**
 * Float rounding must not make a reservoir that decayed to exactly its threshold lose the level
 * (one attendance holds level 1 for exactly the half-life).
 */
export const EPSILON = 1e-9;

/** The raw level: the highest k with R_k ≥ θ_k, else 0. */
export function levelOf(
	r1: number,
	r2: number,
	r3: number,
	thresholds: readonly [number, number, number]
): Level {
	if (r3 >= thresholds[2] - EPSILON) return 3;
	if (r2 >= thresholds[1] - EPSILON) return 2;
	if (r1 >= thresholds[0] - EPSILON) return 1;
	return 0;
}

/**
 * The newcomer flag: from the first visit or contract (`firstSeen`, a local date) for `days`
 * days, that day included (days 0 to 55 by default). Only for onboarding and cohorts.
 */
export function isNewcomer(firstSeen: string, today: string, days = 56): boolean {
	return isNewcomerOn(dayNumber(firstSeen), dayNumber(today), days);
}

/** `isNewcomer` on day numbers. */
export function isNewcomerOn(firstSeenDay: number, day: number, days = 56): boolean {
	const age = day - firstSeenDay;
	return age >= 0 && age < days;
}
