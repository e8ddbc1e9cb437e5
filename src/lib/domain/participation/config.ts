/**
 * A space's participation settings: every weight and threshold of the model, with the model's
 * defaults. All are meant to be calibrated on real data (ideally decided with members), so a
 * change is versioned and dated: levels and indicators at a date use the settings then in force.
 */
import { defaultWeights, type CreditType } from './activity-types';

export interface ParticipationConfig {
	weights: Readonly<Record<CreditType, number>>;
	/** Reservoirs halve every `halfLifeDays` days without new acts. */
	halfLifeDays: number;
	/** θ: the reservoir level reaching each member level 1, 2, 3. */
	thresholds: readonly [number, number, number];
	/** C: reservoir ceilings (2θ by default, so a level lapses at most one half-life after its last act). */
	ceilings: readonly [number, number, number];
	/** A first lead this many days after co-animating with someone credits them a hand-over. */
	handOverDays: number;
	/** The newcomer flag covers this many days from the first visit or contract. */
	newcomerDays: number;
	/** W: the window of collective indicators. */
	windowDays: number;
	/** Gravity compares weighted commitment with this many days earlier. */
	gravityLagDays: number;
	/** ω: Orbit's weight of each level 0-3 in the weighted commitment. */
	gravityWeights: readonly [number, number, number, number];
	/** Host credit of one occurrence for animation concentration. */
	hostCredit: { led: number; coanimated: number };
	/** Hosting for over this many days makes a "veteran" in renewal. */
	hostingTenureDays: number;
	/** A series counts in "single host rituals" from this many occurrences in the window. */
	singleHostMinOccurrences: number;
	alerts: {
		/** Top1 at or above: concentration fragile. */
		top1Fragile: number;
		/** CAF at or below: concentration fragile (1) or watch (2). */
		cafFragile: number;
		cafWatch: number;
		/** Staff dependency at or above: watch, and a reason of the fragile flag. */
		staffDependency: number;
		/** Single-host share above: watch, and a reason of the fragile flag. */
		singleHostShare: number;
		/** Show-up below: watch. */
		showUp: number;
		/** CAF at or below: a reason of the fragile flag. */
		fragileCaf: number;
		/** First-ritual rate below: a reason of the fragile flag. */
		firstRitualRate: number;
		/** The flag needs at least this many reasons. */
		fragileMinReasons: number;
		/** No alert during the first months of data. */
		quietMonths: number;
	};
	newcomers: {
		welcomedWithinDays: number;
		firstRitualWithinDays: number;
		levelAtDay: number;
		activeAtDay: number;
		/** Cohorts are pooled until they hold at least this many newcomers. */
		minCohort: number;
		/** Cohorts shown: those first seen in this many months up to the date. */
		cohortMonths: number;
	};
	privacy: PrivacyRules;
}

/** What hosts may see (`suppression.ts`): spaces may tighten these, never loosen them. */
export interface PrivacyRules {
	/** A count below this (and above 0) shows as "fewer than"; a ratio over fewer people is hidden. */
	minGroup: number;
	/** A ratio over fewer people than this is rounded to `roundTo`. */
	roundBelow: number;
	roundTo: number;
	/** Under this many members only ritual and animation indicators are shown. */
	smallSpaceMembers: number;
}

export const defaultPrivacy: PrivacyRules = {
	minGroup: 5,
	roundBelow: 20,
	roundTo: 0.1,
	smallSpaceMembers: 15
};

/** Reports beyond one space use groups of at least 10. */
export const crossSpacePrivacy: PrivacyRules = { ...defaultPrivacy, minGroup: 10 };

export const defaultConfig: ParticipationConfig = {
	weights: defaultWeights,
	halfLifeDays: 90,
	thresholds: [1.5, 4, 8],
	ceilings: [3, 8, 16],
	handOverDays: 90,
	newcomerDays: 56,
	windowDays: 90,
	gravityLagDays: 30,
	gravityWeights: [1, 4, 7, 10],
	hostCredit: { led: 1, coanimated: 0.5 },
	hostingTenureDays: 365,
	singleHostMinOccurrences: 3,
	alerts: {
		top1Fragile: 0.5,
		cafFragile: 1,
		cafWatch: 2,
		staffDependency: 0.6,
		singleHostShare: 0.5,
		showUp: 0.6,
		fragileCaf: 2,
		firstRitualRate: 0.3,
		fragileMinReasons: 2,
		quietMonths: 6
	},
	newcomers: {
		welcomedWithinDays: 7,
		firstRitualWithinDays: 28,
		levelAtDay: 56,
		activeAtDay: 84,
		minCohort: 5,
		cohortMonths: 12
	},
	privacy: defaultPrivacy
};

type DeepPartial<T> = {
	[K in keyof T]?: T[K] extends readonly unknown[]
		? T[K]
		: T[K] extends object
			? DeepPartial<T[K]>
			: T[K];
};

/** The values a change sets; what it leaves out stays as the previous version had it. */
export type ConfigValues = DeepPartial<ParticipationConfig>;

/** A dated, versioned change of a space's settings (published in the app). */
export interface ConfigChange {
	version: number;
	/** Local date `YYYY-MM-DD` from which it applies. */
	validFrom: string;
	values: ConfigValues;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` with `values` laid over it (objects merged, arrays and numbers replaced). */
export function withValues<T>(base: T, values: DeepPartial<T> | undefined): T {
	if (!values) return base;
	const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined) continue;
		const current = merged[key];
		merged[key] =
			isPlainObject(current) && isPlainObject(value) ? withValues(current, value) : value;
	}
	return merged as T;
}

/**
 * The settings in force on `date`: the defaults, then every change valid from that date or
 * earlier, in version order (each change sets only what it names).
 */
export function configAt(changes: readonly ConfigChange[], date: string): ParticipationConfig {
	return [...changes]
		.sort((a, b) => a.version - b.version)
		.filter((change) => change.validFrom <= date)
		.reduce((config, change) => withValues(config, change.values), defaultConfig);
}

/** The app's dated settings rows (`ParticipationSettings`), as far as the model reads them. */
export interface SettingsRow {
	validFrom: string;
	/** Shape checked by the mutation's schema; bounds by `validateConfig`. */
	values: unknown;
	createdAt: string;
}

/** Settings rows as versioned changes: versions numbered in the order the changes were made. */
export function configChangesFrom(rows: readonly SettingsRow[]): ConfigChange[] {
	return [...rows]
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
		.map((row, i) => ({
			version: i + 1,
			validFrom: row.validFrom,
			values: row.values as ConfigValues
		}));
}
