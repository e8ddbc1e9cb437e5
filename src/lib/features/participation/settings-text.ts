/** The settings in words: each field's label, the form's errors, a changed value in the history. */
import { creditTypes, type CreditType } from '$lib/domain/participation/activity-types';
import { m } from '$lib/paraglide/messages';
import { activityName, levelLabel } from './level-text';
import { formatNumber, formatPercent } from './numbers';
import { settingsFields, type FieldGroup, type SettingsError } from './settings-form';

const named: Record<string, () => string> = {
	halfLifeDays: m.participation_setting_half_life,
	'thresholds.0': () => m.participation_setting_threshold({ level: levelLabel(1) }),
	'thresholds.1': () => m.participation_setting_threshold({ level: levelLabel(2) }),
	'thresholds.2': () => m.participation_setting_threshold({ level: levelLabel(3) }),
	'ceilings.0': () => m.participation_setting_ceiling({ level: levelLabel(1) }),
	'ceilings.1': () => m.participation_setting_ceiling({ level: levelLabel(2) }),
	'ceilings.2': () => m.participation_setting_ceiling({ level: levelLabel(3) }),
	windowDays: m.participation_setting_window,
	'alerts.cafFragile': m.participation_setting_caf_fragile,
	'alerts.cafWatch': m.participation_setting_caf_watch,
	'alerts.top1Fragile': m.participation_setting_top1,
	'alerts.staffDependency': m.participation_setting_staff_dependency,
	'alerts.singleHostShare': m.participation_setting_single_host,
	'alerts.showUp': m.participation_setting_show_up,
	'alerts.fragileCaf': m.participation_setting_fragile_caf,
	'alerts.firstRitualRate': m.participation_setting_first_ritual,
	'alerts.fragileMinReasons': m.participation_setting_min_reasons,
	'alerts.quietMonths': m.participation_setting_quiet_months
};

/** A setting's label; a path the form does not offer is shown as it is. */
export function settingLabel(path: string): string {
	const weight = /^weights\.(\w+)$/.exec(path);
	if (weight && creditTypes.includes(weight[1] as CreditType))
		return m.participation_setting_weight({ activity: activityName(weight[1] as CreditType) });
	return named[path]?.() ?? path;
}

const groupTitles: Record<FieldGroup, () => string> = {
	weights: m.participation_settings_group_weights,
	levels: m.participation_settings_group_levels,
	window: m.participation_settings_group_window,
	alerts: m.participation_settings_group_alerts
};
export const groupTitle = (group: FieldGroup): string => groupTitles[group]();

const errorTexts: Record<SettingsError, () => string> = {
	not_a_number: m.participation_error_not_a_number,
	not_an_integer: m.participation_error_not_an_integer,
	out_of_range: m.participation_error_out_of_range,
	not_increasing: m.participation_error_not_increasing,
	ceiling_below_threshold: m.participation_error_ceiling_below_threshold,
	below_privacy_floor: m.participation_error_below_privacy_floor,
	version_not_increasing: m.participation_error_version,
	valid_from_not_a_date: m.participation_error_valid_from_date,
	valid_from_out_of_order: m.participation_error_valid_from_order,
	in_past: m.participation_error_valid_from_past,
	nothing_changed: m.participation_error_nothing_changed
};
export const settingsErrorText = (code: SettingsError): string => errorTexts[code]();

const kindOf = new Map(settingsFields.map((field) => [field.path, field.kind]));

/** A value as the history shows it: a share as a percentage, an array as "1,5 · 4 · 8". */
export function settingValueText(path: string, value: unknown): string {
	if (Array.isArray(value)) return value.map((v) => settingValueText('', v)).join(' · ');
	if (typeof value !== 'number') return JSON.stringify(value);
	return kindOf.get(path) === 'percent' ? formatPercent(value) : formatNumber(value, 2);
}

/** A changed array (`thresholds`) is listed element by element, with each element's label. */
export function changedLines(changed: readonly { path: string; value: unknown }[]) {
	return changed.flatMap(({ path, value }) =>
		Array.isArray(value) && kindOf.has(`${path}.0`)
			? value.map((v, i) => ({
					label: settingLabel(`${path}.${i}`),
					value: settingValueText(`${path}.${i}`, v)
				}))
			: [{ label: settingLabel(path), value: settingValueText(path, value) }]
	);
}
