/** A member's sign-up changes: made on the device at once (offline too), synced later. */
import type { App, Outcome } from '$lib/state/app.svelte';
import { notices } from '$lib/state/notices.svelte';
import type { MutationError } from '$lib/domain/mutations/errors';
import { errorMessage } from '$lib/ui/error-message';
import { refusalText } from '$lib/features/sync/rejection-text';

export interface SignupTarget {
	spaceId: string;
	ritualId: string;
	/** The occurrence's key (its original local start). */
	key: string;
}

export const signUp = (
	app: App,
	target: SignupTarget,
	roleKey: string | null,
	note: string
): Promise<Outcome> =>
	app.mutate('signup.create@1', {
		spaceId: target.spaceId,
		signupId: crypto.randomUUID(),
		ritualId: target.ritualId,
		occurrence: target.key,
		roleKey,
		note: note.trim(),
		at: new Date().toISOString()
	});

export const updateSignup = (
	app: App,
	spaceId: string,
	signupId: string,
	roleKey: string | null,
	note: string
): Promise<Outcome> =>
	app.mutate('signup.update@1', { spaceId, signupId, roleKey, note: note.trim() });

/** Cancelling counts at the device's time: made offline before the start, it is in time. */
export const cancelSignup = (app: App, spaceId: string, signupId: string): Promise<Outcome> =>
	app.mutate('signup.cancel@1', { spaceId, signupId, at: new Date().toISOString() });

/** Why a sign-up change was refused here, in words (the rule's own reason when it has one). */
export function signupErrorText(error: MutationError): string {
	const explained = refusalText(error.code, error.detail);
	return explained
		? [explained.reason, explained.todo].filter(Boolean).join(' ')
		: errorMessage(error);
}

/** A notice saying what happened: `done` when it worked, why not otherwise. */
export function announce(outcome: Outcome, done: string): boolean {
	if (outcome.ok) notices.push(done);
	else notices.push(signupErrorText(outcome.error), 'error');
	return outcome.ok;
}
