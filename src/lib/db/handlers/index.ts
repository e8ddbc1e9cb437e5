import {
	createSpace,
	addMembership,
	setPresence,
	updateProfile,
	updateSpaceSettings,
	rotateSpaceKey
} from './spaces';
import { createInvitation, revokeInvitation, joinSpace } from './invitations';
import {
	createPlan,
	updatePlan,
	archivePlan,
	grantContract,
	createAdjustment,
	requestTopup,
	closeTopup
} from './hours';
import {
	startVisit,
	scanVisit,
	startVisitFor,
	endVisit,
	correctVisit,
	confirmVisit
} from './visits';
import { createRitual, updateRitual, splitRitual, endRitual } from './rituals';
import { changeOccurrence } from './occurrences';
import { createSignup, updateSignup, cancelSignup } from './signups';
import { createProposal, withdrawProposal, acceptProposal, declineProposal } from './proposals';
import { markAttendance } from './attendance';
import { setVocabulary } from './vocabulary';
import {
	addParticipationSettings,
	confirmWelcome,
	contestEntry,
	resolveContest,
	setParticipationPrefs
} from './participation';
import type { HandlerMap } from './types';

/** The local handler of every mutation in the catalogue (the type makes a missing one an error). */
export const handlers: HandlerMap = {
	'space.create@1': createSpace,
	'space.settings@1': updateSpaceSettings,
	'space.rotateKey@1': rotateSpaceKey,
	'membership.add@1': addMembership,
	'profile.presence@1': setPresence,
	'profile.update@1': updateProfile,
	'invitation.create@1': createInvitation,
	'invitation.revoke@1': revokeInvitation,
	'membership.join@1': joinSpace,
	'plan.create@1': createPlan,
	'plan.update@1': updatePlan,
	'plan.archive@1': archivePlan,
	'contract.grant@1': grantContract,
	'adjustment.create@1': createAdjustment,
	'topup.request@1': requestTopup,
	'topup.close@1': closeTopup,
	'visit.start@1': startVisit,
	'visit.scan@1': scanVisit,
	'visit.startFor@1': startVisitFor,
	'visit.end@1': endVisit,
	'visit.correct@1': correctVisit,
	'visit.confirm@1': confirmVisit,
	'ritual.create@1': createRitual,
	'ritual.update@1': updateRitual,
	'ritual.split@1': splitRitual,
	'ritual.end@1': endRitual,
	'occurrence.change@1': changeOccurrence,
	'signup.create@1': createSignup,
	'signup.update@1': updateSignup,
	'signup.cancel@1': cancelSignup,
	'proposal.create@1': createProposal,
	'proposal.withdraw@1': withdrawProposal,
	'proposal.accept@1': acceptProposal,
	'proposal.decline@1': declineProposal,
	'attendance.mark@1': markAttendance,
	'space.vocabulary@1': setVocabulary,
	'welcome.confirm@1': confirmWelcome,
	'participation.prefs@1': setParticipationPrefs,
	'participation.contest@1': contestEntry,
	'participation.resolve@1': resolveContest,
	'participation.settings@1': addParticipationSettings
};
