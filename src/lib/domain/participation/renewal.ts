/**
 * Renewal of animators: new animators (first ever hosting within the window) against animators
 * lost since the previous window (hosted then, not now), the renewal ratio new ÷ lost (watch when
 * below 1 two windows running), the share of host credit held by people hosting for over a year,
 * and the pipeline: contributors (level ≥ 2) who have never animated.
 */
import { HOSTING_RANK } from './activity-types';
import { hostCredits } from './concentration';
import {
	forEachPart,
	heldBetween,
	share,
	statusUnlessQuiet,
	type IndicatorContext,
	type Status
} from './context';

export interface Renewal {
	newAnimators: number;
	lostAnimators: number;
	/** new ÷ lost; null with no loss. */
	ratio: number | null;
	/** The same ratio one window earlier. */
	previousRatio: number | null;
	/** Share of the window's host credit held by people hosting for over `hostingTenureDays`. */
	veteranShare: number | null;
	/** Active members at level ≥ 2 who have never co-animated or led. */
	pipeline: number;
	status: Status | null;
}

/** Non-staff people who co-animated or led in `[from, to]`. */
function animatorsBetween(context: IndicatorContext, from: number, to: number): Set<number> {
	const { index, population } = context;
	const animators = new Set<number>();
	const [start, end] = heldBetween(index, from, to);
	for (let i = start; i < end; i++) {
		forEachPart(index, index.heldByDay[i]!, (part) => {
			const user = index.partUser[part]!;
			if (index.partRank[part]! >= HOSTING_RANK && !index.staff[user] && population.visible[user])
				animators.add(user);
		});
	}
	return animators;
}

/** New and lost animators for the window ending `day`. */
function turnover(context: IndicatorContext, day: number): { fresh: number; lost: number } {
	const w = context.config.windowDays;
	const current = animatorsBetween(context, day - w + 1, day);
	const previous = animatorsBetween(context, day - 2 * w + 1, day - w);
	let fresh = 0;
	for (const user of current) if (context.index.firstHostDay[user]! > day - w) fresh++;
	let lost = 0;
	for (const user of previous) if (!current.has(user)) lost++;
	return { fresh, lost };
}

export function renewal(context: IndicatorContext): Renewal {
	const { index, population, config, alerts } = context;
	const { day, from } = population;
	const now = turnover(context, day);
	const before = turnover(context, day - config.windowDays);
	const ratio = share(now.fresh, now.lost);
	const previousRatio = share(before.fresh, before.lost);

	let [veteran, total] = [0, 0];
	for (const [user, credit] of hostCredits(context, from, day)) {
		total += credit;
		if (index.firstHostDay[user]! <= day - config.hostingTenureDays) veteran += credit;
	}
	let pipeline = 0;
	for (let user = 0; user < index.people; user++) {
		if (population.active[user] && population.level[user]! >= 2 && index.firstHostDay[user]! > day)
			pipeline++;
	}
	const falling = ratio !== null && ratio < 1 && previousRatio !== null && previousRatio < 1;
	return {
		newAnimators: now.fresh,
		lostAnimators: now.lost,
		ratio,
		previousRatio,
		veteranShare: share(veteran, total),
		pipeline,
		status:
			ratio === null && previousRatio === null
				? null
				: statusUnlessQuiet(alerts, falling ? 'watch' : 'ok')
	};
}
