/** A host's credit or debit as typed: direction, a duration (`1:30` or `90`), a reason. */
import { parseMinutes } from './duration-text';
import type { FieldError } from './plan-form';

export interface AdjustmentDraft {
	direction: 'credit' | 'debit';
	amount: string;
	reason: string;
}

export type AdjustmentCheck =
	| { ok: true; minutes: number; reason: string }
	| { ok: false; errors: Partial<Record<'amount' | 'reason', FieldError>> };

const MAX_MINUTES = 100_000;

export function checkAdjustment(draft: AdjustmentDraft): AdjustmentCheck {
	const errors: Partial<Record<'amount' | 'reason', FieldError>> = {};
	const minutes = parseMinutes(draft.amount);
	if (draft.amount.trim() === '') errors.amount = { kind: 'required' };
	else if (minutes === null) errors.amount = { kind: 'duration' };
	else if (minutes < 1 || minutes > MAX_MINUTES) {
		errors.amount = { kind: 'range', min: 1, max: MAX_MINUTES };
	}
	const reason = draft.reason.trim();
	if (reason === '') errors.reason = { kind: 'required' };
	else if (reason.length > 200) errors.reason = { kind: 'too_long', max: 200 };
	if (minutes === null || Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, minutes: draft.direction === 'credit' ? minutes : -minutes, reason };
}
