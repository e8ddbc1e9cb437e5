import type { Draw, Pot } from '$lib/domain/balance';
import type { Contract, Plan } from '$lib/domain/types';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { minutesText } from './bill-text';
import { formatDate } from './format';

/** A member's hours statement in words: what is left in each pot, what was lost, where a visit drew from. */

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "janvier 2026" for a local date `YYYY-MM-DD`. */
export function monthText(date: string): string {
	const locale = getLocale();
	let format = monthFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
		monthFormats.set(locale, format);
	}
	const text = format.format(new Date(`${date}T12:00:00Z`));
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const shortDates = new Map<string, Intl.DateTimeFormat>();

/** "8 oct." for a local date `YYYY-MM-DD`. */
function shortDate(date: string): string {
	const locale = getLocale();
	let format = shortDates.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
		shortDates.set(locale, format);
	}
	return format.format(new Date(`${date}T12:00:00Z`));
}

/**
 * The name of each contract: its plan's, with its start date when the member holds several of
 * the same plan (« Carnet 10 h du 8 oct. »).
 */
export function contractNames(
	contracts: readonly Contract[],
	plans: readonly Plan[]
): Map<string, string> {
	const planName = (contract: Contract) =>
		plans.find((plan) => plan.id === contract.planId)?.name ?? '';
	const names = new Map<string, string>();
	for (const contract of contracts) {
		const name = planName(contract);
		const twins = contracts.filter((other) => planName(other) === name).length;
		names.set(
			contract.id,
			twins > 1 ? m.hours_contract_from({ name, date: shortDate(contract.startsOn) }) : name
		);
	}
	return names;
}

/**
 * One pot of a contract on `today`: what is left (and until when), or what was lost at its end
 * (shown, not hidden), or when it starts. `monthly`: the pot is one calendar month.
 */
export function potText(pot: Pot, today: string, monthly: boolean): string {
	if (pot.from > today) return m.hours_pot_starts({ date: formatDate(pot.from) });
	if (!Number.isFinite(pot.granted)) {
		const expiry =
			pot.until === null ? '' : ` · ${m.hours_expires({ date: formatDate(pot.until) })}`;
		return `${m.hours_unlimited()}${expiry}`;
	}
	const ended = pot.until !== null && pot.until < today;
	const left = minutesText(pot.granted - pot.used);
	const granted = minutesText(pot.granted);
	if (monthly) {
		const month = monthText(pot.from);
		if (!ended) return m.hours_pot_month({ month, left, granted });
		return pot.lost > 0
			? m.hours_pot_month_lost({ month, lost: minutesText(pot.lost) })
			: m.hours_pot_used_up({ date: formatDate(pot.until!) });
	}
	if (ended) {
		return pot.lost > 0
			? m.hours_pot_lost({ date: formatDate(pot.until!), lost: minutesText(pot.lost) })
			: m.hours_pot_used_up({ date: formatDate(pot.until!) });
	}
	const text = m.hours_pot_left({ left, granted });
	return pot.until === null
		? text
		: `${text} · ${m.hours_expires({ date: formatDate(pot.until) })}`;
}

/**
 * Where a visit's minutes came from: « Pris sur Carnet 10 h (2 h), Crédit (1 h) » and what no
 * contract covered (« 1 h à découvert »). `sourceName` names a draw's contract (or credit).
 */
export function drawsText(
	drawn: { draws: readonly Draw[]; overdraft: number },
	sourceName: (draw: Draw) => string
): string {
	const parts: string[] = [];
	if (drawn.draws.length === 1 && drawn.overdraft === 0) {
		parts.push(m.hours_drawn_from({ sources: sourceName(drawn.draws[0]!) }));
	} else if (drawn.draws.length > 0) {
		const sources = drawn.draws
			.map((draw) => `${sourceName(draw)} (${minutesText(draw.minutes)})`)
			.join(', ');
		parts.push(m.hours_drawn_from({ sources }));
	}
	if (drawn.overdraft > 0) {
		parts.push(m.hours_drawn_overdraft({ duration: minutesText(drawn.overdraft) }));
	}
	return parts.join(' · ');
}

/** « Crédit de 1 h » or « Débit de 30 min ». */
export const adjustmentText = (minutes: number): string =>
	minutes >= 0
		? m.hours_adjustment_credit({ duration: minutesText(minutes) })
		: m.hours_adjustment_debit({ duration: minutesText(-minutes) });
