/**
 * Taking part: the share of members at level ≥ 1 and ≥ 2, the level pyramid, the flows between
 * levels since the previous month (`gravityLagDays` earlier), and Orbit's gravity. There is no
 * target; only the trend is shown.
 */
import type { IndicatorContext } from './context';
import { share } from './context';
import { gravity, weightedCommitment } from './gravity';
import type { Population } from './population';

export type PerLevel = [number, number, number, number];

export interface Flows {
	/** `moved[from][to]`: members active on both dates, by level then and now. */
	moved: [PerLevel, PerLevel, PerLevel, PerLevel];
	/** Active now, not then (by level now), and active then, not now (by level then). */
	joined: PerLevel;
	left: PerLevel;
	up: number;
	down: number;
	same: number;
}

export interface TakingPart {
	members: number;
	pyramid: PerLevel;
	/** The pyramid `gravityLagDays` earlier (what the previous weighted commitment was made of). */
	previousPyramid: PerLevel;
	atLeast1: number | null;
	atLeast2: number | null;
	flows: Flows;
	weightedCommitment: number;
	previousWeightedCommitment: number;
	gravity: number | null;
}

export function pyramidOf(population: Population): PerLevel {
	const pyramid: PerLevel = [0, 0, 0, 0];
	for (let user = 0; user < population.active.length; user++) {
		if (population.active[user]) pyramid[population.level[user]!]!++;
	}
	return pyramid;
}

const zeros = (): PerLevel => [0, 0, 0, 0];

export function flowsBetween(before: Population, now: Population): Flows {
	const flows: Flows = {
		moved: [zeros(), zeros(), zeros(), zeros()],
		joined: zeros(),
		left: zeros(),
		up: 0,
		down: 0,
		same: 0
	};
	for (let user = 0; user < now.active.length; user++) {
		const [was, is] = [before.active[user] === 1, now.active[user] === 1];
		const [from, to] = [before.level[user]!, now.level[user]!];
		if (was && is) {
			flows.moved[from]![to]!++;
			if (to > from) flows.up++;
			else if (to < from) flows.down++;
			else flows.same++;
		} else if (is) flows.joined[to]!++;
		else if (was) flows.left[from]!++;
	}
	return flows;
}

/** `before`: the population `gravityLagDays` earlier. */
export function takingPart(context: IndicatorContext, before: Population): TakingPart {
	const { population, config } = context;
	const pyramid = pyramidOf(population);
	const members = population.members;
	const wc = weightedCommitment(pyramid, config.gravityWeights);
	const previousPyramid = pyramidOf(before);
	const previous = weightedCommitment(previousPyramid, config.gravityWeights);
	return {
		members,
		pyramid,
		previousPyramid,
		atLeast1: share(pyramid[1] + pyramid[2] + pyramid[3], members),
		atLeast2: share(pyramid[2] + pyramid[3], members),
		flows: flowsBetween(before, population),
		weightedCommitment: wc,
		previousWeightedCommitment: previous,
		gravity: gravity(wc, previous, members)
	};
}
