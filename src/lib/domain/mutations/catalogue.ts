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
	'visit.end@1': define(v.strictObject({ spaceId: s.id, visitId: s.id, at: s.instant }), 'member'),
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
