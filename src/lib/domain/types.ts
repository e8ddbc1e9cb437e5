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
}

export interface Ritual {
	id: string;
	spaceId: string;
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
}

export interface Signup {
	id: string;
	spaceId: string;
	ritualId: string;
	/** The occurrence's local start `YYYY-MM-DDTHH:MM`. */
	occurrence: string;
	/** Null on another member's sign-up when that member does not show their name. */
	userId: string | null;
	roleKey: string | null;
	note: string;
	cancelled: boolean;
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
	'topupRequests'
];

export const membershipId = (spaceId: string, userId: string): string => `${spaceId}:${userId}`;
