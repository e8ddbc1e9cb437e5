/**
 * Who counts on a date. N, the base of the collective indicators, is the active non-staff
 * members: present on some day, or credited for some act, within the window ending that date.
 * Anyone opted out by that date is in nothing; staff are in no member indicator.
 */
import { upperBound } from './columns';
import type { ParticipationConfig } from './config';
import { hasCreditBetween } from './credits';
import { levelOn, type LevelsIndex } from './levels-index';
import type { LogIndex } from './log-index';

export interface Population {
	day: number;
	/** First day of the window `[from, day]` (W days). */
	from: number;
	/** 1: not opted out on `day` (their facts may appear in aggregates). */
	visible: Uint8Array;
	/** 1: a visible non-staff member active in the window. */
	active: Uint8Array;
	/** N. */
	members: number;
	/** Displayed level on `day` of each active member (0 for others). */
	level: Uint8Array;
}

/** Present on some day of `[from, to]`. */
export function presentBetween(index: LogIndex, user: number, from: number, to: number): boolean {
	const { offsets, items } = index.presenceByUser;
	const end = offsets[user + 1]!;
	const first = upperBound(items, offsets[user]!, end, from - 1);
	return first < end && items[first]! <= to;
}

/** Active in `[from, to]`: present, or credited for an act. */
export function activeBetween(
	index: LogIndex,
	levels: LevelsIndex,
	user: number,
	from: number,
	to: number
): boolean {
	return presentBetween(index, user, from, to) || hasCreditBetween(levels.credits, user, from, to);
}

/**
 * Who counts on `day`. `visibleOn`: the date whose opt-outs apply, later than `day` when an
 * indicator compares with an earlier date (someone opted out now is out of the comparison too).
 */
export function populationOn(
	index: LogIndex,
	levels: LevelsIndex,
	day: number,
	config: ParticipationConfig,
	visibleOn = day
): Population {
	const from = day - config.windowDays + 1;
	const visible = new Uint8Array(index.people);
	const active = new Uint8Array(index.people);
	const level = new Uint8Array(index.people);
	let members = 0;
	for (let user = 0; user < index.people; user++) {
		if (index.optOut[user]! <= visibleOn) continue;
		visible[user] = 1;
		if (index.staff[user] || !activeBetween(index, levels, user, from, day)) continue;
		active[user] = 1;
		level[user] = levelOn(levels, user, day);
		members++;
	}
	return { day, from, visible, active, members, level };
}
