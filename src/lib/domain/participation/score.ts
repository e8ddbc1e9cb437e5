/**
 * A member's private mirror: three gauges, the level shown with its rule, and until when it holds
 * (`replay.ts` holds the arithmetic). Functions take the member's activities and `now` (a local
 * date); they never read the clock.
 */
import type { Activity } from './activities';
import { typeCode } from './activity-types';
import type { ParticipationConfig } from './config';
import { addMonths, dateOfDay, dayNumber, monthStart, NEVER } from './days';
import { levelOf, type Level } from './levels';
import {
	decayFactor,
	lastDayAbove,
	rawLevelAt,
	replay,
	weightsByCode,
	type CreditList
} from './replay';

export interface Gauge {
	value: number;
	threshold: number;
	ceiling: number;
}

export interface MemberScore {
	/** Reservoirs R1-R3 on the day (participation, contribution, animation). */
	gauges: [Gauge, Gauge, Gauge];
	/** Highest k with R_k ≥ θ_k today. */
	rawLevel: Level;
	/** The level shown: promoted at once, lowered only at a monthly review. */
	level: Level;
	/** Last day the raw level holds if nothing else happens; null at level 0. */
	rawHoldsUntil: string | null;
	/** Last day the shown level holds if nothing else happens (the eve of the review that lowers it). */
	levelHoldsUntil: string | null;
	/** The level shown after that review. */
	nextLevel: Level;
}

/** One member's activities as a credit list sorted by day (tier-0 acts are dropped by the replay). */
export function creditListOf(activities: readonly Activity[]): CreditList {
	const sorted = [...activities].sort((a, b) => a.date.localeCompare(b.date));
	return {
		day: sorted.map((a) => dayNumber(a.date)),
		type: sorted.map((a) => typeCode(a.type)),
		until: sorted.map((a) => (a.supersededOn ? dayNumber(a.supersededOn) : NEVER)),
		start: 0,
		end: sorted.length
	};
}

/** The member's score on `now` from their activities (one member's; others' are not filtered out). */
export function memberScore(
	activities: readonly Activity[],
	now: string,
	config: ParticipationConfig
): MemberScore {
	return scoreOfList(creditListOf(activities), dayNumber(now), config);
}

export function scoreOfList(
	list: CreditList,
	day: number,
	config: ParticipationConfig
): MemberScore {
	const state = replay(list, day, config, weightsByCode(config));
	const f = Number.isNaN(state.last) ? 0 : decayFactor(day - state.last, config.halfLifeDays);
	const values = [state.r1 * f, state.r2 * f, state.r3 * f] as const;
	const gauges = values.map((value, k) => ({
		value,
		threshold: config.thresholds[k]!,
		ceiling: config.ceilings[k]!
	})) as [Gauge, Gauge, Gauge];
	const rawLevel = levelOf(values[0], values[1], values[2], config.thresholds);
	const level = state.displayed;
	const reservoir = [state.r1, state.r2, state.r3];
	const rawUntil =
		rawLevel === 0
			? null
			: lastDayAbove(
					reservoir[rawLevel - 1]!,
					state.last,
					config.thresholds[rawLevel - 1]!,
					config.halfLifeDays
				);
	let levelUntil: number | null = null;
	let nextLevel: Level = 0;
	if (level > 0) {
		// The shown level drops at the first review on or after the first day the raw level is below it.
		const firstBelow = rawLevel < level ? day + 1 : rawUntil! + 1;
		const review =
			monthStart(firstBelow) === firstBelow ? firstBelow : addMonths(monthStart(firstBelow), 1);
		levelUntil = review - 1;
		nextLevel = rawLevelAt(state, review, config);
	}
	return {
		gauges,
		rawLevel,
		level,
		rawHoldsUntil: rawUntil === null ? null : dateOfDay(rawUntil),
		levelHoldsUntil: levelUntil === null ? null : dateOfDay(levelUntil),
		nextLevel
	};
}

export interface LevelChange {
	date: string;
	rawLevel: Level;
	level: Level;
}

/**
 * The member's levels from `from` to `to` (local dates, inclusive), as the days they changed (the
 * first entry is `from`). A replay per day: a year of a member's log is a few thousand steps.
 */
export function levelHistory(
	activities: readonly Activity[],
	from: string,
	to: string,
	config: ParticipationConfig
): LevelChange[] {
	const list = creditListOf(activities);
	const weights = weightsByCode(config);
	const changes: LevelChange[] = [];
	for (let day = dayNumber(from); day <= dayNumber(to); day++) {
		const state = replay(list, day, config, weights);
		const rawLevel = rawLevelAt(state, day, config);
		const previous = changes.at(-1);
		if (!previous || previous.rawLevel !== rawLevel || previous.level !== state.displayed) {
			changes.push({ date: dateOfDay(day), rawLevel, level: state.displayed });
		}
	}
	return changes;
}
