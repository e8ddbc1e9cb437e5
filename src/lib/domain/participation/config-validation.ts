/**
 * Bounds of a space's participation settings, as stable error keys the UI translates. Privacy
 * settings have a floor: a space may protect members more than the model does, never less.
 */
import { creditTypes } from './activity-types';
import { configAt, defaultPrivacy, type ConfigChange, type ParticipationConfig } from './config';

export type ConfigErrorCode =
	| 'not_a_number'
	| 'not_an_integer'
	| 'out_of_range'
	| 'not_increasing'
	| 'ceiling_below_threshold'
	| 'below_privacy_floor'
	| 'version_not_increasing'
	| 'valid_from_not_a_date'
	| 'valid_from_out_of_order';

export interface ConfigIssue {
	/** Dotted path of the setting, e.g. `thresholds.1` or `weights.led`. */
	path: string;
	code: ConfigErrorCode;
	/** The change whose resulting settings are wrong (from `validateConfigChanges`). */
	version?: number;
}

interface Bound {
	min: number;
	max: number;
	integer?: boolean;
	/** Below `min` is a privacy matter: reported as `below_privacy_floor`. */
	floor?: boolean;
}

const ratio: Bound = { min: 0, max: 1 };
const days = (min: number, max: number): Bound => ({ min, max, integer: true });

function check(issues: ConfigIssue[], path: string, value: unknown, bound: Bound): void {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		issues.push({ path, code: 'not_a_number' });
	} else if (bound.integer && !Number.isInteger(value)) {
		issues.push({ path, code: 'not_an_integer' });
	} else if (value < bound.min) {
		issues.push({ path, code: bound.floor ? 'below_privacy_floor' : 'out_of_range' });
	} else if (value > bound.max) {
		issues.push({ path, code: 'out_of_range' });
	}
}

function increasing(
	issues: ConfigIssue[],
	path: string,
	values: readonly number[],
	strict: boolean
) {
	for (let i = 1; i < values.length; i++) {
		const [before, after] = [values[i - 1]!, values[i]!];
		if (strict ? after <= before : after < before)
			issues.push({ path: `${path}.${i}`, code: 'not_increasing' });
	}
}

/** Every problem of a settings object; an empty list means it may be saved. */
export function validateConfig(config: ParticipationConfig): ConfigIssue[] {
	const issues: ConfigIssue[] = [];
	for (const type of creditTypes)
		check(issues, `weights.${type}`, config.weights[type], { min: 0, max: 50 });
	check(issues, 'halfLifeDays', config.halfLifeDays, days(7, 730));
	config.thresholds.forEach((value, i) =>
		check(issues, `thresholds.${i}`, value, { min: 0.01, max: 1000 })
	);
	increasing(issues, 'thresholds', config.thresholds, true);
	config.ceilings.forEach((value, i) => {
		check(issues, `ceilings.${i}`, value, { min: 0.01, max: 10_000 });
		if (value < config.thresholds[i]!)
			issues.push({ path: `ceilings.${i}`, code: 'ceiling_below_threshold' });
	});
	check(issues, 'handOverDays', config.handOverDays, days(1, 365));
	check(issues, 'newcomerDays', config.newcomerDays, days(7, 365));
	check(issues, 'windowDays', config.windowDays, days(28, 365));
	check(issues, 'gravityLagDays', config.gravityLagDays, days(7, 365));
	config.gravityWeights.forEach((value, i) =>
		check(issues, `gravityWeights.${i}`, value, { min: 0, max: 100 })
	);
	increasing(issues, 'gravityWeights', config.gravityWeights, false);
	check(issues, 'hostCredit.led', config.hostCredit.led, { min: 0, max: 10 });
	check(issues, 'hostCredit.coanimated', config.hostCredit.coanimated, { min: 0, max: 10 });
	check(issues, 'hostingTenureDays', config.hostingTenureDays, days(30, 1095));
	check(issues, 'singleHostMinOccurrences', config.singleHostMinOccurrences, days(2, 100));

	const { alerts, newcomers, privacy } = config;
	for (const key of [
		'top1Fragile',
		'staffDependency',
		'singleHostShare',
		'showUp',
		'firstRitualRate'
	] as const) {
		check(issues, `alerts.${key}`, alerts[key], ratio);
	}
	for (const key of ['cafFragile', 'cafWatch', 'fragileCaf'] as const)
		check(issues, `alerts.${key}`, alerts[key], days(0, 20));
	check(issues, 'alerts.fragileMinReasons', alerts.fragileMinReasons, days(1, 5));
	check(issues, 'alerts.quietMonths', alerts.quietMonths, days(0, 24));
	for (const key of [
		'welcomedWithinDays',
		'firstRitualWithinDays',
		'levelAtDay',
		'activeAtDay'
	] as const) {
		check(issues, `newcomers.${key}`, newcomers[key], days(1, 365));
	}
	check(issues, 'newcomers.minCohort', newcomers.minCohort, {
		...days(defaultPrivacy.minGroup, 100),
		floor: true
	});
	check(issues, 'newcomers.cohortMonths', newcomers.cohortMonths, days(1, 36));
	check(issues, 'privacy.minGroup', privacy.minGroup, {
		...days(defaultPrivacy.minGroup, 100),
		floor: true
	});
	check(issues, 'privacy.roundBelow', privacy.roundBelow, {
		...days(defaultPrivacy.roundBelow, 1000),
		floor: true
	});
	check(issues, 'privacy.roundTo', privacy.roundTo, {
		min: defaultPrivacy.roundTo,
		max: 1,
		floor: true
	});
	check(issues, 'privacy.smallSpaceMembers', privacy.smallSpaceMembers, {
		...days(defaultPrivacy.smallSpaceMembers, 1000),
		floor: true
	});
	return issues;
}

const isDate = (date: string): boolean =>
	/^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);

/**
 * Problems of a history of changes: versions strictly increasing, each valid from a real date no
 * earlier than the previous one, and the settings each version leads to valid.
 */
export function validateConfigChanges(changes: readonly ConfigChange[]): ConfigIssue[] {
	const issues: ConfigIssue[] = [];
	changes.forEach((change, i) => {
		const previous = changes[i - 1];
		const { version } = change;
		if (previous && version <= previous.version)
			issues.push({ path: 'version', code: 'version_not_increasing', version });
		if (!isDate(change.validFrom))
			issues.push({ path: 'validFrom', code: 'valid_from_not_a_date', version });
		else if (previous && change.validFrom < previous.validFrom) {
			issues.push({ path: 'validFrom', code: 'valid_from_out_of_order', version });
		}
	});
	if (issues.length > 0) return issues;
	for (const change of changes) {
		for (const issue of validateConfig(configAt(changes, change.validFrom))) {
			issues.push({ ...issue, version: change.version });
		}
	}
	return issues;
}
