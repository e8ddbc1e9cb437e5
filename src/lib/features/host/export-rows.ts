/**
 * The rows of the hosts' CSV exports for a period of local dates (inclusive): every visit with
 * its billing, and every member's hour history (contracts granted, visits billed, adjustments,
 * hours lost at expiry). Derived from the whole history, so balances and daily caps are right;
 * only the rows are limited to the period. Pure: labels come in, rows go out.
 */
import { localDateOf, localMinutesOf } from '$lib/domain/time';
import type { BillingRules, Plan } from '$lib/domain/types';
import { memberRows, type SpaceFacts } from './member-rows';

export interface ExportPeriod {
	/** First and last local dates `YYYY-MM-DD`, inclusive. */
	from: string;
	to: string;
}

export type HistoryKind = 'granted' | 'visit' | 'credit' | 'debit' | 'expired';

export interface ExportText {
	visitHeaders: readonly string[];
	historyHeaders: readonly string[];
	yes: string;
	no: string;
	rule: (rules: BillingRules) => string;
	kinds: Record<HistoryKind, string>;
	/** Shown with a visit's contracts when part of it went beyond every contract. */
	overdraft: string;
	/** Minutes of a resident contract. */
	unlimited: string;
}

export type Cell = string | number;

export interface ExportFacts extends SpaceFacts {
	plans: readonly Plan[];
}

const clockOf = (instant: string, timeZone: string): string => {
	const minutes = localMinutesOf(instant, timeZone);
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

const inPeriod = (date: string, period: ExportPeriod): boolean =>
	date >= period.from && date <= period.to;

const str = (cell: Cell | undefined): string => String(cell ?? '');
/** Visits: by date, then member, then start time. */
const byDate = (a: Cell[], b: Cell[]): number =>
	str(a[1]).localeCompare(str(b[1])) ||
	str(a[0]).localeCompare(str(b[0])) ||
	str(a[2]).localeCompare(str(b[2]));
/** History: by member, then date (a stable sort keeps grants before visits and adjustments). */
const byMember = (a: Cell[], b: Cell[]): number =>
	str(a[0]).localeCompare(str(b[0])) || str(a[1]).localeCompare(str(b[1]));

/** Member, date, start, end (local), duration and billed minutes, rule, auto-closed, flagged. */
export function visitRows(
	facts: ExportFacts,
	period: ExportPeriod,
	text: ExportText,
	now: Date
): Cell[][] {
	const { timeZone } = facts.space;
	const rows: Cell[][] = [];
	for (const { member, hours } of memberRows(facts, now)) {
		for (const visit of hours.visits) {
			const bill = hours.bills.get(visit.id);
			if (!bill || !inPeriod(bill.localDate, period)) continue;
			let end = '';
			if (visit.endedAt !== null) {
				end = clockOf(visit.endedAt, timeZone);
				// A visit past midnight still counts on its first day: say which day it ended.
				const endDay = localDateOf(visit.endedAt, timeZone);
				if (endDay !== bill.localDate) end = `${endDay} ${end}`;
			}
			rows.push([
				member.displayName,
				bill.localDate,
				clockOf(visit.startedAt, timeZone),
				end,
				Math.floor(bill.durationSeconds / 60),
				bill.billedMinutes,
				text.rule(bill.rules),
				visit.autoClosed ? text.yes : text.no,
				visit.flagged ? text.yes : text.no
			]);
		}
	}
	rows.sort(byDate);
	return [[...text.visitHeaders], ...rows];
}

/** Member, date, kind, minutes (+ granted or credited, − drawn or lost), contract's plan, reason. */
export function historyRows(
	facts: ExportFacts,
	period: ExportPeriod,
	text: ExportText,
	now: Date
): Cell[][] {
	const planNames = new Map(facts.plans.map((plan) => [plan.id, plan.name]));
	const rows: Cell[][] = [];
	for (const { member, hours, contracts, adjustments } of memberRows(facts, now)) {
		const contractById = new Map(contracts.map((contract) => [contract.id, contract]));
		const planOf = (contractId: string | null): string => {
			const contract = contractId === null ? undefined : contractById.get(contractId);
			return contract ? (planNames.get(contract.planId) ?? '') : '';
		};
		const push = (date: string, kind: HistoryKind, minutes: Cell, plan: string, reason = '') => {
			if (inPeriod(date, period)) {
				rows.push([member.displayName, date, text.kinds[kind], minutes, plan, reason]);
			}
		};
		for (const pot of hours.statement.pots) {
			const contract = pot.contractId === null ? undefined : contractById.get(pot.contractId);
			if (!contract) continue; // a standalone credit: its adjustment row says it
			const granted = contract.minutesGranted === null ? text.unlimited : contract.minutesGranted;
			push(pot.from, 'granted', granted, planOf(contract.id));
			if (pot.until !== null && pot.lost > 0 && Number.isFinite(pot.lost)) {
				push(pot.until, 'expired', -pot.lost, planOf(contract.id));
			}
		}
		for (const visit of [...hours.visits].reverse()) {
			const bill = hours.bills.get(visit.id);
			if (!bill || bill.billedMinutes === 0) continue;
			const drawn = hours.statement.draws.get(visit.id);
			const sources = [...new Set((drawn?.draws ?? []).map((draw) => planOf(draw.contractId)))];
			if (drawn && drawn.overdraft > 0) sources.push(text.overdraft);
			push(bill.localDate, 'visit', -bill.billedMinutes, sources.filter(Boolean).join(' + '));
		}
		for (const adjustment of adjustments) {
			const kind = adjustment.minutes > 0 ? 'credit' : 'debit';
			push(
				adjustment.localDate,
				kind,
				adjustment.minutes,
				planOf(adjustment.contractId),
				adjustment.reason
			);
		}
	}
	rows.sort(byMember);
	return [[...text.historyHeaders], ...rows];
}

/** `collectif-visites-2026-11-01_2026-11-30.csv` */
export const exportFileName = (what: string, period: ExportPeriod): string =>
	`collectif-${what}-${period.from}_${period.to}.csv`;

/** A byte-order mark first, so spreadsheet programs read the accents as UTF-8. */
export const withBom = (csv: string): string => `\uFEFF${csv}`;
