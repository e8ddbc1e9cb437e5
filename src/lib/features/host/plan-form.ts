/**
 * The plan form as typed (strings), its defaults (`domain.md`: 15 min rounded up, grace 10,
 * minimum 0, no daily cap) and its checks, field by field, with the catalogue's limits.
 */
import type { BillingRules, Plan, PlanKind, Rounding } from '$lib/domain/types';
import { formatHoursMinutes, parseMinutes } from './duration-text';

export interface PlanDraft {
	name: string;
	kind: PlanKind;
	hours: string;
	validityDays: string;
	incrementMinutes: string;
	rounding: Rounding;
	graceMinutes: string;
	minimumMinutes: string;
	capped: boolean;
	/** `8:00` or `480`. */
	dailyCap: string;
}

export type PlanField = Exclude<keyof PlanDraft, 'kind' | 'rounding' | 'capped'>;

export type FieldError =
	| { kind: 'required' }
	| { kind: 'too_long'; max: number }
	| { kind: 'range'; min: number; max: number }
	| { kind: 'duration' };

export interface PlanValues {
	name: string;
	kind: PlanKind;
	hours: number | null;
	validityDays: number | null;
	rules: BillingRules;
}

export type PlanCheck =
	{ ok: true; value: PlanValues } | { ok: false; errors: Partial<Record<PlanField, FieldError>> };

export const newPlanDraft = (): PlanDraft => ({
	name: '',
	kind: 'pack',
	hours: '10',
	validityDays: '90',
	incrementMinutes: '15',
	rounding: 'up',
	graceMinutes: '10',
	minimumMinutes: '0',
	capped: false,
	dailyCap: '8:00'
});

export const planDraftOf = (plan: Plan): PlanDraft => ({
	name: plan.name,
	kind: plan.kind,
	hours: plan.hours === null ? '' : String(plan.hours),
	validityDays: plan.validityDays === null ? '' : String(plan.validityDays),
	incrementMinutes: String(plan.rules.incrementMinutes),
	rounding: plan.rules.rounding,
	graceMinutes: String(plan.rules.graceMinutes),
	minimumMinutes: String(plan.rules.minimumMinutes),
	capped: plan.rules.dailyCapMinutes !== null,
	dailyCap: formatHoursMinutes(plan.rules.dailyCapMinutes ?? 480)
});

/** A whole number typed in a field, within bounds. */
export function wholeNumber(
	text: string,
	min: number,
	max: number
): { value: number } | { error: FieldError } {
	const trimmed = text.trim();
	if (trimmed === '') return { error: { kind: 'required' } };
	if (!/^\d+$/.test(trimmed)) return { error: { kind: 'range', min, max } };
	const value = Number(trimmed);
	return value < min || value > max ? { error: { kind: 'range', min, max } } : { value };
}

export function checkPlanDraft(draft: PlanDraft): PlanCheck {
	const errors: Partial<Record<PlanField, FieldError>> = {};
	const number = (field: PlanField, min: number, max: number): number => {
		const result = wholeNumber(draft[field], min, max);
		if ('error' in result) {
			errors[field] = result.error;
			return 0;
		}
		return result.value;
	};
	const name = draft.name.trim();
	if (name === '') errors.name = { kind: 'required' };
	else if (name.length > 80) errors.name = { kind: 'too_long', max: 80 };
	const hours = draft.kind === 'resident' ? null : number('hours', 1, 10_000);
	const validityDays = draft.kind === 'pack' ? number('validityDays', 1, 3660) : null;
	const incrementMinutes = number('incrementMinutes', 1, 1440);
	const graceMinutes = number('graceMinutes', 0, 1440);
	const minimumMinutes = number('minimumMinutes', 0, 1440);
	let dailyCapMinutes: number | null = null;
	if (draft.capped) {
		dailyCapMinutes = parseMinutes(draft.dailyCap);
		if (dailyCapMinutes === null) errors.dailyCap = { kind: 'duration' };
		else if (dailyCapMinutes < 1 || dailyCapMinutes > 1440) {
			errors.dailyCap = { kind: 'range', min: 1, max: 1440 };
		}
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return {
		ok: true,
		value: {
			name,
			kind: draft.kind,
			hours,
			validityDays,
			rules: {
				incrementMinutes,
				rounding: draft.rounding,
				graceMinutes,
				minimumMinutes,
				dailyCapMinutes
			}
		}
	};
}
