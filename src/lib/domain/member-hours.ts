/**
 * One member's hours in one space, as every screen shows them: each visit billed with its
 * breakdown (`billing.ts`), then the statement (`balance.ts`). The open visit is billed as if it
 * ended now, so the balance shown while present is what would be left on leaving; visits past
 * the space's closing time count as closed there (`visitAsOf`), as the server will close them.
 */
import { visitAsOf } from './auto-close';
import { hoursStatement, type HoursStatement } from './balance';
import { billVisits, type VisitBill } from './billing';
import { localDateOf } from './time';
import type { Adjustment, BillingRules, Contract, Space, Visit } from './types';

/** Rules for a visit no contract covers (the space's defaults in `domain.md`). */
export const defaultRules: BillingRules = {
	incrementMinutes: 15,
	rounding: 'up',
	graceMinutes: 10,
	minimumMinutes: 0,
	dailyCapMinutes: null
};

export interface MemberHours {
	statement: HoursStatement;
	/** Visits as of now (closed, or open), latest first. */
	visits: Visit[];
	bills: Map<string, VisitBill>;
	/** Minutes billed on today's local date so far (the open visit up to now). */
	billedToday: number;
	/** The open visit, if the member is here now. */
	open: Visit | undefined;
	/** Debt past the space's limit: the check-in asks the member to see a host. */
	pastOverdraftLimit: boolean;
}

export interface MemberHoursInput {
	space: Space;
	contracts: readonly Contract[];
	visits: readonly Visit[];
	adjustments: readonly Adjustment[];
	now: Date;
}

/**
 * The contract whose rules bill a visit: among those valid on its local date, the one that
 * expires first (the one FIFO draws from first); otherwise the latest that started before it.
 */
export function rulesFor(contracts: readonly Contract[], localDate: string): BillingRules {
	const valid = contracts
		.filter((c) => c.startsOn <= localDate && (c.expiresOn === null || c.expiresOn >= localDate))
		.sort((a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999'));
	if (valid[0]) return valid[0].rules;
	const earlier = contracts
		.filter((c) => c.startsOn <= localDate)
		.sort((a, b) => b.startsOn.localeCompare(a.startsOn));
	return earlier[0]?.rules ?? defaultRules;
}

export function memberHours({
	space,
	contracts,
	visits,
	adjustments,
	now
}: MemberHoursInput): MemberHours {
	const nowIso = now.toISOString();
	const asOf = visits
		.filter((visit) => visit.spaceId === space.id)
		.map((visit) => visitAsOf(visit, space, now))
		.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
	const open = asOf.find((visit) => visit.endedAt === null);
	const billable = asOf.map((visit) => ({
		id: visit.id,
		startedAt: visit.startedAt,
		endedAt: visit.endedAt ?? nowIso
	}));
	// Rules per local date, not per visit: most of a year's visits share few dates' contracts.
	const rulesByDate = new Map<string, BillingRules>();
	const rulesOn = (date: string): BillingRules => {
		let rules = rulesByDate.get(date);
		if (!rules) rulesByDate.set(date, (rules = rulesFor(contracts, date)));
		return rules;
	};
	const bills = billVisits(
		billable,
		(visit) => rulesOn(localDateOf(visit.startedAt, space.timeZone)),
		space.timeZone
	);
	const today = localDateOf(now, space.timeZone);
	let billedToday = 0;
	const billed = billable.map((visit) => {
		const bill = bills.get(visit.id)!;
		if (bill.localDate === today) billedToday += bill.billedMinutes;
		return {
			id: visit.id,
			startedAt: visit.startedAt,
			localDate: bill.localDate,
			billedMinutes: bill.billedMinutes
		};
	});
	const statement = hoursStatement(contracts, billed, adjustments, {
		today,
		lowThresholdMinutes: space.lowThresholdMinutes
	});
	return {
		statement,
		visits: asOf,
		bills,
		billedToday,
		open,
		pastOverdraftLimit:
			space.overdraftLimitMinutes !== null && statement.debt > space.overdraftLimitMinutes
	};
}

/** How a bill was reached, step by step, for the screens to word (`ui/bill-text.ts`). */
export type BillStep =
	| { step: 'duration'; seconds: number }
	| { step: 'grace'; graceMinutes: number }
	| { step: 'rounded'; incrementMinutes: number; rounding: 'up' | 'nearest'; minutes: number }
	| { step: 'minimum'; minimumMinutes: number }
	| { step: 'cap'; capMinutes: number; billedMinutes: number }
	| { step: 'billed'; minutes: number };

export function billSteps(bill: VisitBill): BillStep[] {
	const steps: BillStep[] = [{ step: 'duration', seconds: bill.durationSeconds }];
	if (bill.withinGrace) {
		steps.push({ step: 'grace', graceMinutes: bill.rules.graceMinutes });
	} else {
		steps.push({
			step: 'rounded',
			incrementMinutes: bill.rules.incrementMinutes,
			rounding: bill.rules.rounding,
			minutes: bill.roundedMinutes
		});
		if (bill.minimumApplied)
			steps.push({ step: 'minimum', minimumMinutes: bill.rules.minimumMinutes });
		if (bill.capApplied) {
			steps.push({
				step: 'cap',
				capMinutes: bill.rules.dailyCapMinutes ?? 0,
				billedMinutes: bill.billedMinutes
			});
		}
	}
	steps.push({ step: 'billed', minutes: bill.billedMinutes });
	return steps;
}
