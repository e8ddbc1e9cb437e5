/**
 * What the app can observe of a member's participation, with the model's tiers and default weights
 * (`../shared/design/participation.md`, "Activities"). Tier-0 acts are listed so the table is
 * whole, but they carry no weight and change nothing.
 */
import type { AttendancePart } from '../types';

export type Tier = 0 | 1 | 2 | 3;

/** Every observable act, in the model's table order. The index is the compact form's type code. */
export const activityTypes = [
	'present',
	'signedUp',
	'attended',
	'contributed',
	'proposed',
	'proposalHeld',
	'welcomed',
	'coanimated',
	'led',
	'handedOver'
] as const;

export type ActivityType = (typeof activityTypes)[number];
/** The acts that earn credit (tier 1 to 3). */
export type CreditType = Exclude<ActivityType, 'present' | 'signedUp'>;

export const creditTypes: readonly CreditType[] = [
	'attended',
	'contributed',
	'proposed',
	'proposalHeld',
	'welcomed',
	'coanimated',
	'led',
	'handedOver'
];

export const tierOf: Readonly<Record<ActivityType, Tier>> = {
	present: 0,
	signedUp: 0,
	attended: 1,
	contributed: 2,
	proposed: 2,
	proposalHeld: 2,
	welcomed: 2,
	coanimated: 3,
	led: 3,
	handedOver: 3
};

/** The model's default weights; a space may change them (`config.ts`), never below zero. */
export const defaultWeights: Readonly<Record<CreditType, number>> = {
	attended: 3,
	contributed: 4,
	proposed: 4,
	proposalHeld: 6,
	welcomed: 5,
	coanimated: 7,
	led: 9,
	handedOver: 8
};

/** Type code of an activity type in the compact form. */
export const typeCode = (type: ActivityType): number => activityTypes.indexOf(type);

/** Tier of each type code (a lookup on the hot path of the replay). */
export const tierByCode: Uint8Array = Uint8Array.from(activityTypes.map((type) => tierOf[type]));

/** Rank of an attendance part: for one occurrence only the member's highest part counts. */
export const partRank: Readonly<Record<AttendancePart, number>> = {
	attended: 0,
	contributed: 1,
	coanimated: 2,
	led: 3
};
export const partsByRank: readonly AttendancePart[] = [
	'attended',
	'contributed',
	'coanimated',
	'led'
];

/** A part from rank 2 up hosts the occurrence (co-animation or lead). */
export const HOSTING_RANK = 2;
