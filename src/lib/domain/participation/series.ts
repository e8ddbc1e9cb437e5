/**
 * Indicators month by month, for trends: one reading at the end of each month (the last one on
 * `until` when that month is not over), each under the settings in force on its date.
 */
import type { ParticipationLog } from './compact';
import { configAt, type ConfigChange, type ParticipationConfig } from './config';
import { addMonths, dateOfDay, dayNumber, monthEnd, monthKey } from './days';
import { hostIndicators, type HostIndicators } from './indicators';

export interface MonthlyReading {
	/** `YYYY-MM`. */
	month: string;
	indicators: HostIndicators;
}

/**
 * `configAt`, returning the same object for dates under the same changes: the levels index is
 * cached per settings object, so each version is computed once.
 */
export function configResolver(
	changes: readonly ConfigChange[]
): (date: string) => ParticipationConfig {
	const resolved = new Map<string, ParticipationConfig>();
	return (date) => {
		const key = changes
			.filter((change) => change.validFrom <= date)
			.map((change) => change.version)
			.join(',');
		let config = resolved.get(key);
		if (!config) resolved.set(key, (config = configAt(changes, date)));
		return config;
	};
}

/** Readings from month `from` (`YYYY-MM`) to the month of `until` (a local date), inclusive. */
export function monthlySeries(
	log: ParticipationLog,
	from: string,
	until: string,
	changes: readonly ConfigChange[] = []
): MonthlyReading[] {
	const configFor = configResolver(changes);
	const last = dayNumber(until);
	const readings: MonthlyReading[] = [];
	for (let month = dayNumber(`${from}-01`); month <= last; month = addMonths(month, 1)) {
		const asOf = dateOfDay(Math.min(monthEnd(month), last));
		readings.push({
			month: monthKey(month),
			indicators: hostIndicators(log, asOf, configFor(asOf))
		});
	}
	return readings;
}
