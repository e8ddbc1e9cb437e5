/** Checking a member in or out on their behalf (presence page, member page, kiosk). */
import type { App, Outcome } from '$lib/state/app.svelte';
import { notices } from '$lib/state/notices.svelte';
import type { Visit } from '$lib/domain/types';
import { errorMessage } from '$lib/ui/error-message';

export const checkInFor = (app: App, spaceId: string, userId: string): Promise<Outcome> =>
	app.mutate('visit.startFor@1', {
		spaceId,
		visitId: crypto.randomUUID(),
		userId,
		at: new Date().toISOString()
	});

export const checkOutFor = (app: App, visit: Pick<Visit, 'id' | 'spaceId'>): Promise<Outcome> =>
	app.mutate('visit.end@1', {
		spaceId: visit.spaceId,
		visitId: visit.id,
		at: new Date().toISOString()
	});

/** A notice saying what happened: `done` when it worked, the refusal otherwise. */
export function announce(outcome: Outcome, done: string): boolean {
	if (outcome.ok) notices.push(done);
	else notices.push(errorMessage(outcome.error), 'error');
	return outcome.ok;
}
