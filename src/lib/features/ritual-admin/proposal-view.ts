/** Proposals as hosts and proposers see them: open ones first, and the checked host's answer. */
import type { Proposal } from '$lib/domain/types';
import { checkText, type Checked, type FieldErrors } from './field-errors';
import { MAX_MESSAGE } from './occurrence-change';

/** Open proposals, oldest first (waiting longest); then decided ones, latest decision first. */
export function proposalGroups<P extends Proposal>(proposals: readonly P[]) {
	const open = proposals
		.filter((p) => p.status === 'open')
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	const decided = proposals
		.filter((p) => p.status !== 'open')
		.sort((a, b) => (b.decidedAt ?? b.createdAt).localeCompare(a.decidedAt ?? a.createdAt));
	return { open, decided };
}

/** One member's proposals, latest first. */
export const proposalsBy = <P extends Proposal>(proposals: readonly P[], userId: string): P[] =>
	proposals
		.filter((p) => p.userId === userId)
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** Declining needs a message saying why (the proposer reads it). */
export function checkDecline(message: string): Checked<string> {
	const errors: FieldErrors = {};
	const value = checkText(errors, 'message', message, MAX_MESSAGE, true);
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** An optional message to those concerned (accepting, splitting, ending a series). */
export function checkMessage(message: string): Checked<string> {
	const errors: FieldErrors = {};
	const value = checkText(errors, 'message', message, MAX_MESSAGE, false);
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
