/**
 * Newcomer integration, by cohorts of the month each was first seen, pooled (oldest first) until a
 * pool holds at least `minCohort` newcomers; the newest pool still under it is only counted, not
 * shown. Each rate counts the newcomers old enough for it: welcomed within 7 days, a first ritual
 * within 28, level ≥ 1 at day 56, still active (present or credited) in days 57-84.
 */
import { NOBODY } from './compact';
import { addMonths, monthKey, monthStart, NEVER } from './days';
import { ratioOf, share, type IndicatorContext, type RatioOf } from './context';
import { levelOn } from './levels-index';
import { activeBetween } from './population';

export interface NewcomerRates {
	welcomed: RatioOf;
	firstRitual: RatioOf;
	levelAt56: RatioOf;
	activeAt84: RatioOf;
}

export interface Cohort extends NewcomerRates {
	/** First and last month (`YYYY-MM`) pooled. */
	from: string;
	to: string;
	size: number;
}

export interface Newcomers {
	cohorts: Cohort[];
	/** Newcomers of the newest months, waiting for their pool to reach `minCohort`. */
	gathering: number;
	/** Members under the newcomer flag on the day. */
	recent: number;
	/** Active members at level ≥ 2, and at level 3, per recent newcomer. */
	contributorsPerNewcomer: number | null;
	animatorsPerNewcomer: number | null;
	/** First-ritual rate of those whose 28th day fell in the window (null under `minCohort`). */
	firstRitualRate: number | null;
}

interface Outcome {
	month: number;
	first: number;
	/** Per rate: −1 not old enough yet, 0 no, 1 yes. */
	welcomed: number;
	firstRitual: number;
	levelAt56: number;
	activeAt84: number;
}

const rateOf = (
	outcomes: readonly Outcome[],
	key: 'welcomed' | 'firstRitual' | 'levelAt56' | 'activeAt84'
): RatioOf => {
	const old = outcomes.filter((o) => o[key] >= 0);
	return ratioOf(old.filter((o) => o[key] === 1).length, old.length);
};

export function newcomers(context: IndicatorContext): Newcomers {
	const { index, levels, population, config } = context;
	const { day } = population;
	const rules = config.newcomers;
	const welcomedOn = new Map<number, number>();
	const welcomes = index.log.welcomes.column;
	for (let row = 0; row < index.log.welcomes.length; row++) {
		const [newcomer, welcomer] = [welcomes.newcomer.get(row), welcomes.welcomer.get(row)];
		if (welcomer === NOBODY || newcomer === welcomer || !population.visible[welcomer]) continue;
		welcomedOn.set(newcomer, Math.min(welcomedOn.get(newcomer) ?? NEVER, welcomes.day.get(row)));
	}
	const earliestMonth = addMonths(monthStart(day), -(rules.cohortMonths - 1));
	const outcomes: Outcome[] = [];
	let recent = 0;
	for (let user = 0; user < index.people; user++) {
		const first = index.firstSeen[user]!;
		if (index.staff[user] || !population.visible[user] || first > day) continue;
		if (day - first < config.newcomerDays) recent++;
		if (first < earliestMonth) continue;
		const { offsets, items } = index.partsByUser;
		const firstPart =
			offsets[user]! < offsets[user + 1]!
				? index.occurrenceDay[index.partOccurrence[items[offsets[user]!]!]!]!
				: NEVER;
		const when = (after: number, yes: () => boolean) => (day < first + after ? -1 : yes() ? 1 : 0);
		outcomes.push({
			month: monthStart(first),
			first,
			welcomed: when(
				rules.welcomedWithinDays,
				() => (welcomedOn.get(user) ?? NEVER) <= first + rules.welcomedWithinDays
			),
			firstRitual: when(
				rules.firstRitualWithinDays,
				() => firstPart <= first + rules.firstRitualWithinDays
			),
			levelAt56: when(rules.levelAtDay, () => levelOn(levels, user, first + rules.levelAtDay) >= 1),
			activeAt84: when(rules.activeAtDay, () =>
				activeBetween(index, levels, user, first + rules.levelAtDay + 1, first + rules.activeAtDay)
			)
		});
	}
	outcomes.sort((a, b) => a.first - b.first);

	const cohorts: Cohort[] = [];
	let pool: Outcome[] = [];
	for (const [i, outcome] of outcomes.entries()) {
		pool.push(outcome);
		const monthEnds = outcomes[i + 1]?.month !== outcome.month;
		if (monthEnds && pool.length >= rules.minCohort) {
			cohorts.push({
				from: monthKey(pool[0]!.month),
				to: monthKey(outcome.month),
				size: pool.length,
				welcomed: rateOf(pool, 'welcomed'),
				firstRitual: rateOf(pool, 'firstRitual'),
				levelAt56: rateOf(pool, 'levelAt56'),
				activeAt84: rateOf(pool, 'activeAt84')
			});
			pool = [];
		}
	}

	const dueInWindow = outcomes.filter((o) => {
		const due = o.first + rules.firstRitualWithinDays;
		return due >= population.from && due <= day;
	});
	const firstRitual = rateOf(dueInWindow, 'firstRitual');
	let [contributors, animators] = [0, 0];
	for (let user = 0; user < index.people; user++) {
		if (!population.active[user]) continue;
		if (population.level[user]! >= 2) contributors++;
		if (population.level[user] === 3) animators++;
	}
	return {
		cohorts,
		gathering: pool.length,
		recent,
		contributorsPerNewcomer: share(contributors, recent),
		animatorsPerNewcomer: share(animators, recent),
		firstRitualRate: firstRitual.over >= rules.minCohort ? firstRitual.rate : null
	};
}
