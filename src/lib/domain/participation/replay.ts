/**
 * The individual score (`../shared/design/participation.md`, "Individual score"): three capped
 * reservoirs, one per tier, halving every H days between acts. An act of weight w and tier τ ≥ 1
 * fills every reservoir k ≤ τ up to its ceiling C_k; tier-0 acts change nothing. Replaying a
 * member's confirmed acts is cheap (one multiplication per act day), so late confirmations are
 * handled by replaying, never by patching a stored score.
 */
import { creditTypes, tierByCode, typeCode } from './activity-types';
import type { ParticipationConfig } from './config';
import { monthStart } from './days';
import { EPSILON, levelOf, type Level } from './levels';

/**
 * A member's credits in columns, sorted by day (the compact form's layout, `compact.ts`), read
 * from `start` to `end`. `until`: the day a credit stops counting (`NEVER` for most).
 */
export interface CreditList {
	day: ArrayLike<number>;
	type: ArrayLike<number>;
	until: ArrayLike<number>;
	start: number;
	end: number;
}

/** The weight of each type code under `config` (tier-0 codes weigh nothing). */
export function weightsByCode(config: ParticipationConfig): Float64Array {
	const weights = new Float64Array(tierByCode.length);
	for (const type of creditTypes) weights[typeCode(type)] = Math.max(0, config.weights[type]);
	return weights;
}

/** The reservoirs as they were at the last act day (`last`), before any further decay. */
export interface ReplayState {
	r1: number;
	r2: number;
	r3: number;
	/** Day of the last act counted; NaN when there is none. */
	last: number;
	/** The displayed level on the day replayed to. */
	displayed: Level;
}

export const decayFactor = (days: number, halfLife: number): number =>
	Math.pow(2, -days / halfLife);

/** The raw level on `day` (≥ the state's last act day) if nothing else happens. */
export function rawLevelAt(state: ReplayState, day: number, config: ParticipationConfig): Level {
	if (Number.isNaN(state.last)) return 0;
	const f = decayFactor(day - state.last, config.halfLifeDays);
	return levelOf(state.r1 * f, state.r2 * f, state.r3 * f, config.thresholds);
}

/**
 * Replays a member's credits up to and including `day`. The displayed level is promoted at once
 * and lowered only at the monthly review, on the first day of each month: so on `day` it is the
 * highest raw level since that month's first day (raw levels only rise on act days).
 */
export function replay(
	list: CreditList,
	day: number,
	config: ParticipationConfig,
	weights = weightsByCode(config)
): ReplayState {
	const review = monthStart(day);
	const [c1, c2, c3] = config.ceilings;
	const state: ReplayState = { r1: 0, r2: 0, r3: 0, last: NaN, displayed: 0 };
	let reviewed = false;
	for (let i = list.start; i < list.end; i++) {
		const d = list.day[i]!;
		if (d > day) break;
		const code = list.type[i]!;
		const tier = tierByCode[code]!;
		if (tier === 0 || list.until[i]! <= day) continue;
		if (!reviewed && d > review) {
			state.displayed = rawLevelAt(state, review, config);
			reviewed = true;
		}
		if (d !== state.last) {
			if (!Number.isNaN(state.last)) {
				const f = decayFactor(d - state.last, config.halfLifeDays);
				state.r1 *= f;
				state.r2 *= f;
				state.r3 *= f;
			}
			state.last = d;
		}
		const w = weights[code]!;
		state.r1 = Math.min(c1, state.r1 + w);
		if (tier >= 2) state.r2 = Math.min(c2, state.r2 + w);
		if (tier >= 3) state.r3 = Math.min(c3, state.r3 + w);
		if (d >= review) {
			const raw = levelOf(state.r1, state.r2, state.r3, config.thresholds);
			if (raw > state.displayed) state.displayed = raw;
		}
	}
	if (!reviewed) {
		const raw = rawLevelAt(state, review, config);
		if (raw > state.displayed) state.displayed = raw;
	}
	return state;
}

/**
 * The last day (from the last act) on which a reservoir of `value` stays at or above `threshold`
 * if nothing else happens: solved from R·2^(−n/H) ≥ θ, n = ⌊H·log2(R/θ)⌋, then checked with the
 * same comparison as the level so rounding cannot disagree. Null when it is already below.
 */
export function lastDayAbove(
	value: number,
	last: number,
	threshold: number,
	halfLife: number
): number | null {
	const holds = (n: number) => value * decayFactor(n, halfLife) >= threshold - EPSILON;
	if (Number.isNaN(last) || !holds(0)) return null;
	let n = Math.max(0, Math.floor(halfLife * Math.log2(value / threshold)));
	while (n > 0 && !holds(n)) n--;
	while (holds(n + 1)) n++;
	return last + n;
}
