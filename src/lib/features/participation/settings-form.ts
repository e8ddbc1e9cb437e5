/**
 * The hosts' settings form: the fields it offers, their drafts, and the dated change a submit
 * makes: `values` names only what differs from the settings in force on `validFrom` (among the
 * fields the host edited), checked with `validateConfig` before anything is sent.
 */
import { creditTypes } from '$lib/domain/participation/activity-types';
import {
	configAt,
	configChangesFrom,
	withValues,
	type ConfigChange,
	type ConfigValues,
	type ParticipationConfig,
	type SettingsRow
} from '$lib/domain/participation/config';
import {
	validateConfig,
	validateConfigChanges,
	type ConfigErrorCode
} from '$lib/domain/participation/config-validation';

/** `percent`: a share 0-1 typed as a percentage; `integer`: days, months, counts. */
export type FieldKind = 'number' | 'integer' | 'percent';
export type FieldGroup = 'weights' | 'levels' | 'window' | 'alerts';

export interface SettingsField {
	path: string;
	kind: FieldKind;
	group: FieldGroup;
}

export const settingsFields: readonly SettingsField[] = [
	...creditTypes.map((type) => ({
		path: `weights.${type}`,
		kind: 'number' as const,
		group: 'weights' as const
	})),
	{ path: 'halfLifeDays', kind: 'integer', group: 'levels' },
	{ path: 'thresholds.0', kind: 'number', group: 'levels' },
	{ path: 'thresholds.1', kind: 'number', group: 'levels' },
	{ path: 'thresholds.2', kind: 'number', group: 'levels' },
	{ path: 'ceilings.0', kind: 'number', group: 'levels' },
	{ path: 'ceilings.1', kind: 'number', group: 'levels' },
	{ path: 'ceilings.2', kind: 'number', group: 'levels' },
	{ path: 'windowDays', kind: 'integer', group: 'window' },
	{ path: 'alerts.cafFragile', kind: 'integer', group: 'alerts' },
	{ path: 'alerts.cafWatch', kind: 'integer', group: 'alerts' },
	{ path: 'alerts.top1Fragile', kind: 'percent', group: 'alerts' },
	{ path: 'alerts.staffDependency', kind: 'percent', group: 'alerts' },
	{ path: 'alerts.singleHostShare', kind: 'percent', group: 'alerts' },
	{ path: 'alerts.showUp', kind: 'percent', group: 'alerts' },
	{ path: 'alerts.fragileCaf', kind: 'integer', group: 'alerts' },
	{ path: 'alerts.firstRitualRate', kind: 'percent', group: 'alerts' },
	{ path: 'alerts.fragileMinReasons', kind: 'integer', group: 'alerts' },
	{ path: 'alerts.quietMonths', kind: 'integer', group: 'alerts' }
];

/** The value at a dotted path (`thresholds.1`, `alerts.showUp`). */
export function valueAt(config: unknown, path: string): unknown {
	let value = config;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** A setting as the field shows it (a share as a percentage), with the reader's decimal separator. */
export function draftOf(value: number, kind: FieldKind, separator = '.'): string {
	const shown = kind === 'percent' ? round(value * 100) : value;
	return String(shown).replace('.', separator);
}

export function draftsOf(config: ParticipationConfig, separator = '.'): Record<string, string> {
	return Object.fromEntries(
		settingsFields.map((field) => [
			field.path,
			draftOf(valueAt(config, field.path) as number, field.kind, separator)
		])
	);
}

/** A typed value ("0,5", "60") as the setting's number; NaN when it is not one. */
export function parseDraft(text: string, kind: FieldKind): number {
	const clean = text.trim().replace(/\s/g, '').replace(',', '.');
	if (!/^-?(\d+\.?\d*|\.\d+)$/.test(clean)) return NaN;
	const value = Number(clean);
	return kind === 'percent' ? round(value / 100) : value;
}

/** `values` with `path` set, arrays copied whole from `from` (a change replaces an array). */
function setAt(values: Record<string, unknown>, path: string, value: number, from: unknown): void {
	const keys = path.split('.');
	let target = values;
	let source = from;
	for (const [i, key] of keys.entries()) {
		const last = i === keys.length - 1;
		source = (source as Record<string, unknown>)[key];
		if (last) {
			target[key] = value;
			break;
		}
		if (!(key in target)) target[key] = Array.isArray(source) ? [...source] : {};
		target = target[key] as Record<string, unknown>;
	}
}

export type SettingsError = ConfigErrorCode | 'in_past' | 'nothing_changed';

export interface SettingsChangeInput {
	drafts: Readonly<Record<string, string>>;
	/** What the form started from: the settings in force today. */
	base: ParticipationConfig;
	rows: readonly SettingsRow[];
	validFrom: string;
	today: string;
}

export interface SettingsChange {
	values: ConfigValues;
	/** By field path, and `validFrom`; `form` when nothing would change. */
	errors: Record<string, SettingsError>;
}

const isDate = (date: string) =>
	/^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

export function settingsChange(input: SettingsChangeInput): SettingsChange {
	const { drafts, base, validFrom, today } = input;
	const errors: Record<string, SettingsError> = {};
	if (!isDate(validFrom)) errors.validFrom = 'valid_from_not_a_date';
	else if (validFrom < today) errors.validFrom = 'in_past';
	const changes: ConfigChange[] = configChangesFrom(input.rows);
	const inForce = isDate(validFrom) ? configAt(changes, validFrom) : base;

	const values: Record<string, unknown> = {};
	for (const field of settingsFields) {
		const value = parseDraft(drafts[field.path] ?? '', field.kind);
		if (Number.isNaN(value)) {
			errors[field.path] = 'not_a_number';
			continue;
		}
		const edited = value !== valueAt(base, field.path);
		if (edited && value !== valueAt(inForce, field.path)) setAt(values, field.path, value, inForce);
	}
	const candidate = withValues(inForce, values as ConfigValues);
	for (const issue of validateConfig(candidate)) errors[issue.path] ??= issue.code;
	if (!errors.validFrom && isDate(validFrom)) {
		const next = { version: changes.length + 1, validFrom, values: values as ConfigValues };
		const issue = validateConfigChanges([...changes, next]).find(
			(i) => i.path === 'validFrom' && i.version === next.version
		);
		if (issue) errors.validFrom = issue.code;
	}
	if (Object.keys(errors).length === 0 && Object.keys(values).length === 0)
		errors.form = 'nothing_changed';
	return { values: values as ConfigValues, errors };
}

export interface SettingsVersion {
	version: number;
	validFrom: string;
	createdAt: string;
	/** Each setting the version changed, with its new value. */
	changed: { path: string; value: unknown }[];
	/** `upcoming`: applies from a later date; `current`: the latest applying today. */
	state: 'past' | 'current' | 'upcoming';
}

function flatten(values: unknown, prefix = ''): { path: string; value: unknown }[] {
	if (typeof values !== 'object' || values === null || Array.isArray(values))
		return [{ path: prefix, value: values }];
	return Object.entries(values).flatMap(([key, value]) =>
		flatten(value, prefix ? `${prefix}.${key}` : key)
	);
}

/** The versions of the settings, newest first, for the history hosts and members read. */
export function settingsVersions(rows: readonly SettingsRow[], today: string): SettingsVersion[] {
	const changes = configChangesFrom(rows);
	const created = [...rows].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	const applying = changes.filter((c) => c.validFrom <= today);
	const current = applying.at(-1)?.version;
	return changes
		.map((change, i) => ({
			version: change.version,
			validFrom: change.validFrom,
			createdAt: created[i]!.createdAt,
			changed: flatten(change.values),
			state:
				change.validFrom > today
					? ('upcoming' as const)
					: change.version === current
						? ('current' as const)
						: ('past' as const)
		}))
		.reverse();
}
