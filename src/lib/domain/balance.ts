/**
 * A member's hours: what their contracts granted, what their visits drew and from which contract,
 * what expired unused, what adjustments changed, and what is left or owed
 * (`../shared/design/domain.md`, "Balance" and "Overdraft"). Derived from the facts every time,
 * never stored as truth.
 */
import { addDays } from './time';
import type { Contract } from './types';

/** A visit already billed (`billing.ts`), on the local date it started. */
export interface BilledVisit {
	id: string;
	startedAt: string;
	localDate: string;
	billedMinutes: number;
}

/** A host's correction, with its reason: positive credits, negative debits. */
export interface HourAdjustment {
	id: string;
	/** Local date it takes effect. */
	localDate: string;
	minutes: number;
	/** The contract credited; null: a credit usable by any later visit, without expiry. */
	contractId: string | null;
	reason: string;
}

/**
 * Hours available for a period: a pack's whole allowance, one month of a monthly contract, a
 * resident's unlimited access, or a standalone credit.
 */
export interface Pot {
	key: string;
	contractId: string | null;
	/** First and last local dates it may be drawn on (inclusive); `until` null: no end. */
	from: string;
	until: string | null;
	/** Minutes granted; `Infinity` for a resident. */
	granted: number;
	used: number;
	/** Minutes that went to settle an earlier debt when the pot opened. */
	settledDebt: number;
	/** Minutes left at the end of `until`, lost (shown, not hidden). */
	lost: number;
}

export interface Draw {
	potKey: string;
	contractId: string | null;
	minutes: number;
}

export interface HoursStatement {
	pots: Pot[];
	/** For each visit and each debit adjustment: where its minutes came from. */
	draws: Map<string, { draws: Draw[]; overdraft: number }>;
	/** Minutes available today (unlimited: `Infinity`), before the debt. */
	available: number;
	/** Minutes owed (visits beyond every contract, not yet settled). */
	debt: number;
	/** `available - debt`. */
	balance: number;
	low: boolean;
	overdraft: boolean;
}

export interface StatementOptions {
	/** Today's local date in the space's time zone. */
	today: string;
	/** Under this many minutes the balance is "low" (default 60). */
	lowThresholdMinutes?: number;
}

type Event =
	| { kind: 'open'; date: string; order: 0; pot: Pot }
	| { kind: 'draw'; date: string; order: 1; at: string; id: string; minutes: number }
	| {
			kind: 'credit';
			date: string;
			order: 1;
			at: string;
			id: string;
			minutes: number;
			potKey: string | null;
	  }
	| { kind: 'close'; date: string; order: 2; pot: Pot };

/** The pots a contract gives: one for a pack or resident, one per calendar month for a monthly. */
export function potsOf(contract: Contract, today: string): Pot[] {
	const pot = (key: string, from: string, until: string | null, granted: number): Pot => ({
		key,
		contractId: contract.id,
		from,
		until,
		granted,
		used: 0,
		settledDebt: 0,
		lost: 0
	});
	if (contract.kind !== 'monthly') {
		const granted = contract.kind === 'resident' ? Infinity : (contract.minutesGranted ?? 0);
		return [pot(contract.id, contract.startsOn, contract.expiresOn, granted)];
	}
	const pots: Pot[] = [];
	const last =
		contract.expiresOn !== null && contract.expiresOn < today ? contract.expiresOn : today;
	for (let month = contract.startsOn.slice(0, 7); `${month}-01` <= last; month = nextMonth(month)) {
		const monthEnd = addDays(`${nextMonth(month)}-01`, -1);
		const from = month === contract.startsOn.slice(0, 7) ? contract.startsOn : `${month}-01`;
		const until =
			contract.expiresOn !== null && contract.expiresOn < monthEnd ? contract.expiresOn : monthEnd;
		pots.push(pot(`${contract.id}:${month}`, from, until, contract.minutesGranted ?? 0));
	}
	return pots;
}

const nextMonth = (month: string): string => {
	const [year, m] = month.split('-').map(Number) as [number, number];
	return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * The member's statement as of `today`: events in date order (pots opening, visits and
 * adjustments, pots closing); each visit draws from the pots valid on its date, the one that
 * expires first first (FIFO by expiry), splitting across pots; what no pot covers becomes debt,
 * which the next pot to open (or a credit) settles first; a pot's remainder at its end is lost.
 */
export function hoursStatement(
	contracts: readonly Contract[],
	visits: readonly BilledVisit[],
	adjustments: readonly HourAdjustment[],
	{ today, lowThresholdMinutes = 60 }: StatementOptions
): HoursStatement {
	const pots = contracts.flatMap((contract) => potsOf(contract, today));
	const events: Event[] = [];
	for (const pot of pots) {
		if (pot.from > today) continue;
		events.push({ kind: 'open', date: pot.from, order: 0, pot });
		if (pot.until !== null && pot.until < today) {
			events.push({ kind: 'close', date: addDays(pot.until, 1), order: 2, pot });
		}
	}
	for (const visit of visits) {
		if (visit.billedMinutes <= 0) continue;
		const { id, localDate: date, startedAt: at, billedMinutes: minutes } = visit;
		events.push({ kind: 'draw', date, order: 1, at, id, minutes });
	}
	for (const adjustment of adjustments) {
		const { id, localDate: date, minutes } = adjustment;
		const at = `${date}T00:00:00.000Z`;
		if (minutes < 0) events.push({ kind: 'draw', date, order: 1, at, id, minutes: -minutes });
		else {
			const potKey = adjustment.contractId;
			events.push({ kind: 'credit', date, order: 1, at, id, minutes, potKey });
		}
	}
	events.sort(
		(a, b) =>
			a.date.localeCompare(b.date) ||
			a.order - b.order ||
			('at' in a && 'at' in b ? a.at.localeCompare(b.at) : 0)
	);

	const open = new Set<Pot>();
	const draws = new Map<string, { draws: Draw[]; overdraft: number }>();
	let debt = 0;
	const settle = (pot: Pot) => {
		const paid = Math.min(debt, pot.granted - pot.used);
		pot.used += paid;
		pot.settledDebt += paid;
		debt -= paid;
	};
	for (const event of events) {
		if (event.kind === 'open') {
			open.add(event.pot);
			settle(event.pot);
		} else if (event.kind === 'close') {
			open.delete(event.pot);
			event.pot.lost = event.pot.granted - event.pot.used;
		} else if (event.kind === 'credit') {
			let pot = pots.find((p) => p.key === event.potKey && open.has(p));
			if (!pot) {
				// A standalone credit (or one for a contract no longer open): usable without expiry.
				pot = {
					key: `credit:${event.id}`,
					contractId: null,
					from: event.date,
					until: null,
					granted: event.minutes,
					used: 0,
					settledDebt: 0,
					lost: 0
				};
				pots.push(pot);
				open.add(pot);
			} else pot.granted += event.minutes;
			settle(pot);
		} else {
			let left = event.minutes;
			const taken: Draw[] = [];
			const usable = [...open]
				.filter((pot) => pot.from <= event.date && (pot.until === null || pot.until >= event.date))
				.sort(
					(a, b) =>
						(a.until ?? '9999').localeCompare(b.until ?? '9999') || a.from.localeCompare(b.from)
				);
			for (const pot of usable) {
				if (left === 0) break;
				const minutes = Math.min(left, pot.granted - pot.used);
				if (minutes <= 0) continue;
				pot.used += minutes;
				left -= minutes;
				taken.push({ potKey: pot.key, contractId: pot.contractId, minutes });
			}
			debt += left;
			draws.set(event.id, { draws: taken, overdraft: left });
		}
	}
	const available = [...open]
		.filter((pot) => pot.from <= today && (pot.until === null || pot.until >= today))
		.reduce((sum, pot) => sum + (pot.granted - pot.used), 0);
	const balance = available - debt;
	return {
		pots,
		draws,
		available,
		debt,
		balance,
		low: balance < lowThresholdMinutes,
		overdraft: debt > 0
	};
}
