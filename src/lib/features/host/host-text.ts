/** How the host screens word statuses, balances, rules and form errors. */
import type { BillingRules, PlanKind } from '$lib/domain/types';
import { formatDuration } from '$lib/ui/format';
import { m } from '$lib/paraglide/messages';
import type { MemberStatus } from './member-rows';
import type { FieldError } from './plan-form';

export const statusLabel: Record<MemberStatus, () => string> = {
	staff: m.host_status_staff,
	unlimited: m.host_status_unlimited,
	ok: m.host_status_ok,
	low: m.host_status_low,
	overdraft: m.host_status_overdraft
};

export const kindLabel: Record<PlanKind, () => string> = {
	pack: m.plan_pack,
	monthly: m.plan_monthly,
	resident: m.plan_resident
};

/** "12 h 30 min", "−1 h 15 min", "Unlimited". */
export function balanceText(minutes: number): string {
	if (minutes === Infinity) return m.host_status_unlimited();
	const text = formatDuration(Math.abs(minutes) * 60);
	return minutes < 0 ? `−${text}` : text;
}

/** "in 15-min steps, rounded up, free under 10 min, minimum 60 min, cap of 8 h a day". */
export function rulesText(rules: BillingRules): string {
	const step = rules.rounding === 'up' ? m.plan_rule_up : m.plan_rule_nearest;
	const parts = [step({ increment: rules.incrementMinutes })];
	if (rules.graceMinutes > 0) parts.push(m.plan_rule_grace({ grace: rules.graceMinutes }));
	if (rules.minimumMinutes > 0) parts.push(m.plan_rule_minimum({ minimum: rules.minimumMinutes }));
	parts.push(
		rules.dailyCapMinutes === null
			? m.plan_rule_no_cap()
			: m.plan_rule_cap({ cap: formatDuration(rules.dailyCapMinutes * 60) })
	);
	return parts.join(', ');
}

export function fieldErrorText(error: FieldError | { kind: 'order' } | undefined): string {
	switch (error?.kind) {
		case undefined:
			return '';
		case 'required':
			return m.host_error_required();
		case 'too_long':
			return m.host_error_too_long({ max: error.max });
		case 'range':
			return m.host_error_range({ min: error.min, max: error.max });
		case 'duration':
			return m.host_error_duration();
		case 'order':
			return m.host_error_order();
	}
}

/** A row written by a change not yet synced (the `pending` mark of stored rows). */
export const isPending = (row: object): boolean =>
	(row as { pending?: number }).pending !== undefined;
