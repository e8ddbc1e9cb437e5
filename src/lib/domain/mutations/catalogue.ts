import * as v from 'valibot';
import * as s from './schemas';
import { ruleProblem } from '../rituals/recurrence';

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

/** What a series of a ritual is made of (creation, split, proposals). */
const ritualFields = {
	kind: s.key,
	title: s.label(120),
	description: s.text(2000),
	place: s.text(120),
	durationMinutes: s.int(5, 24 * 60),
	capacity: v.nullable(s.int(1, 1000)),
	rrule: s.rrule,
	startsAt: s.localDateTime,
	roles: s.ritualRoles
};

/** A rule's UNTIL is not before the first occurrence's date. */
const untilAfterStart = <T extends { rrule: string; startsAt: string }>() =>
	v.check<T, string>(
		(args) => ruleProblem(args.rrule, args.startsAt) === null,
		'the recurrence ends before it starts'
	);

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
	/** A new series; roles without `animates` bring or prepare something. */
	'ritual.create@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				ritualId: s.id,
				...ritualFields,
				leadUserId: v.nullable(s.id)
			}),
			untilAfterStart()
		),
		'host'
	),
	/** The details of a whole series (not its schedule: that is a split, `ritual.split@1`). */
	'ritual.update@1': define(
		v.strictObject({
			spaceId: s.id,
			ritualId: s.id,
			kind: ritualFields.kind,
			title: ritualFields.title,
			description: ritualFields.description,
			place: ritualFields.place,
			durationMinutes: ritualFields.durationMinutes,
			capacity: ritualFields.capacity,
			roles: ritualFields.roles,
			leadUserId: v.nullable(s.id)
		}),
		'host'
	),
	/**
	 * "This and following": the series ends before the occurrence `from`, and a new series
	 * (`newRitualId`) with the new details and schedule carries on; sign-ups and changes of
	 * occurrences from `from` on move to it. `message` goes to those signed up after `from`.
	 */
	'ritual.split@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				ritualId: s.id,
				newRitualId: s.id,
				from: s.localDateTime,
				...ritualFields,
				leadUserId: v.nullable(s.id),
				message: s.text(500)
			}),
			untilAfterStart(),
			v.check((args) => args.startsAt >= args.from.slice(0, 10), 'starts before the split')
		),
		'host'
	),
	/**
	 * Ends (cancels) a series from the occurrence `from` on, with a message to those signed up;
	 * `from: null` reopens it (undo).
	 */
	'ritual.end@1': define(
		v.strictObject({
			spaceId: s.id,
			ritualId: s.id,
			from: v.nullable(s.localDateTime),
			message: s.text(500)
		}),
		'host'
	),
	/**
	 * One occurrence, named by its original start: cancelled, moved, lengthened or relocated (null:
	 * as the series says), with a message to those signed up. Sets the whole change at once; a
	 * change with nothing left (not cancelled, no override) restores the occurrence.
	 */
	'occurrence.change@1': define(
		v.strictObject({
			spaceId: s.id,
			changeId: s.id,
			ritualId: s.id,
			occurrence: s.localDateTime,
			cancelled: v.boolean(),
			startsAt: v.nullable(s.localDateTime),
			durationMinutes: v.nullable(s.int(5, 24 * 60)),
			place: v.nullable(s.text(120)),
			message: s.text(500)
		}),
		'host'
	),
	/** A member signs up to one occurrence, as an attendee (`roleKey` null) or in a role. */
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
	/** The member changes their role or note; the place in line stays, a new role queues anew. */
	'signup.update@1': define(
		v.strictObject({
			spaceId: s.id,
			signupId: s.id,
			roleKey: v.nullable(v.pipe(v.string(), v.maxLength(40))),
			note: s.text(500)
		}),
		'member'
	),
	/** The member cancels their sign-up, until the occurrence starts (`at`: when, on the device). */
	'signup.cancel@1': define(
		v.strictObject({ spaceId: s.id, signupId: s.id, at: v.optional(s.instant) }),
		'member'
	),
	/** A member proposes a ritual: what, when, the roles, and whether they will lead it. */
	'proposal.create@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				proposalId: s.id,
				kind: ritualFields.kind,
				title: ritualFields.title,
				description: ritualFields.description,
				place: ritualFields.place,
				durationMinutes: ritualFields.durationMinutes,
				rrule: ritualFields.rrule,
				startsAt: ritualFields.startsAt,
				roles: ritualFields.roles,
				willLead: v.boolean(),
				at: s.instant
			}),
			untilAfterStart()
		),
		'member'
	),
	/** The proposer withdraws an open proposal. */
	'proposal.withdraw@1': define(v.strictObject({ spaceId: s.id, proposalId: s.id }), 'member'),
	/**
	 * A host accepts an open proposal: it becomes the series `ritualId` (details as the host
	 * settled them), led by the proposer when they offered to lead it.
	 */
	'proposal.accept@1': define(
		v.pipe(
			v.strictObject({
				spaceId: s.id,
				proposalId: s.id,
				ritualId: s.id,
				...ritualFields,
				message: s.text(500)
			}),
			untilAfterStart()
		),
		'host'
	),
	/** A host declines an open proposal, saying why. */
	'proposal.decline@1': define(
		v.strictObject({ spaceId: s.id, proposalId: s.id, message: s.label(500) }),
		'host'
	),
	/**
	 * After an occurrence started, a host confirms who came and what they did: the whole list for
	 * that occurrence (people left out are no longer marked).
	 */
	'attendance.mark@1': define(
		v.strictObject({
			spaceId: s.id,
			ritualId: s.id,
			occurrence: s.localDateTime,
			entries: v.pipe(
				v.array(
					v.strictObject({
						attendanceId: s.id,
						userId: s.id,
						part: v.picklist(['attended', 'contributed', 'coanimated', 'led']),
						roleKey: v.nullable(s.key)
					})
				),
				v.maxLength(500),
				v.check(
					(entries) => new Set(entries.map((e) => e.userId)).size === entries.length,
					'a person appears twice'
				)
			)
		}),
		'host'
	),
	/** The space's own words: ritual kinds (with their default roles) and the glossary. */
	'space.vocabulary@1': define(
		v.strictObject({
			spaceId: s.id,
			kinds: v.pipe(
				v.array(v.strictObject({ key: s.key, label: s.label(40), roles: s.ritualRoles })),
				v.maxLength(20),
				v.check(
					(kinds) => new Set(kinds.map((kind) => kind.key)).size === kinds.length,
					'a kind key appears twice'
				)
			),
			glossary: v.pipe(
				v.array(v.strictObject({ term: s.label(60), definition: s.label(500) })),
				v.maxLength(40)
			)
		}),
		'host'
	),
	/**
	 * A newcomer says who welcomed them (`welcomerId` null: nobody in particular); answering again
	 * replaces the answer. The answer is what credits the welcome.
	 */
	'welcome.confirm@1': define(
		v.strictObject({
			spaceId: s.id,
			welcomeId: s.id,
			welcomerId: v.nullable(s.id),
			at: s.instant
		}),
		'member'
	),
	/** The member's switches: out of every score and aggregate; happy to be asked to co-animate. */
	'participation.prefs@1': define(
		v.strictObject({ spaceId: s.id, optedOut: v.boolean(), happyToBeAsked: v.boolean() }),
		'member'
	),
	/** A member contests an entry of their participation log, saying why. */
	'participation.contest@1': define(
		v.strictObject({
			spaceId: s.id,
			contestId: s.id,
			subject: s.label(200),
			reason: s.label(1000),
			at: s.instant
		}),
		'member'
	),
	/** A host answers a contest (after correcting the facts, or explaining why not). */
	'participation.resolve@1': define(
		v.strictObject({ spaceId: s.id, contestId: s.id, resolution: s.label(1000) }),
		'host'
	),
	/**
	 * A dated change of the space's participation settings. The values are checked against the
	 * model's bounds by the app (`domain/participation/config-validation.ts`); the server checks
	 * their shape and size.
	 */
	'participation.settings@1': define(
		v.strictObject({
			spaceId: s.id,
			settingsId: s.id,
			validFrom: s.localDate,
			values: v.pipe(
				v.record(v.string(), v.unknown()),
				v.check((values) => JSON.stringify(values).length <= 8000, 'too large'),
				// Postgres cannot store a NUL in jsonb: it would fail the whole push, every retry.
				v.check((values) => !JSON.stringify(values).includes('\\u0000'), 'control characters')
			)
		}),
		'host'
	)
} as const;

export type Catalogue = typeof catalogue;
export type MutationName = keyof Catalogue;
export type MutationArgs<N extends MutationName> = v.InferOutput<Catalogue[N]['args']>;

export const mutationNames = Object.keys(catalogue) as MutationName[];

export const isMutationName = (name: string): name is MutationName =>
	Object.prototype.hasOwnProperty.call(catalogue, name);
