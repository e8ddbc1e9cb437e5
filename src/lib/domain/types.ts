/** Entities shared by every device. Times are ISO-8601 instants (UTC, `toISOString()` form). */

export type Role = 'member' | 'host';
export type PlanKind = 'pack' | 'monthly' | 'resident';
export type Rounding = 'up' | 'nearest';

export interface Space {
	id: string;
	name: string;
	timeZone: string;
	capacity: number;
	/** Local opening time `HH:MM`. */
	openingTime: string;
	/** Local closing time `HH:MM`: open visits are closed then (forgotten check-outs). */
	closingTime: string;
	/** Under this many minutes a member's balance is "low" (default 60). */
	lowThresholdMinutes: number;
	/** Past this debt the check-in asks the member to see a host; null: no limit. */
	overdraftLimitMinutes: number | null;
}

/** Space settings a new space starts with (and rows from before they existed). */
export const defaultSpaceSettings = {
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: 600
} as const;

export interface Membership {
	/** `${spaceId}:${userId}` */
	id: string;
	spaceId: string;
	userId: string;
	displayName: string;
	role: Role;
	/** Appears by name in "who is here now" (off by default). */
	showPresence: boolean;
}

export interface BillingRules {
	incrementMinutes: number;
	rounding: Rounding;
	graceMinutes: number;
	minimumMinutes: number;
	dailyCapMinutes: number | null;
}

export interface Plan {
	id: string;
	spaceId: string;
	name: string;
	kind: PlanKind;
	/** Hours granted (per contract for a pack, per calendar month for monthly); null for resident. */
	hours: number | null;
	validityDays: number | null;
	rules: BillingRules;
	archived: boolean;
}

export interface Contract {
	id: string;
	spaceId: string;
	userId: string;
	planId: string;
	kind: PlanKind;
	/** Local start date `YYYY-MM-DD` in the space's time zone. */
	startsOn: string;
	/** Local date of expiry (inclusive), null for no expiry. */
	expiresOn: string | null;
	minutesGranted: number | null;
	/** Copy of the plan's rules at the time of sale: a later plan change never rewrites it. */
	rules: BillingRules;
}

export interface Visit {
	id: string;
	spaceId: string;
	/**
	 * Null on another member's open visit when that member does not show their name: the server
	 * sends it so "who is here now" can count it, without saying whose it is.
	 */
	userId: string | null;
	startedAt: string;
	endedAt: string | null;
	autoClosed: boolean;
	/** The server clamped an implausible device time (future, or older than 7 days): for review. */
	flagged: boolean;
	/**
	 * Confirmed or corrected after an automatic close or a flag (by its member or a host): no
	 * longer waiting for review. A member confirms or corrects once; hosts may correct again.
	 */
	reviewed: boolean;
}

/** A host's credit (positive) or debit (negative) of a member's hours, with its reason. */
export interface Adjustment {
	id: string;
	spaceId: string;
	userId: string;
	minutes: number;
	/** The contract credited or debited; null: a standalone credit or debit. */
	contractId: string | null;
	/** Local date it takes effect `YYYY-MM-DD`. */
	localDate: string;
	reason: string;
	createdBy: string;
	createdAt: string;
}

/** The space's current check-in key, printed in its QR code (hosts only). `id` is the space id. */
export interface SpaceKey {
	id: string;
	spaceId: string;
	key: string;
	rotatedAt: string;
}

/** A member asks the hosts for more hours; granting them a contract (or a host) closes it. */
export interface TopupRequest {
	id: string;
	spaceId: string;
	userId: string;
	planId: string | null;
	note: string;
	createdAt: string;
	/** When a host granted a contract or closed the request; null while open. */
	handledAt: string | null;
}

export interface RitualRole {
	key: string;
	label: string;
	slots: number;
	/**
	 * Taking this role co-animates the occurrence (cooking the shared meal, facilitating); the
	 * other roles bring or prepare something (dessert, setting up). Participation counts them
	 * differently (`../shared/design/participation.md`).
	 */
	animates: boolean;
}

export interface Ritual {
	id: string;
	spaceId: string;
	/** A kind key: built in (`meal`, `breakfast`, `afterwork`, `workshop`) or one the space named. */
	kind: string;
	title: string;
	description: string;
	place: string;
	durationMinutes: number;
	capacity: number | null;
	/** RFC 5545 RRULE (without `RRULE:`), evaluated in the space's time zone. */
	rrule: string;
	/** First occurrence, local wall time `YYYY-MM-DDTHH:MM`. */
	startsAt: string;
	roles: RitualRole[];
	leadUserId: string | null;
	/**
	 * Occurrences starting at or after this local time `YYYY-MM-DDTHH:MM` are no longer part of the
	 * series: it was ended there, or split ("this and following"). Null: the series goes on.
	 */
	endsBefore: string | null;
	/** What the host said when ending or splitting the series (shown to those signed up after it). */
	endMessage: string;
	/** After a split, the series that carries on from `endsBefore`. */
	continuedBy: string | null;
	/** The proposal the series came from; its proposer is credited when an occurrence is held. */
	proposalId: string | null;
}

/**
 * A change to one occurrence of a series, keyed by the occurrence's original local start (RFC
 * 5545's RECURRENCE-ID): cancelled, or moved, lengthened or relocated. Sign-ups keep naming the
 * original start.
 */
export interface OccurrenceChange {
	id: string;
	spaceId: string;
	ritualId: string;
	/** The occurrence's original local start `YYYY-MM-DDTHH:MM`. */
	occurrence: string;
	cancelled: boolean;
	/** New local start, or null: unchanged. */
	startsAt: string | null;
	durationMinutes: number | null;
	place: string | null;
	/** The host's message to those signed up. */
	message: string;
	changedAt: string;
}

export interface Signup {
	id: string;
	spaceId: string;
	ritualId: string;
	/** The occurrence's original local start `YYYY-MM-DDTHH:MM`. */
	occurrence: string;
	/** Null on another member's sign-up when that member does not show their name. */
	userId: string | null;
	roleKey: string | null;
	note: string;
	cancelled: boolean;
	createdAt: string;
	/**
	 * The server's commit order of the sign-up (the space version when it was inserted): places
	 * are given in this order. Null until the server has it (the sign-up is pending).
	 */
	rank: number | null;
	/** Commit order of the sign-up's current role (renewed when the role changes): role slots. */
	roleRank: number | null;
}

export type ProposalStatus = 'open' | 'accepted' | 'declined' | 'withdrawn';

/** A member proposes a ritual; a host accepts it (it becomes a series) or declines it. */
export interface Proposal {
	id: string;
	spaceId: string;
	/** The proposer (null for others than the proposer and hosts, who never receive it anyway). */
	userId: string | null;
	kind: string;
	title: string;
	description: string;
	place: string;
	durationMinutes: number;
	rrule: string;
	startsAt: string;
	roles: RitualRole[];
	/** "I will lead it": the series gets the proposer as its lead. */
	willLead: boolean;
	status: ProposalStatus;
	/** The host's answer (required to decline). */
	response: string;
	/** The series created by accepting it. */
	ritualId: string | null;
	createdAt: string;
	decidedAt: string | null;
}

/**
 * What a person did at an occurrence, as a host confirmed it after the fact. `contributed`: held
 * a role that brings or prepares something; `coanimated`: a role that animates; `led`: led it.
 */
export type AttendancePart = 'attended' | 'contributed' | 'coanimated' | 'led';

export interface Attendance {
	id: string;
	spaceId: string;
	ritualId: string;
	occurrence: string;
	/**
	 * Null on another member's row when that member does not show their name, unless they
	 * co-animated or led (a public role).
	 */
	userId: string | null;
	part: AttendancePart;
	roleKey: string | null;
	markedBy: string | null;
	markedAt: string;
}

/** A ritual kind as the space names it, with the roles a new ritual of that kind starts with. */
export interface RitualKind {
	key: string;
	label: string;
	roles: RitualRole[];
}

export interface GlossaryEntry {
	term: string;
	definition: string;
}

/** The space's own words: its ritual kinds and a short glossary for newcomers. `id` is the space id. */
export interface Vocabulary {
	id: string;
	spaceId: string;
	kinds: RitualKind[];
	glossary: GlossaryEntry[];
}

/**
 * A newcomer says who welcomed them (optional): that answer is the confirmation of the welcome.
 * One per newcomer and space; `welcomerId` null: "nobody in particular".
 */
export interface Welcome {
	id: string;
	spaceId: string;
	newcomerId: string;
	welcomerId: string | null;
	confirmedAt: string;
}

/** A member's own choices about participation. `id` is `${spaceId}:${userId}`. */
export interface ParticipationPrefs {
	id: string;
	spaceId: string;
	userId: string;
	/** Out of every score and aggregate from `optedOutAt` on. */
	optedOut: boolean;
	optedOutAt: string | null;
	/** Happy to be asked to co-animate or welcome newcomers (hosts see the list). */
	happyToBeAsked: boolean;
}

/** A member says an entry of their participation log is wrong; a host answers. */
export interface Contest {
	id: string;
	spaceId: string;
	userId: string;
	/** The contested entry, e.g. `attendance:<id>`, `welcome:<id>`, `proposal:<id>`. */
	subject: string;
	reason: string;
	createdAt: string;
	resolvedAt: string | null;
	resolution: string;
}

/**
 * A dated change of the space's participation settings (weights, thresholds; see
 * `domain/participation/config.ts#ConfigValues`): published to members, applied from `validFrom`.
 */
export interface ParticipationSettings {
	id: string;
	spaceId: string;
	/** Local date `YYYY-MM-DD` from which it applies. */
	validFrom: string;
	values: Record<string, unknown>;
	createdBy: string | null;
	createdAt: string;
}

export interface Invitation {
	id: string;
	spaceId: string;
	/** 8 characters from an alphabet without look-alikes (no 0/O, 1/I). */
	code: string;
	createdBy: string;
	createdAt: string;
	expiresAt: string | null;
	maxUses: number | null;
	uses: number;
	revoked: boolean;
}

/** Every table that holds rows synced from the server, by name. */
export interface EntityTables {
	spaces: Space;
	memberships: Membership;
	plans: Plan;
	contracts: Contract;
	visits: Visit;
	rituals: Ritual;
	signups: Signup;
	invitations: Invitation;
	adjustments: Adjustment;
	spaceKeys: SpaceKey;
	topupRequests: TopupRequest;
	occurrenceChanges: OccurrenceChange;
	proposals: Proposal;
	attendance: Attendance;
	vocabularies: Vocabulary;
	welcomes: Welcome;
	participationPrefs: ParticipationPrefs;
	contests: Contest;
	participationSettings: ParticipationSettings;
}

export type EntityTable = keyof EntityTables;
export const entityTables: readonly EntityTable[] = [
	'spaces',
	'memberships',
	'plans',
	'contracts',
	'visits',
	'rituals',
	'signups',
	'invitations',
	'adjustments',
	'spaceKeys',
	'topupRequests',
	'occurrenceChanges',
	'proposals',
	'attendance',
	'vocabularies',
	'welcomes',
	'participationPrefs',
	'contests',
	'participationSettings'
];

export const membershipId = (spaceId: string, userId: string): string => `${spaceId}:${userId}`;
