import type { MutationErrorCode } from '$lib/domain/mutations/errors';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import { MutationError } from '$lib/domain/mutations/errors';
import { errorMessage } from '$lib/ui/error-message';
import { m } from '$lib/paraglide/messages';

const actions: Record<MutationName, () => string> = {
	'space.create@1': m.action_space_create,
	'membership.add@1': m.action_membership_add,
	'profile.presence@1': m.action_profile_presence,
	'profile.update@1': m.action_profile_update,
	'plan.create@1': m.action_plan_create,
	'contract.grant@1': m.action_contract_grant,
	'visit.start@1': m.action_visit_start,
	'visit.end@1': m.action_visit_end,
	'ritual.create@1': m.action_ritual_create,
	'signup.create@1': m.action_signup_create,
	'signup.cancel@1': m.action_signup_cancel,
	'invitation.create@1': m.action_invitation_create,
	'invitation.revoke@1': m.action_invitation_revoke,
	'membership.join@1': m.action_membership_join,
	'space.settings@1': m.action_space_settings,
	'space.rotateKey@1': m.action_space_rotatekey,
	'plan.update@1': m.action_plan_update,
	'plan.archive@1': m.action_plan_archive,
	'adjustment.create@1': m.action_adjustment_create,
	'topup.request@1': m.action_topup_request,
	'topup.close@1': m.action_topup_close,
	'visit.scan@1': m.action_visit_scan,
	'visit.startFor@1': m.action_visit_startfor,
	'visit.correct@1': m.action_visit_correct,
	'visit.confirm@1': m.action_visit_confirm
};

const todos: Partial<Record<MutationErrorCode, () => string>> = {
	forbidden: m.rejected_todo_forbidden,
	not_found: m.rejected_todo_not_found,
	conflict: m.rejected_todo_conflict,
	invalid_args: m.rejected_todo_invalid_args,
	unknown_mutation: m.rejected_todo_unknown_mutation
};

/** What the user reads about a change the server refused: what, why, and what to do. */
export function rejectionText(result: {
	name: string;
	code: MutationErrorCode | null;
	detail: string | null;
}): { title: string; todo: string } {
	const action = (actions[result.name as MutationName] ?? m.action_unknown)();
	const code = result.code ?? 'invalid_args';
	const detailPath = code === 'invalid_args' && result.detail ? result.detail : '';
	const reason = errorMessage(
		new MutationError(code, '', detailPath ? [{ path: detailPath, message: '' }] : [])
	);
	// A scan with a rotated or revoked poster key (`visit.scan@1`): say so, not just "refused".
	const todo = result.detail === 'qr_key' ? m.rejected_todo_qr_key : (todos[code] ?? (() => ''));
	return { title: m.rejected_item({ action, reason }), todo: todo() };
}
