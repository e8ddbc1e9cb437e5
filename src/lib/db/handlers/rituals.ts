import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId } from '$lib/domain/types';
import type { Handler } from './types';

export const createRitual: Handler<'ritual.create@1'> = async (writer, args) => {
	if (await writer.get('rituals', args.ritualId))
		throw new MutationError('conflict', 'ritual exists');
	if (
		args.leadUserId &&
		!(await writer.get('memberships', membershipId(args.spaceId, args.leadUserId)))
	) {
		throw new MutationError('not_found', 'lead');
	}
	await writer.put('rituals', {
		id: args.ritualId,
		spaceId: args.spaceId,
		kind: args.kind,
		title: args.title,
		description: args.description,
		place: args.place,
		durationMinutes: args.durationMinutes,
		capacity: args.capacity,
		rrule: args.rrule,
		startsAt: args.startsAt,
		roles: args.roles,
		leadUserId: args.leadUserId
	});
};

export const createSignup: Handler<'signup.create@1'> = async (writer, args, { actorId }) => {
	const ritual = await writer.get('rituals', args.ritualId);
	if (!ritual || ritual.spaceId !== args.spaceId) throw new MutationError('not_found', 'ritual');
	if (args.roleKey !== null && !ritual.roles.some((role) => role.key === args.roleKey)) {
		throw new MutationError('invalid_args', 'unknown role', [
			{ path: 'roleKey', message: 'unknown role' }
		]);
	}
	if (await writer.get('signups', args.signupId))
		throw new MutationError('conflict', 'signup exists');
	await writer.put('signups', {
		id: args.signupId,
		spaceId: args.spaceId,
		ritualId: args.ritualId,
		occurrence: args.occurrence,
		userId: actorId,
		roleKey: args.roleKey,
		note: args.note,
		cancelled: false,
		createdAt: args.at
	});
};

export const cancelSignup: Handler<'signup.cancel@1'> = async (writer, args, { actorId }) => {
	const signup = await writer.get('signups', args.signupId);
	if (!signup || signup.spaceId !== args.spaceId) throw new MutationError('not_found', 'signup');
	if (signup.userId !== actorId) throw new MutationError('forbidden', 'not your signup');
	await writer.put('signups', { ...signup, cancelled: true });
};
