/**
 * Animation concentration: how few members carry the animation. Host credit per member over the
 * window (a lead 1, a co-animation 0.5, from the settings); CAF, CHAOSS's Contributor Absence
 * Factor, is the smallest number of members whose credits reach half the total; Top1 the largest
 * share. Animation is a public role, so these figures name no private fact.
 */
import { HOSTING_RANK } from './activity-types';
import {
	forEachPart,
	heldBetween,
	share,
	statusUnlessQuiet,
	type IndicatorContext,
	type Status
} from './context';

/** The smallest number of contributors whose contributions reach half the total (0 when none). */
export function contributorAbsenceFactor(contributions: readonly number[]): number {
	const total = contributions.reduce((sum, c) => sum + c, 0);
	if (total <= 0) return 0;
	const sorted = [...contributions].sort((a, b) => b - a);
	let reached = 0;
	let count = 0;
	for (const contribution of sorted) {
		reached += contribution;
		count++;
		if (reached >= total / 2) break;
	}
	return count;
}

/** The largest contributor's share of the total, or null when there is nothing. */
export function topShare(contributions: readonly number[]): number | null {
	const total = contributions.reduce((sum, c) => sum + c, 0);
	return share(Math.max(0, ...contributions), total);
}

export interface Concentration {
	/** Null when nobody hosted any occurrence in the window; 0 when only staff did. */
	caf: number | null;
	top1: number | null;
	/** Total member host credit, and how many members hold some. */
	total: number;
	animators: number;
	status: Status | null;
}

/** Member host credits in the window `[from, to]`, by person. */
export function hostCredits(
	context: IndicatorContext,
	from: number,
	to: number
): Map<number, number> {
	const { index, config, population } = context;
	const credits = new Map<number, number>();
	const [start, end] = heldBetween(index, from, to);
	for (let i = start; i < end; i++) {
		forEachPart(index, index.heldByDay[i]!, (part) => {
			const user = index.partUser[part]!;
			const rank = index.partRank[part]!;
			if (rank < HOSTING_RANK || index.staff[user] || !population.visible[user]) return;
			const credit = rank > HOSTING_RANK ? config.hostCredit.led : config.hostCredit.coanimated;
			credits.set(user, (credits.get(user) ?? 0) + credit);
		});
	}
	return credits;
}

/** Whether anyone visible (staff included) hosted an occurrence in `[from, to]`. */
function anyoneHosted(context: IndicatorContext, from: number, to: number): boolean {
	const { index, population } = context;
	const [start, end] = heldBetween(index, from, to);
	for (let i = start; i < end; i++) {
		let hosted = false;
		forEachPart(index, index.heldByDay[i]!, (part) => {
			if (index.partRank[part]! >= HOSTING_RANK && population.visible[index.partUser[part]!])
				hosted = true;
		});
		if (hosted) return true;
	}
	return false;
}

export function animationConcentration(context: IndicatorContext): Concentration {
	const { population, config, alerts } = context;
	const credits = [...hostCredits(context, population.from, population.day).values()];
	const total = credits.reduce((sum, c) => sum + c, 0);
	const caf =
		total > 0
			? contributorAbsenceFactor(credits)
			: anyoneHosted(context, population.from, population.day)
				? 0
				: null;
	const top1 = topShare(credits);
	let status: Status | null = null;
	if (caf !== null) {
		const { cafFragile, cafWatch, top1Fragile } = config.alerts;
		const fragile = caf <= cafFragile || (top1 !== null && top1 >= top1Fragile);
		status = statusUnlessQuiet(alerts, fragile ? 'fragile' : caf <= cafWatch ? 'watch' : 'ok');
	}
	return { caf, top1, total, animators: credits.length, status };
}
