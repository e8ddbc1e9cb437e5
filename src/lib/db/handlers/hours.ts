import { contractFromPlan } from '$lib/domain/contracts';
import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId } from '$lib/domain/types';
import type { LocalWriter } from '../writer';
import type { Handler } from './types';

async function planOf(writer: LocalWriter, spaceId: string, planId: string) {
	const plan = await writer.get('plans', planId);
	if (!plan || plan.spaceId !== spaceId) throw new MutationError('not_found', 'plan');
	return plan;
}

async function requireMember(writer: LocalWriter, spaceId: string, userId: string) {
	if (!(await writer.get('memberships', membershipId(spaceId, userId)))) {
		throw new MutationError('not_found', 'member');
	}
}

export const createPlan: Handler<'plan.create@1'> = async (writer, args) => {
	if (await writer.get('plans', args.planId)) throw new MutationError('conflict', 'plan exists');
	await writer.put('plans', {
		id: args.planId,
		spaceId: args.spaceId,
		name: args.name,
		kind: args.kind,
		hours: args.hours,
		validityDays: args.validityDays,
		rules: args.rules,
		archived: false
	});
};

/** Contracts already sold keep their copy of the rules (`contractFromPlan`). */
export const updatePlan: Handler<'plan.update@1'> = async (writer, args) => {
	const plan = await planOf(writer, args.spaceId, args.planId);
	await writer.put('plans', {
		...plan,
		name: args.name,
		hours: args.hours,
		validityDays: args.validityDays,
		rules: args.rules
	});
};

export const archivePlan: Handler<'plan.archive@1'> = async (writer, args) => {
	const plan = await planOf(writer, args.spaceId, args.planId);
	await writer.put('plans', { ...plan, archived: args.archived });
};

export const grantContract: Handler<'contract.grant@1'> = async (writer, args, { db, now }) => {
	const plan = await planOf(writer, args.spaceId, args.planId);
	await requireMember(writer, args.spaceId, args.userId);
	await writer.put('contracts', contractFromPlan(plan, args));
	const open = await db.topupRequests
		.where('[spaceId+userId]')
		.equals([args.spaceId, args.userId])
		.filter((request) => request.handledAt === null)
		.toArray();
	for (const request of open) await writer.put('topupRequests', { ...request, handledAt: now });
};

export const createAdjustment: Handler<'adjustment.create@1'> = async (
	writer,
	args,
	{ actorId, now }
) => {
	if (await writer.get('adjustments', args.adjustmentId)) {
		throw new MutationError('conflict', 'adjustment exists');
	}
	await requireMember(writer, args.spaceId, args.userId);
	if (args.contractId !== null) {
		const contract = await writer.get('contracts', args.contractId);
		if (!contract || contract.spaceId !== args.spaceId || contract.userId !== args.userId) {
			throw new MutationError('not_found', 'contract');
		}
	}
	await writer.put('adjustments', {
		id: args.adjustmentId,
		spaceId: args.spaceId,
		userId: args.userId,
		minutes: args.minutes,
		contractId: args.contractId,
		localDate: args.localDate,
		reason: args.reason,
		createdBy: actorId,
		createdAt: now
	});
};

export const requestTopup: Handler<'topup.request@1'> = async (writer, args, { actorId, now }) => {
	if (await writer.get('topupRequests', args.requestId)) {
		throw new MutationError('conflict', 'request exists');
	}
	if (args.planId !== null) await planOf(writer, args.spaceId, args.planId);
	await writer.put('topupRequests', {
		id: args.requestId,
		spaceId: args.spaceId,
		userId: actorId,
		planId: args.planId,
		note: args.note,
		createdAt: now,
		handledAt: null
	});
};

export const closeTopup: Handler<'topup.close@1'> = async (writer, args, { now }) => {
	const request = await writer.get('topupRequests', args.requestId);
	if (!request || request.spaceId !== args.spaceId) throw new MutationError('not_found', 'request');
	if (request.handledAt === null) await writer.put('topupRequests', { ...request, handledAt: now });
};
