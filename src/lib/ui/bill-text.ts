import type { BillStep } from '$lib/domain/member-hours';
import { m } from '$lib/paraglide/messages';
import { formatDuration, formatTime } from './format';

/**
 * How a visit became billed minutes, in words: « 09:02 → 12:48 · 3 h 46 min, arrondi au quart
 * d'heure supérieur : 4 h ». The steps come from `billSteps` (`domain/member-hours.ts`); this
 * module only words them, so every screen and every test reads the same sentence.
 */

/** "4 h", "3 h 45 min", "0 min". */
export const minutesText = (minutes: number): string => formatDuration(minutes * 60);

/** One step in words; the duration and the final figure are worded by `billText`. */
export function stepText(step: BillStep): string | null {
	switch (step.step) {
		case 'grace':
			return m.bill_grace({ grace: minutesText(step.graceMinutes) });
		case 'rounded': {
			const billed = minutesText(step.minutes);
			const increment = minutesText(step.incrementMinutes);
			const quarter = step.incrementMinutes === 15;
			if (step.rounding === 'up') {
				return quarter
					? m.bill_round_up_quarter({ billed })
					: m.bill_round_up({ increment, billed });
			}
			return quarter
				? m.bill_round_nearest_quarter({ billed })
				: m.bill_round_nearest({ increment, billed });
		}
		case 'minimum':
			return m.bill_minimum({ billed: minutesText(step.minimumMinutes) });
		case 'cap':
			return m.bill_cap({
				cap: minutesText(step.capMinutes),
				billed: minutesText(step.billedMinutes)
			});
		case 'duration':
		case 'billed':
			return null;
	}
}

/**
 * The whole breakdown of one visit: its times in the space's zone, how long it lasted, then each
 * rule that applied. `end` is null while the visit is open (worded with `openLabel`).
 */
export function billText(
	steps: readonly BillStep[],
	visit: { startedAt: string; endedAt: string | null },
	timeZone: string,
	openLabel: string
): string {
	const start = formatTime(visit.startedAt, timeZone);
	const end = visit.endedAt === null ? openLabel : formatTime(visit.endedAt, timeZone);
	const duration = steps.find((step) => step.step === 'duration');
	const head = `${start} → ${end} · ${formatDuration(duration?.seconds ?? 0)}`;
	const rules = steps.map(stepText).filter((text): text is string => text !== null);
	return [head, ...rules].join(', ');
}
