import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId, type Proposal } from '$lib/domain/types';
import type { Stored } from '../database';
import type { LocalWriter } from '../writer';
import type { Handler } from './types';

/** Proposals: a member's idea of a ritual, open until a host accepts or declines it. */

export const createProposal: Handler<'proposal.create@1'> = async (writer, args, { actorId }) => {
	if (await writer.get('proposals', args.proposalId)) {
		throw new MutationError('conflict', 'proposal exists');
	}
	await writer.put('proposals', {
		id: args.proposalId,
		spaceId: args.spaceId,
		userId: actorId,
		kind: args.kind,
		title: args.title,
		description: args.description,
		place: args.place,
		durationMinutes: args.durationMinutes,
		rrule: args.rrule,
		startsAt: args.startsAt,
		roles: args.roles,
		willLead: args.willLead,
		status: 'open',
		response: '',
		ritualId: null,
		createdAt: args.at,
		decidedAt: null
	});
};

/** An open proposal of the space (`not_found: proposal`, `conflict: decided`). */
async function openProposal(
	writer: LocalWriter,
	spaceId: string,
	proposalId: string
): Promise<Stored<Proposal>> {
	const proposal = await writer.get('proposals', proposalId);
	if (!proposal || proposal.spaceId !== spaceId) throw new MutationError('not_found', 'proposal');
	return proposal;
}

function stillOpen(proposal: Proposal): void {
	if (proposal.status !== 'open') throw new MutationError('conflict', 'decided');
}

export const withdrawProposal: Handler<'proposal.withdraw@1'> = async (
	writer,
	args,
	{ actorId, now }
) => {
	const proposal = await openProposal(writer, args.spaceId, args.proposalId);
	if (proposal.userId !== actorId) throw new MutationError('forbidden', 'not your proposal');
	stillOpen(proposal);
	await writer.put('proposals', { ...proposal, status: 'withdrawn', decidedAt: now });
};

/**
 * It becomes the series `ritualId` with the details as the host settled them, led by the
 * proposer when they offered to (and are still a member), and linked to the proposal
 * (participation credits the proposer).
 */
export const acceptProposal: Handler<'proposal.accept@1'> = async (writer, args, { now }) => {
	const proposal = await openProposal(writer, args.spaceId, args.proposalId);
	stillOpen(proposal);
	if (await writer.get('rituals', args.ritualId)) {
		throw new MutationError('conflict', 'ritual exists');
	}
	const proposer = proposal.userId;
	const leads =
		proposal.willLead &&
		proposer !== null &&
		(await writer.get('memberships', membershipId(args.spaceId, proposer))) !== undefined;
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
		leadUserId: leads ? proposer : null,
		endsBefore: null,
		endMessage: '',
		continuedBy: null,
		proposalId: proposal.id
	});
	await writer.put('proposals', {
		...proposal,
		status: 'accepted',
		response: args.message,
		ritualId: args.ritualId,
		decidedAt: now
	});
};

export const declineProposal: Handler<'proposal.decline@1'> = async (writer, args, { now }) => {
	const proposal = await openProposal(writer, args.spaceId, args.proposalId);
	stillOpen(proposal);
	await writer.put('proposals', {
		...proposal,
		status: 'declined',
		response: args.message,
		decidedAt: now
	});
};
