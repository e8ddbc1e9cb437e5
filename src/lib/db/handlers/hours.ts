import { contractFromPlan } from '$lib/domain/contracts';
import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId } from '$lib/domain/types';
import type { Handler } from './types';

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

export const grantContract: Handler<'contract.grant@1'> = async (writer, args) => {
	const plan = await writer.get('plans', args.planId);
	if (!plan || plan.spaceId !== args.spaceId) throw new MutationError('not_found', 'plan');
	if (!(await writer.get('memberships', membershipId(args.spaceId, args.userId)))) {
		throw new MutationError('not_found', 'member');
	}
	await writer.put('contracts', contractFromPlan(plan, args));
};
