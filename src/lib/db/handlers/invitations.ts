import { MutationError } from '$lib/domain/mutations/errors';
import type { Handler } from './types';

export const createInvitation: Handler<'invitation.create@1'> = async (
	writer,
	args,
	{ actorId, now }
) => {
	if (await writer.get('invitations', args.invitationId)) {
		throw new MutationError('conflict', 'invitation exists');
	}
	await writer.put('invitations', {
		id: args.invitationId,
		spaceId: args.spaceId,
		code: args.code,
		createdBy: actorId,
		createdAt: now,
		expiresAt: args.expiresAt,
		maxUses: args.maxUses,
		uses: 0,
		revoked: false
	});
};

export const revokeInvitation: Handler<'invitation.revoke@1'> = async (writer, args) => {
	const invitation = await writer.get('invitations', args.invitationId);
	if (!invitation || invitation.spaceId !== args.spaceId) {
		throw new MutationError('not_found', 'invitation');
	}
	await writer.put('invitations', { ...invitation, revoked: true });
};

/**
 * Joining needs the server (only it knows the code's space): nothing changes on the device until
 * the push answers with the space, which the next pull brings.
 */
export const joinSpace: Handler<'membership.join@1'> = async () => {};
