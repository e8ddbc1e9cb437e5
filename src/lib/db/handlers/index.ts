/**
 * The local handler of every mutation in the catalogue (the mapped type makes a missing one an
 * error). Check-ins and the space's own rows are in the first load (the home needs them at once);
 * the others load on first use, so the home's first-load JavaScript does not carry every screen's
 * rules. `loadHandlers` resolves them BEFORE a transaction opens: awaiting an import inside an
 * IndexedDB transaction would let it commit early.
 */
import {
	addMembership,
	createSpace,
	rotateSpaceKey,
	setPresence,
	updateProfile,
	updateSpaceSettings
} from './spaces';
import {
	confirmVisit,
	correctVisit,
	endVisit,
	scanVisit,
	startVisit,
	startVisitFor
} from './visits';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import type { Handler, HandlerMap } from './types';

type Loaders = { [N in MutationName]: () => Handler<N> | Promise<Handler<N>> };

const loaders: Loaders = {
	'space.create@1': () => createSpace,
	'space.settings@1': () => updateSpaceSettings,
	'space.rotateKey@1': () => rotateSpaceKey,
	'membership.add@1': () => addMembership,
	'profile.presence@1': () => setPresence,
	'profile.update@1': () => updateProfile,
	'invitation.create@1': () => import('./invitations').then((m) => m.createInvitation),
	'invitation.revoke@1': () => import('./invitations').then((m) => m.revokeInvitation),
	'membership.join@1': () => import('./invitations').then((m) => m.joinSpace),
	'plan.create@1': () => import('./hours').then((m) => m.createPlan),
	'plan.update@1': () => import('./hours').then((m) => m.updatePlan),
	'plan.archive@1': () => import('./hours').then((m) => m.archivePlan),
	'contract.grant@1': () => import('./hours').then((m) => m.grantContract),
	'adjustment.create@1': () => import('./hours').then((m) => m.createAdjustment),
	'topup.request@1': () => import('./hours').then((m) => m.requestTopup),
	'topup.close@1': () => import('./hours').then((m) => m.closeTopup),
	'visit.start@1': () => startVisit,
	'visit.scan@1': () => scanVisit,
	'visit.startFor@1': () => startVisitFor,
	'visit.end@1': () => endVisit,
	'visit.correct@1': () => correctVisit,
	'visit.confirm@1': () => confirmVisit,
	'ritual.create@1': () => import('./rituals').then((m) => m.createRitual),
	'ritual.update@1': () => import('./rituals').then((m) => m.updateRitual),
	'ritual.split@1': () => import('./rituals').then((m) => m.splitRitual),
	'ritual.end@1': () => import('./rituals').then((m) => m.endRitual),
	'occurrence.change@1': () => import('./occurrences').then((m) => m.changeOccurrence),
	'signup.create@1': () => import('./signups').then((m) => m.createSignup),
	'signup.update@1': () => import('./signups').then((m) => m.updateSignup),
	'signup.cancel@1': () => import('./signups').then((m) => m.cancelSignup),
	'proposal.create@1': () => import('./proposals').then((m) => m.createProposal),
	'proposal.withdraw@1': () => import('./proposals').then((m) => m.withdrawProposal),
	'proposal.accept@1': () => import('./proposals').then((m) => m.acceptProposal),
	'proposal.decline@1': () => import('./proposals').then((m) => m.declineProposal),
	'attendance.mark@1': () => import('./attendance').then((m) => m.markAttendance),
	'space.vocabulary@1': () => import('./vocabulary').then((m) => m.setVocabulary),
	'welcome.confirm@1': () => import('./participation').then((m) => m.confirmWelcome),
	'participation.prefs@1': () => import('./participation').then((m) => m.setParticipationPrefs),
	'participation.contest@1': () => import('./participation').then((m) => m.contestEntry),
	'participation.resolve@1': () => import('./participation').then((m) => m.resolveContest),
	'participation.settings@1': () =>
		import('./participation').then((m) => m.addParticipationSettings)
};

const loaded = new Map<MutationName, Handler<never>>();

/**
 * The handlers of `names`, each module loaded once. When all are loaded already, nothing but a
 * resolved promise is awaited, so a caller inside a transaction (the demo's seeding) stays safe
 * once it has loaded them before opening it.
 */
export async function loadHandlers(names: Iterable<string>): Promise<Partial<HandlerMap>> {
	// Unknown names are left to validation, which refuses them.
	const wanted = [...new Set(names)].filter((name): name is MutationName =>
		Object.prototype.hasOwnProperty.call(loaders, name)
	);
	const missing = wanted.filter((name) => !loaded.has(name));
	if (missing.length > 0) {
		const handlers = await Promise.all(missing.map((name) => loaders[name]()));
		missing.forEach((name, i) => loaded.set(name, handlers[i] as Handler<never>));
	}
	return Object.fromEntries(wanted.map((name) => [name, loaded.get(name)])) as Partial<HandlerMap>;
}
