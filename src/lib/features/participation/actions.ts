/** The participation changes a screen makes, and the notice that says what happened. */
import type { ConfigValues } from '$lib/domain/participation/config';
import type { App, Outcome } from '$lib/state/app.svelte';
import { notices } from '$lib/state/notices.svelte';
import { errorMessage } from '$lib/ui/error-message';

/** A notice saying what happened: `done` when it worked, the refusal otherwise. */
export function announce(outcome: Outcome, done: string): boolean {
	if (outcome.ok) notices.push(done);
	else notices.push(errorMessage(outcome.error), 'error');
	return outcome.ok;
}

export interface Switches {
	optedOut: boolean;
	happyToBeAsked: boolean;
}

/** Both switches are sent together: the one not touched keeps its value. */
export const setSwitches = (app: App, spaceId: string, switches: Switches): Promise<Outcome> =>
	app.mutate('participation.prefs@1', { spaceId, ...switches });

/** The newcomer's answer; answering again keeps the same row (`welcomeId`). */
export const confirmWelcome = (
	app: App,
	spaceId: string,
	welcomeId: string | null,
	welcomerId: string | null
): Promise<Outcome> =>
	app.mutate('welcome.confirm@1', {
		spaceId,
		welcomeId: welcomeId ?? crypto.randomUUID(),
		welcomerId,
		at: new Date().toISOString()
	});

export const contestEntry = (
	app: App,
	spaceId: string,
	subject: string,
	reason: string
): Promise<Outcome> =>
	app.mutate('participation.contest@1', {
		spaceId,
		contestId: crypto.randomUUID(),
		subject,
		reason,
		at: new Date().toISOString()
	});

export const answerContest = (
	app: App,
	spaceId: string,
	contestId: string,
	resolution: string
): Promise<Outcome> => app.mutate('participation.resolve@1', { spaceId, contestId, resolution });

export const saveSettings = (
	app: App,
	spaceId: string,
	validFrom: string,
	values: ConfigValues
): Promise<Outcome> =>
	app.mutate('participation.settings@1', {
		spaceId,
		settingsId: crypto.randomUUID(),
		validFrom,
		values: values as Record<string, unknown>
	});
