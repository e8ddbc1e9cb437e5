/**
 * The "fragile collective" flag: raised when at least two of its reasons hold, never during the
 * first months of data (`alerts.quietMonths`), and always given with its reasons.
 */
import type { ParticipationConfig } from './config';

export type FragileReason =
	'concentration' | 'renewal' | 'single_host' | 'staff_dependency' | 'first_ritual';

export interface FragileReadings {
	caf: number | null;
	newAnimators: number;
	lostAnimators: number;
	singleHostShare: number | null;
	staffDependency: number | null;
	firstRitualRate: number | null;
}

export interface Fragile {
	fragile: boolean;
	/** The reasons that hold (listed even while alerts are quiet). */
	reasons: FragileReason[];
	/** First day alerts may be raised (null: no data yet). */
	alertsFrom: string | null;
}

/** The reasons that hold; an indicator that could not be measured (null) is no reason. */
export function fragileReasons(
	readings: FragileReadings,
	alerts: ParticipationConfig['alerts']
): FragileReason[] {
	const reasons: FragileReason[] = [];
	if (readings.caf !== null && readings.caf <= alerts.fragileCaf) reasons.push('concentration');
	// Renewal below 1 with at least one loss: fewer new animators than lost ones.
	if (readings.lostAnimators >= 1 && readings.newAnimators < readings.lostAnimators)
		reasons.push('renewal');
	if (readings.singleHostShare !== null && readings.singleHostShare > alerts.singleHostShare)
		reasons.push('single_host');
	if (readings.staffDependency !== null && readings.staffDependency >= alerts.staffDependency)
		reasons.push('staff_dependency');
	if (readings.firstRitualRate !== null && readings.firstRitualRate < alerts.firstRitualRate)
		reasons.push('first_ritual');
	return reasons;
}

export function fragileFlag(
	reasons: readonly FragileReason[],
	alertsOn: boolean,
	alerts: ParticipationConfig['alerts']
): boolean {
	return alertsOn && reasons.length >= alerts.fragileMinReasons;
}
