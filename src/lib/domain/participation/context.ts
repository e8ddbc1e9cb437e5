/**
 * What every collective indicator reads on one date: the log's index, everyone's levels under the
 * settings then in force, who counts (`population.ts`), and whether alerts may be raised yet.
 */
import { upperBound } from './columns';
import type { ParticipationConfig } from './config';
import type { LevelsIndex } from './levels-index';
import type { LogIndex } from './log-index';
import type { Population } from './population';

/** An indicator's reading against its threshold; null while alerts are off (first months of data). */
export type Status = 'ok' | 'watch' | 'fragile';

export interface IndicatorContext {
	index: LogIndex;
	levels: LevelsIndex;
	config: ParticipationConfig;
	population: Population;
	/** False during the first months of data: no alert yet. */
	alerts: boolean;
}

/** `numerator / denominator`, or null over nobody. */
export const share = (numerator: number, denominator: number): number | null =>
	denominator > 0 ? numerator / denominator : null;

/**
 * A rate with what it counts: `count` of `over`, which may count person-occurrences; `people` is
 * how many distinct people `over` is about (what privacy thresholds read).
 */
export interface RatioOf {
	count: number;
	over: number;
	people: number;
	rate: number | null;
}

export const ratioOf = (count: number, over: number, people = over): RatioOf => ({
	count,
	over,
	people,
	rate: share(count, over)
});

/** Positions `[start, end)` in `index.heldByDay` of the occurrences held in `[from, to]`. */
export function heldBetween(index: LogIndex, from: number, to: number): [number, number] {
	const end = index.heldDay.length;
	return [upperBound(index.heldDay, 0, end, from - 1), upperBound(index.heldDay, 0, end, to)];
}

/** Calls `visit(part)` for each part of `occurrence`. */
export function forEachPart(
	index: LogIndex,
	occurrence: number,
	visit: (part: number) => void
): void {
	for (let part = index.partFrom[occurrence]!; part < index.partTo[occurrence]!; part++)
		visit(part);
}

export const statusUnlessQuiet = (alerts: boolean, status: Status): Status | null =>
	alerts ? status : null;
