/**
 * Everyone's levels at any date, cheaply: each member's reservoirs after each of their credits
 * are computed once per log version and settings, then a level on a date is a binary search and a
 * decay. Members with a superseded credit (a proposal whose ritual later took place) are replayed
 * in full instead, since what counts for them depends on the date.
 */
import { tierByCode } from './activity-types';
import { upperBound } from './columns';
import type { ParticipationConfig } from './config';
import { creditListFor, creditsOf, type Credits } from './credits';
import { monthStart } from './days';
import { levelOf, type Level } from './levels';
import type { LogIndex } from './log-index';
import { decayFactor, replay, weightsByCode } from './replay';

export interface LevelsIndex {
	config: ParticipationConfig;
	credits: Credits;
	r1: Float64Array;
	r2: Float64Array;
	r3: Float64Array;
	/** Raw level right after each credit. */
	after: Uint8Array;
	/** 2^(−d/H) for d = 0 … 4 years: the same values as `decayFactor`, without a `Math.pow` each. */
	decay: Float64Array;
}

const DECAY_TABLE_DAYS = 1461;

const decayOf = (levels: LevelsIndex, days: number): number =>
	days < DECAY_TABLE_DAYS ? levels.decay[days]! : decayFactor(days, levels.config.halfLifeDays);

const cache = new WeakMap<LogIndex, WeakMap<ParticipationConfig, LevelsIndex>>();

/** The levels index of `index` under `config` (kept while both are the same objects). */
export function levelsIndex(index: LogIndex, config: ParticipationConfig): LevelsIndex {
	let byConfig = cache.get(index);
	if (!byConfig) cache.set(index, (byConfig = new WeakMap()));
	let levels = byConfig.get(config);
	if (!levels)
		byConfig.set(config, (levels = buildLevels(creditsOf(index, config.handOverDays), config)));
	return levels;
}

function buildLevels(credits: Credits, config: ParticipationConfig): LevelsIndex {
	const n = credits.day.length;
	const [r1, r2, r3] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
	const after = new Uint8Array(n);
	const weights = weightsByCode(config);
	const decay = new Float64Array(DECAY_TABLE_DAYS);
	for (let d = 0; d < DECAY_TABLE_DAYS; d++) decay[d] = decayFactor(d, config.halfLifeDays);
	const [c1, c2, c3] = config.ceilings;
	const people = credits.offsets.length - 1;
	for (let user = 0; user < people; user++) {
		let [a, b, c, last] = [0, 0, 0, NaN];
		for (let i = credits.offsets[user]!; i < credits.offsets[user + 1]!; i++) {
			const day = credits.day[i]!;
			if (day !== last && !Number.isNaN(last)) {
				const gap = day - last;
				const f = gap < DECAY_TABLE_DAYS ? decay[gap]! : decayFactor(gap, config.halfLifeDays);
				[a, b, c] = [a * f, b * f, c * f];
			}
			last = day;
			const code = credits.type[i]!;
			const tier = tierByCode[code]!;
			const w = weights[code]!;
			a = Math.min(c1, a + w);
			if (tier >= 2) b = Math.min(c2, b + w);
			if (tier >= 3) c = Math.min(c3, c + w);
			[r1[i], r2[i], r3[i]] = [a, b, c];
			after[i] = levelOf(a, b, c, config.thresholds);
		}
	}
	return { config, credits, r1, r2, r3, after, decay };
}

/** Raw level on `day` from the state after credit `i` (NaN-free: `i` is a real credit). */
function rawFrom(levels: LevelsIndex, i: number, day: number): Level {
	const { config, credits } = levels;
	const f = decayOf(levels, day - credits.day[i]!);
	return levelOf(levels.r1[i]! * f, levels.r2[i]! * f, levels.r3[i]! * f, config.thresholds);
}

/** The person's displayed level on `day` (promoted at once, lowered at the monthly review). */
export function levelOn(levels: LevelsIndex, user: number, day: number): Level {
	const { credits } = levels;
	if (credits.superseded[user])
		return replay(creditListFor(credits, user), day, levels.config).displayed;
	const start = credits.offsets[user]!;
	const last = upperBound(credits.day, start, credits.offsets[user + 1]!, day) - 1;
	if (last < start) return 0;
	const review = monthStart(day);
	const atReview = upperBound(credits.day, start, last + 1, review) - 1;
	let level: Level = atReview >= start ? rawFrom(levels, atReview, review) : 0;
	for (let i = atReview + 1; i <= last; i++)
		if (levels.after[i]! > level) level = levels.after[i] as Level;
	return level;
}
