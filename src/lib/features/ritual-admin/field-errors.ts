/**
 * What is wrong with a field of the ritual forms (scheduling, occurrence change, proposals,
 * vocabulary), keyed by the field's path (`title`, `roles.1.slots`, `glossary.0.term`). The
 * translated sentences are in `field-error-text.ts`.
 */
import type { FieldError } from '$lib/features/host/plan-form';

export type RitualFieldError =
	| FieldError
	| { kind: 'date' }
	| { kind: 'time' }
	| { kind: 'end_before_start' }
	| { kind: 'too_short'; min: number }
	| { kind: 'no_days' }
	| { kind: 'until_before_start' }
	| { kind: 'no_occurrence' }
	| { kind: 'before_split'; date: string }
	| { kind: 'rule' }
	| { kind: 'too_many'; max: number }
	| { kind: 'none' }
	| { kind: 'unchanged' };

export type FieldErrors = Record<string, RitualFieldError>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A trimmed line of text: required or not, at most `max` characters. */
export function checkText(
	errors: FieldErrors,
	field: string,
	text: string,
	max: number,
	required: boolean
): string {
	const value = text.trim();
	if (required && value === '') errors[field] = { kind: 'required' };
	else if (value.length > max) errors[field] = { kind: 'too_long', max };
	return value;
}

/** A whole number typed in a field, within bounds (errors under `field`; 0 when wrong). */
export function checkWhole(
	errors: FieldErrors,
	field: string,
	text: string,
	min: number,
	max: number
): number {
	const trimmed = text.trim();
	if (trimmed === '') {
		errors[field] = { kind: 'required' };
		return 0;
	}
	const value = /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : NaN;
	if (!(value >= min && value <= max)) {
		errors[field] = { kind: 'range', min, max };
		return 0;
	}
	return value;
}

/** The first invalid field of a form (radio groups mark their first button), to focus it. */
export const invalidField = '[aria-invalid="true"], [data-invalid]';
