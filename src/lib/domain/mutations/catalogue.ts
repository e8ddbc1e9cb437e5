import * as v from 'valibot';
import * as s from './schemas';

/**
 * The catalogue of mutations: every change a user can make, named with a version
 * (`visit.start@1`), its argument schema and who may call it. A changed meaning gets a new
 * version; old versions stay until no client sends them.
 *
 * `allowed`: `anyone` signed in; `member` of the space named by the arguments (hosts are members
 * too); `host` of that space.
 */
export type Caller = 'anyone' | 'member' | 'host';

interface Definition<S extends v.GenericSchema> {
	args: S;
	allowed: Caller;
}

const define = <S extends v.GenericSchema>(args: S, allowed: Caller): Definition<S> => ({
	args,
	allowed
});

export const catalogue = {
	'space.create@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				name: s.label(120),
				timeZone: s.timeZone,
				capacity: s.int(1, 10_000),
				openingTime: s.clockTime,
				closingTime: s.clockTime,
				hostName: s.label(80)
			}),
			v.check((args) => args.openingTime < args.closingTime, 'opens after it closes')
		),
		'anyone'
	),
	'membership.add@1': define(
		v.strictObject({
			spaceId: s.id,
			userId: s.id,
			displayName: s.label(80),
			role: v.picklist(['member', 'host'])
		}),
		'host'
	),
	/** Capacity, hours, and the member balance thresholds of a space. */
	'space.settings@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				capacity: s.int(1, 10_000),
				openingTime: s.clockTime,
				closingTime: s.clockTime,
				lowThresholdMinutes: s.int(0, 100_000),
				overdraftLimitMinutes: v.nullable(s.int(0, 100_000))
			}),
			v.check((args) => args.openingTime < args.closingTime, 'opens after it closes')
		),
		'host'
	),
	/** A new check-in key for the space's QR posters: the old posters stop working. */
	'space.rotateKey@1': define(v.strictObject({ spaceId: s.id, key: s.checkinKey }), 'host'),
	'profile.presence@1': define(
		v.strictObject({ spaceId: s.id, showPresence: v.boolean() }),
		'member'
	),
	'profile.update@1': define(
		v.strictObject({ displayName: s.label(80), locale: v.picklist(['fr', 'en']) }),
		'anyone'
	),
	'invitation.create@1': define(
		v.strictObject({
			spaceId: s.id,
			invitationId: s.id,
			code: s.invitationCode,
			expiresAt: v.nullable(s.instant),
			maxUses: v.nullable(s.int(1, 1000))
		}),
		'host'
	),
	'invitation.revoke@1': define(v.strictObject({ spaceId: s.id, invitationId: s.id }), 'host'),
	/** Joins the space of an invitation; the server answers with `{ spaceId }`. */
	'membership.join@1': define(
		v.strictObject({ code: s.invitationCode, displayName: s.label(80) }),
		'anyone'
	),
	'plan.create@1': define(
		v.strictObject({
			spaceId: s.id,
			planId: s.id,
			name: s.label(80),
			kind: v.picklist(['pack', 'monthly', 'resident']),
			hours: v.nullable(s.int(1, 10_000)),
			validityDays: v.nullable(s.int(1, 3660)),
			rules: s.billingRules
		}),
		'host'
	),
	/** Name, allowance and rules of a plan; contracts already sold keep their copy. */
	'plan.update@1': define(
		v.strictObject({
			spaceId: s.id,
			planId: s.id,
			name: s.label(80),
			hours: v.nullable(s.int(1, 10_000)),
			validityDays: v.nullable(s.int(1, 3660)),
			rules: s.billingRules
		}),
		'host'
	),
	/** An archived plan is no longer offered; its contracts run on. */
	'plan.archive@1': define(
		v.strictObject({ spaceId: s.id, planId: s.id, archived: v.boolean() }),
		'host'
	),
	/** Also closes the member's open top-up requests in the space. */
	'contract.grant@1': define(
		v.strictObject({
			spaceId: s.id,
			contractId: s.id,
			planId: s.id,
			userId: s.id,
			startsOn: s.localDate
		}),
		'host'
	),
	'visit.start@1': define(
		v.strictObject({ spaceId: s.id, visitId: s.id, at: s.instant }),
		'member'
	),
	/** Checking in by scanning the space's QR poster: the server checks the key. */
	'visit.scan@1': define(
		v.strictObject({ spaceId: s.id, visitId: s.id, at: s.instant, key: s.checkinKey }),
		'member'
	),
	/** A host checks a member in on their behalf. */
	'visit.startFor@1': define(
		v.strictObject({ spaceId: s.id, visitId: s.id, userId: s.id, at: s.instant }),
		'host'
	),
	/** The member checks out; a host may check a member of their space out. */
	'visit.end@1': define(v.strictObject({ spaceId: s.id, visitId: s.id, at: s.instant }), 'member'),
	/**
	 * New times for a closed visit: its member, once, for their own auto-closed visit (end only,
	 * within 7 days, between start and the automatic close); a host, any visit of the space.
	 */
	'visit.correct@1': define(
		v.pipe(
			v.strictObject({ spaceId: s.id, visitId: s.id, startedAt: s.instant, endedAt: s.instant }),
			v.check((args) => args.startedAt <= args.endedAt, 'ends before it starts')
		),
		'member'
	),
	/**
	 * The times of a visit are right: its member, once, for their own auto-closed visit; a host,
	 * any visit of the space (auto-closed or flagged ones wait for review). Same rights as a
	 * correction to the current times.
	 */
	'visit.confirm@1': define(v.strictObject({ spaceId: s.id, visitId: s.id }), 'member'),
	/** A host's credit (minutes > 0) or debit (< 0) of a member's hours, with its reason. */
	'adjustment.create@1': define(
		v.strictObject({
			spaceId: s.id,
			adjustmentId: s.id,
			userId: s.id,
			minutes: v.pipe(
				s.int(-100_000, 100_000),
				v.check((minutes) => minutes !== 0, 'zero')
			),
			contractId: v.nullable(s.id),
			localDate: s.localDate,
			reason: s.label(200)
		}),
		'host'
	),
	/** A member asks the hosts for more hours (optionally naming a plan). */
	'topup.request@1': define(
		v.strictObject({
			spaceId: s.id,
			requestId: s.id,
			planId: v.nullable(s.id),
			note: s.text(500)
		}),
		'member'
	),
	/** A host closes a top-up request without selling through the app. */
	'topup.close@1': define(v.strictObject({ spaceId: s.id, requestId: s.id }), 'host'),
	'ritual.create@1': define(
		v.strictObject({
			spaceId: s.id,
			ritualId: s.id,
			kind: s.label(40),
			title: s.label(120),
			description: s.text(2000),
			place: s.text(120),
			durationMinutes: s.int(5, 24 * 60),
			capacity: v.nullable(s.int(1, 1000)),
			rrule: s.label(500),
			startsAt: s.localDateTime,
			roles: v.pipe(v.array(s.ritualRole), v.maxLength(20)),
			leadUserId: v.nullable(s.id)
		}),
		'host'
	),
	'signup.create@1': define(
		v.strictObject({
			spaceId: s.id,
			signupId: s.id,
			ritualId: s.id,
			occurrence: s.localDateTime,
			roleKey: v.nullable(v.pipe(v.string(), v.maxLength(40))),
			note: s.text(500),
			at: s.instant
		}),
		'member'
	),
	'signup.cancel@1': define(v.strictObject({ spaceId: s.id, signupId: s.id }), 'member')
} as const;

export type Catalogue = typeof catalogue;
export type MutationName = keyof Catalogue;
export type MutationArgs<N extends MutationName> = v.InferOutput<Catalogue[N]['args']>;

export const mutationNames = Object.keys(catalogue) as MutationName[];

export const isMutationName = (name: string): name is MutationName =>
	Object.prototype.hasOwnProperty.call(catalogue, name);
