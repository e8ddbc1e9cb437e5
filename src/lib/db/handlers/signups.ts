import { MutationError } from '$lib/domain/mutations/errors';
import type { Ritual, Signup } from '$lib/domain/types';
import type { Stored } from '../database';
import type { LocalWriter } from '../writer';
import {
	changeOf,
	checkRole,
	isOccurrenceOf,
	ritualIn,
	startInstant,
	zoneOf
} from './ritual-rules';
import type { Handler, HandlerContext } from './types';

/**
 * Sign-ups: a member's request for a place at one occurrence. Places are given in the server's
 * commit order (`rank`), so an optimistic sign-up has none until the server stamps it; a device
 * that is its own authority (the demo) stamps one from its counter (`LocalWriter.rank`).
 */

/** How many splits a sign-up follows at most to the series that carries on (as the server). */
const MAX_HOPS = 100;

/** The series that holds `occurrence`: the named one, or the one a split continued it with. */
async function seriesOf(
	writer: LocalWriter,
	spaceId: string,
	ritualId: string,
	occurrence: string
): Promise<Stored<Ritual>> {
	let ritual = await ritualIn(writer, spaceId, ritualId);
	for (let hop = 0; hop < MAX_HOPS; hop++) {
		const { endsBefore, continuedBy } = ritual;
		if (continuedBy === null || endsBefore === null || occurrence < endsBefore) break;
		ritual = await ritualIn(writer, spaceId, continuedBy);
	}
	return ritual;
}

/** The occurrence must exist, not be cancelled, and not have started at `at`. */
async function openOccurrence(
	writer: LocalWriter,
	{ db }: HandlerContext,
	ritual: Ritual,
	occurrence: string,
	at: string
): Promise<void> {
	if (!isOccurrenceOf(ritual, occurrence)) throw new MutationError('not_found', 'occurrence');
	const change = await changeOf(db, ritual.id, occurrence);
	if (change?.cancelled) throw new MutationError('conflict', 'cancelled');
	await notStarted(writer, ritual.spaceId, occurrence, change, at);
}

async function notStarted(
	writer: LocalWriter,
	spaceId: string,
	occurrence: string,
	change: { startsAt: string | null } | undefined,
	at: string
): Promise<void> {
	const startsAt = startInstant(occurrence, change, await zoneOf(writer, spaceId));
	if (Date.parse(at) >= Date.parse(startsAt)) throw new MutationError('forbidden', 'too_late');
}

export const createSignup: Handler<'signup.create@1'> = async (writer, args, context) => {
	const ritual = await seriesOf(writer, args.spaceId, args.ritualId, args.occurrence);
	await openOccurrence(writer, context, ritual, args.occurrence, args.at);
	checkRole(ritual.roles, args.roleKey, 'roleKey');
	if (await writer.get('signups', args.signupId)) {
		throw new MutationError('conflict', 'signup exists');
	}
	const taken = await context.db.signups
		.where('[ritualId+occurrence]')
		.equals([ritual.id, args.occurrence])
		.filter((signup) => signup.userId === context.actorId && !signup.cancelled)
		.count();
	if (taken > 0) throw new MutationError('conflict', 'already signed up');
	const rank = await writer.rank();
	await writer.put('signups', {
		id: args.signupId,
		spaceId: args.spaceId,
		ritualId: ritual.id,
		occurrence: args.occurrence,
		userId: context.actorId,
		roleKey: args.roleKey,
		note: args.note,
		cancelled: false,
		createdAt: args.at,
		rank,
		roleRank: rank
	});
};

async function ownSignup(
	writer: LocalWriter,
	spaceId: string,
	signupId: string,
	actorId: string
): Promise<Stored<Signup>> {
	const signup = await writer.get('signups', signupId);
	if (!signup || signup.spaceId !== spaceId) throw new MutationError('not_found', 'signup');
	if (signup.userId !== actorId) throw new MutationError('forbidden', 'not your signup');
	return signup;
}

/** A new role or note keeps the place; a new role queues anew for its slots (`roleRank`). */
export const updateSignup: Handler<'signup.update@1'> = async (writer, args, context) => {
	const signup = await ownSignup(writer, args.spaceId, args.signupId, context.actorId);
	if (signup.cancelled) throw new MutationError('conflict', 'cancelled');
	const ritual = await ritualIn(writer, args.spaceId, signup.ritualId);
	const change = await changeOf(context.db, ritual.id, signup.occurrence);
	if (change?.cancelled) throw new MutationError('conflict', 'cancelled');
	await notStarted(writer, args.spaceId, signup.occurrence, change, context.now);
	checkRole(ritual.roles, args.roleKey, 'roleKey');
	if (args.roleKey === signup.roleKey && args.note === signup.note) return;
	const roleRank = args.roleKey === signup.roleKey ? signup.roleRank : await writer.rank();
	await writer.put('signups', { ...signup, roleKey: args.roleKey, note: args.note, roleRank });
};

/**
 * Until the occurrence starts, judged by the device's time of the cancellation (`at`, else now),
 * so a cancellation made offline before the start counts. Cancelling twice changes nothing.
 */
export const cancelSignup: Handler<'signup.cancel@1'> = async (writer, args, context) => {
	const signup = await ownSignup(writer, args.spaceId, args.signupId, context.actorId);
	const change = await changeOf(context.db, signup.ritualId, signup.occurrence);
	await notStarted(writer, args.spaceId, signup.occurrence, change, args.at ?? context.now);
	if (!signup.cancelled) await writer.put('signups', { ...signup, cancelled: true });
};
