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
	'visit.confirm@1': m.action_visit_confirm,
	'ritual.update@1': m.action_ritual_update,
	'ritual.split@1': m.action_ritual_split,
	'ritual.end@1': m.action_ritual_end,
	'occurrence.change@1': m.action_occurrence_change,
	'signup.update@1': m.action_signup_update,
	'proposal.create@1': m.action_proposal_create,
	'proposal.withdraw@1': m.action_proposal_withdraw,
	'proposal.accept@1': m.action_proposal_accept,
	'proposal.decline@1': m.action_proposal_decline,
	'attendance.mark@1': m.action_attendance_mark,
	'space.vocabulary@1': m.action_space_vocabulary,
	'welcome.confirm@1': m.action_welcome_confirm,
	'participation.prefs@1': m.action_participation_prefs,
	'participation.contest@1': m.action_participation_contest,
	'participation.resolve@1': m.action_participation_resolve,
	'participation.settings@1': m.action_participation_settings
};

const todos: Partial<Record<MutationErrorCode, () => string>> = {
	forbidden: m.rejected_todo_forbidden,
	not_found: m.rejected_todo_not_found,
	conflict: m.rejected_todo_conflict,
	invalid_args: m.rejected_todo_invalid_args,
	unknown_mutation: m.rejected_todo_unknown_mutation
};

type Explained = { reason: () => string; todo?: () => string };

/** Rules that refuse with a detail of their own (`docs/rituals.md`, "Mutations and their refusals"). */
const details: Record<string, Explained> = {
	too_late: { reason: m.rejected_detail_too_late, todo: m.rejected_todo_too_late },
	cancelled: { reason: m.rejected_detail_cancelled, todo: m.rejected_todo_cancelled },
	'already signed up': {
		reason: m.rejected_detail_already_signed_up,
		todo: m.rejected_todo_already_signed_up
	},
	occurrence: { reason: m.rejected_detail_occurrence, todo: m.rejected_todo_occurrence },
	ritual: { reason: m.rejected_detail_ritual },
	signup: { reason: m.rejected_detail_signup },
	'not your signup': { reason: m.rejected_detail_not_yours },
	'not your proposal': { reason: m.rejected_detail_not_yours },
	decided: { reason: m.rejected_detail_decided, todo: m.rejected_todo_decided },
	not_started: { reason: m.rejected_detail_not_started, todo: m.rejected_todo_not_started },
	continued: { reason: m.rejected_detail_continued, todo: m.rejected_todo_continued },
	lead: { reason: m.rejected_detail_lead },
	member: { reason: m.rejected_detail_member },
	proposal: { reason: m.rejected_detail_proposal }
};
const unknownRole: Explained = { reason: m.rejected_detail_role, todo: m.rejected_todo_role };

/**
 * The reason and what to do for a refusal whose detail names a rule (`too_late`, `cancelled`…),
 * or null when the code's general sentence is all there is to say.
 */
export function refusalText(
	code: MutationErrorCode,
	detail: string | null
): { reason: string; todo: string } | null {
	if (!detail) return null;
	// A role that is no longer the ritual's: `roleKey`, or `entries.3.roleKey` in a list.
	const explained =
		code === 'invalid_args' && /(^|\.)roleKey$|unknown role/.test(detail)
			? unknownRole
			: Object.hasOwn(details, detail)
				? details[detail]
				: undefined;
	return explained ? { reason: explained.reason(), todo: explained.todo?.() ?? '' } : null;
}

/** What the user reads about a change the server refused: what, why, and what to do. */
export function rejectionText(result: {
	name: string;
	code: MutationErrorCode | null;
	detail: string | null;
}): { title: string; todo: string } {
	const action = (actions[result.name as MutationName] ?? m.action_unknown)();
	const code = result.code ?? 'invalid_args';
	const explained = refusalText(code, result.detail);
	if (explained) {
		const todo = explained.todo || (todos[code] ?? (() => ''))();
		return { title: m.rejected_item({ action, reason: explained.reason }), todo };
	}
	const detailPath = code === 'invalid_args' && result.detail ? result.detail : '';
	const reason = errorMessage(
		new MutationError(code, '', detailPath ? [{ path: detailPath, message: '' }] : [])
	);
	// A scan with a rotated or revoked poster key (`visit.scan@1`): say so, not just "refused".
	const todo = result.detail === 'qr_key' ? m.rejected_todo_qr_key : (todos[code] ?? (() => ''));
	return { title: m.rejected_item({ action, reason }), todo: todo() };
}
