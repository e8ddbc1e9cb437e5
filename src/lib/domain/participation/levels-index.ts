/**
 * Everyone's levels at any date, cheaply: each member's reservoirs after each of their credits
 * are computed once per log version and settings, then a level on a date is a binary search and a
 * decay. Members with a superseded credit (a proposal whose ritual later took place) are replayed
 * in full instead, since what counts for them depends on the date.
 */
import { tierByCode } from './activity-types';
import { upperBound } from './columns';
import type { ParticipationConfig } from './config';
import type { ParticipationLog } from './compact';
import { adoptCredits, creditListFor, creditsOf, type Credits } from './credits';
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

interface Kept {
	/** `LogIndex#creditsKey` the levels below are for. */
	key: string;
	byConfig: WeakMap<ParticipationConfig, LevelsIndex>;
	/** The last levels built or taken (kept with a snapshot of the log). */
	latest: LevelsIndex | null;
	/** Levels restored with the log, not yet asked for: taken when the settings are the same. */
	adopted: LevelsData | null;
}

/** Per log: its levels for the current `creditsKey`, by settings object. */
const cache = new WeakMap<ParticipationLog, Kept>();

function keptFor(index: LogIndex): Kept {
	let kept = cache.get(index.log);
	if (!kept || kept.key !== index.creditsKey) {
		kept = { key: index.creditsKey, byConfig: new WeakMap(), latest: null, adopted: null };
		cache.set(index.log, kept);
	}
	return kept;
}

/**
 * The levels index of `index` under `config`: kept while the log's credits stay the same
 * (`LogIndex#creditsKey`: a check-in changes nothing here) and `config` is the same object.
 */
export function levelsIndex(index: LogIndex, config: ParticipationConfig): LevelsIndex {
	const kept = keptFor(index);
	let levels = kept.byConfig.get(config);
	if (!levels) {
		const adopted = kept.adopted;
		if (adopted && adopted.settings === settingsKey(config)) {
			adoptCredits(index, config.handOverDays, adopted.credits);
			const { credits, r1, r2, r3, after } = adopted;
			levels = { config, credits, r1, r2, r3, after, decay: decayTable(config) };
		} else {
			levels = buildLevels(creditsOf(index, config.handOverDays), config);
		}
		kept.byConfig.set(config, levels);
	}
	kept.latest = levels;
	return levels;
}

/** Levels as plain data (typed arrays), with the settings they were computed under. */
export interface LevelsData {
	settings: string;
	credits: Credits;
	r1: Float64Array;
	r2: Float64Array;
	r3: Float64Array;
	after: Uint8Array;
}

/** Identifies settings by value (a restored log meets new settings objects). */
const settingsKey = (config: ParticipationConfig): string => JSON.stringify(config);

/** The last levels read for the log behind `index`, as plain data (none: null). */
export function levelsData(index: LogIndex): LevelsData | null {
	const kept = cache.get(index.log);
	if (!kept || kept.key !== index.creditsKey) return null;
	if (kept.latest) {
		const { config, credits, r1, r2, r3, after } = kept.latest;
		return { settings: settingsKey(config), credits, r1, r2, r3, after };
	}
	return kept.adopted;
}

/**
 * Takes `data` as the levels of `index` (restored with its log), for the settings they were
 * computed under, if their sizes fit the index; used the first time those settings are read.
 */
export function adoptLevels(index: LogIndex, data: LevelsData): boolean {
	const n = data.credits.day.length;
	const fits =
		data.credits.offsets.length === index.people + 1 &&
		data.credits.offsets[index.people] === n &&
		data.credits.superseded.length === index.people &&
		[data.credits.type, data.credits.until, data.r1, data.r2, data.r3, data.after].every(
			(column) => column.length === n
		);
	if (fits) keptFor(index).adopted = data;
	return fits;
}

function decayTable(config: ParticipationConfig): Float64Array {
	const decay = new Float64Array(DECAY_TABLE_DAYS);
	for (let d = 0; d < DECAY_TABLE_DAYS; d++) decay[d] = decayFactor(d, config.halfLifeDays);
	return decay;
}

function buildLevels(credits: Credits, config: ParticipationConfig): LevelsIndex {
	const n = credits.day.length;
	const [r1, r2, r3] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
	const after = new Uint8Array(n);
	const weights = weightsByCode(config);
	const decay = decayTable(config);
	const [c1, c2, c3] = config.ceilings;
	const people = credits.offsets.length - 1;
	// Plain statements, no destructuring: on a page's first run this loop is not optimized yet,
	// and each `[a, b, c] = [...]` would allocate an array per credit.
	for (let user = 0; user < people; user++) {
		let a = 0;
		let b = 0;
		let c = 0;
		let last = NaN;
		for (let i = credits.offsets[user]!; i < credits.offsets[user + 1]!; i++) {
			const day = credits.day[i]!;
			if (day !== last && !Number.isNaN(last)) {
				const gap = day - last;
				const f = gap < DECAY_TABLE_DAYS ? decay[gap]! : decayFactor(gap, config.halfLifeDays);
				a *= f;
				b *= f;
				c *= f;
			}
			last = day;
			const code = credits.type[i]!;
			const tier = tierByCode[code]!;
			const w = weights[code]!;
			a = Math.min(c1, a + w);
			if (tier >= 2) b = Math.min(c2, b + w);
			if (tier >= 3) c = Math.min(c3, c + w);
			r1[i] = a;
			r2[i] = b;
			r3[i] = c;
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
