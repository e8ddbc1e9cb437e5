/**
 * Billing a visit: how time in the space becomes hours drawn from a contract
 * (`../shared/design/domain.md`, "Billing a visit"). The same steps on every device and in every
 * test; the result carries its breakdown so the app can show the rule behind every figure.
 */
import { localDateOf } from './time';
import type { BillingRules } from './types';

/** One visit's billing, step by step (the UI words it; the numbers are all here). */
export interface VisitBill {
	/** Local date (space time zone) the visit counts on: the day it started. */
	localDate: string;
	/** Real elapsed time, in whole seconds (so DST changes do not distort it). */
	durationSeconds: number;
	/** Shorter than the grace: free. */
	withinGrace: boolean;
	/** Minutes after rounding to the increment (0 within the grace). */
	roundedMinutes: number;
	/** The minimum raised the billed time. */
	minimumApplied: boolean;
	/** Minutes before the daily cap. */
	uncappedMinutes: number;
	/** The daily cap lowered this visit (partly or to 0). */
	capApplied: boolean;
	/** What the visit costs, in minutes. */
	billedMinutes: number;
	rules: BillingRules;
}

export interface BillableVisit {
	id: string;
	startedAt: string;
	endedAt: string;
}

/** Steps 1-3: duration, grace, rounding and minimum, for one visit on its own. */
export function billDuration(
	durationSeconds: number,
	rules: BillingRules
): Pick<VisitBill, 'withinGrace' | 'roundedMinutes' | 'minimumApplied' | 'uncappedMinutes'> {
	if (durationSeconds < rules.graceMinutes * 60) {
		return { withinGrace: true, roundedMinutes: 0, minimumApplied: false, uncappedMinutes: 0 };
	}
	const step = rules.incrementMinutes * 60;
	const steps =
		rules.rounding === 'up'
			? Math.ceil(durationSeconds / step)
			: // Half rounds up: 45 min with 30-min steps is 1.5 steps → 2.
				Math.floor(durationSeconds / step + 0.5);
	const roundedMinutes = steps * rules.incrementMinutes;
	const uncappedMinutes = Math.max(roundedMinutes, rules.minimumMinutes);
	return {
		withinGrace: false,
		roundedMinutes,
		minimumApplied: uncappedMinutes > roundedMinutes,
		uncappedMinutes
	};
}

/**
 * Bills a member's closed visits (steps 1-5): each visit counts on the local date it started;
 * per date, visits in start order add up until the daily cap of their rules, the visit crossing it
 * is billed what remains, later ones 0. Returns the bills by visit id.
 */
export function billVisits(
	visits: readonly BillableVisit[],
	rulesOf: (visit: BillableVisit) => BillingRules,
	timeZone: string
): Map<string, VisitBill> {
	const ordered = [...visits].sort(
		(a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id)
	);
	const billedByDate = new Map<string, number>();
	const bills = new Map<string, VisitBill>();
	for (const visit of ordered) {
		const rules = rulesOf(visit);
		const localDate = localDateOf(visit.startedAt, timeZone);
		const durationSeconds = Math.max(
			0,
			Math.floor((Date.parse(visit.endedAt) - Date.parse(visit.startedAt)) / 1000)
		);
		const base = billDuration(durationSeconds, rules);
		const already = billedByDate.get(localDate) ?? 0;
		const room =
			rules.dailyCapMinutes === null ? Infinity : Math.max(0, rules.dailyCapMinutes - already);
		const billedMinutes = Math.min(base.uncappedMinutes, room);
		billedByDate.set(localDate, already + billedMinutes);
		bills.set(visit.id, {
			localDate,
			durationSeconds,
			...base,
			capApplied: billedMinutes < base.uncappedMinutes,
			billedMinutes,
			rules
		});
	}
	return bills;
}
