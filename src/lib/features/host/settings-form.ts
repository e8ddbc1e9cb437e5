/** The space settings form as typed, and its checks (the catalogue's limits, field by field). */
import type { Space } from '$lib/domain/types';
import { formatHoursMinutes, parseMinutes } from './duration-text';
import { wholeNumber, type FieldError } from './plan-form';

export interface SettingsDraft {
	capacity: string;
	openingTime: string;
	closingTime: string;
	/** `1:00` or `60`. */
	lowThreshold: string;
	overdraftLimited: boolean;
	overdraftLimit: string;
}

export type SettingsField = Exclude<keyof SettingsDraft, 'overdraftLimited'>;

export interface SettingsValues {
	capacity: number;
	openingTime: string;
	closingTime: string;
	lowThresholdMinutes: number;
	overdraftLimitMinutes: number | null;
}

export type SettingsCheck =
	| { ok: true; value: SettingsValues }
	| { ok: false; errors: Partial<Record<SettingsField, FieldError | { kind: 'order' }>> };

export const settingsDraftOf = (space: Space): SettingsDraft => ({
	capacity: String(space.capacity),
	openingTime: space.openingTime,
	closingTime: space.closingTime,
	lowThreshold: formatHoursMinutes(space.lowThresholdMinutes),
	overdraftLimited: space.overdraftLimitMinutes !== null,
	overdraftLimit: formatHoursMinutes(space.overdraftLimitMinutes ?? 600)
});

const clockTime = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_MINUTES = 100_000;

function duration(text: string): { value: number } | { error: FieldError } {
	const value = parseMinutes(text);
	if (value === null) return { error: { kind: 'duration' } };
	if (value > MAX_MINUTES) return { error: { kind: 'range', min: 0, max: MAX_MINUTES } };
	return { value };
}

export function checkSettingsDraft(draft: SettingsDraft): SettingsCheck {
	const errors: Partial<Record<SettingsField, FieldError | { kind: 'order' }>> = {};
	const capacity = wholeNumber(draft.capacity, 1, 10_000);
	if ('error' in capacity) errors.capacity = capacity.error;
	if (!clockTime.test(draft.openingTime)) errors.openingTime = { kind: 'required' };
	if (!clockTime.test(draft.closingTime)) errors.closingTime = { kind: 'required' };
	else if (!errors.openingTime && draft.openingTime >= draft.closingTime) {
		errors.closingTime = { kind: 'order' };
	}
	const low = duration(draft.lowThreshold);
	if ('error' in low) errors.lowThreshold = low.error;
	const limit = draft.overdraftLimited ? duration(draft.overdraftLimit) : { value: null };
	if ('error' in limit) errors.overdraftLimit = limit.error;
	if ('error' in capacity || 'error' in low || 'error' in limit || Object.keys(errors).length > 0) {
		return { ok: false, errors };
	}
	return {
		ok: true,
		value: {
			capacity: capacity.value,
			openingTime: draft.openingTime,
			closingTime: draft.closingTime,
			lowThresholdMinutes: low.value,
			overdraftLimitMinutes: limit.value
		}
	};
}
