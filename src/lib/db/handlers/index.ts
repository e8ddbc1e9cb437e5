import { createSpace, addMembership, setPresence, updateProfile } from './spaces';
import { createInvitation, revokeInvitation, joinSpace } from './invitations';
import { createPlan, grantContract } from './hours';
import { startVisit, endVisit } from './visits';
import { createRitual, createSignup, cancelSignup } from './rituals';
import type { HandlerMap } from './types';

/** The local handler of every mutation in the catalogue (the type makes a missing one an error). */
export const handlers: HandlerMap = {
	'space.create@1': createSpace,
	'membership.add@1': addMembership,
	'profile.presence@1': setPresence,
	'profile.update@1': updateProfile,
	'invitation.create@1': createInvitation,
	'invitation.revoke@1': revokeInvitation,
	'membership.join@1': joinSpace,
	'plan.create@1': createPlan,
	'contract.grant@1': grantContract,
	'visit.start@1': startVisit,
	'visit.end@1': endVisit,
	'ritual.create@1': createRitual,
	'signup.create@1': createSignup,
	'signup.cancel@1': cancelSignup
};
