/**
 * The confirmed facts the participation model reads. Most are the app's own rows (attendance,
 * proposals, sign-ups, visits); the others are defined here until the app stores them.
 */
import type { Attendance, Proposal, Signup, Visit } from '../types';

/**
 * A newcomer named who welcomed them (the newcomer's confirmation is what credits the welcome).
 * The app's `Welcome` row has this shape: one per newcomer (its `id`), `welcomerId` null for
 * "nobody in particular" (no credit, and not counted as welcomed).
 */
export interface Welcome {
	id?: string;
	newcomerId: string;
	welcomerId: string | null;
	/** Instant of the newcomer's confirmation (UTC ISO). */
	confirmedAt: string;
}

/** A member's one switch: from `since` (local date) on, they are in no score and no aggregate. */
export interface OptOut {
	userId: string;
	since: string;
}

/**
 * The app's `ParticipationPrefs` row, as far as the model reads it: its latest version replaces
 * the earlier one (switching back in ends the opt-out).
 */
export interface OptOutSwitch {
	userId: string;
	optedOut: boolean;
	/** Instant of the switch (UTC ISO). */
	optedOutAt: string | null;
}

/** The member's first contract (or any earlier known start), local date: starts the newcomer flag. */
export interface FirstSeen {
	userId: string;
	date: string;
}

/**
 * An occurrence the series' rule scheduled (cancelled ones included: held ÷ scheduled counts them
 * as not held). `rituals/occurrences.ts#ScheduledOccurrence` has this shape.
 */
export interface ScheduledRef {
	ritualId: string;
	/** The occurrence's original local start `YYYY-MM-DDTHH:MM`. */
	key: string;
}

/** A day a member was in the space (presence is kept at day level). */
export interface PresenceDay {
	userId: string;
	/** Local date `YYYY-MM-DD`. */
	date: string;
}

export type AttendanceFact = Pick<Attendance, 'id' | 'ritualId' | 'occurrence' | 'userId' | 'part'>;
export type ProposalFact = Pick<Proposal, 'id' | 'userId' | 'status' | 'ritualId' | 'decidedAt'>;
export type SignupFact = Pick<Signup, 'id' | 'ritualId' | 'occurrence' | 'userId' | 'cancelled'>;
export type VisitFact = Pick<Visit, 'userId' | 'startedAt'>;

/** A batch of facts to add to a participation log; every list is optional. */
export interface ParticipationFacts {
	/** Confirmed attendance (a host marked it); rows without a user are kept as proof an occurrence was held. */
	attendance?: readonly AttendanceFact[];
	proposals?: readonly ProposalFact[];
	welcomes?: readonly Welcome[];
	/** Visits (their local day is the presence day) or presence days directly. */
	visits?: readonly VisitFact[];
	presence?: readonly PresenceDay[];
	signups?: readonly SignupFact[];
	scheduled?: readonly ScheduledRef[];
	firstSeen?: readonly FirstSeen[];
	/** Hosts and other staff: their acts count only in staff dependency (and a ritual's hosts). */
	staffIds?: readonly string[];
	optOuts?: readonly OptOut[];
	prefs?: readonly OptOutSwitch[];
}
