/**
 * The presence part of a log's index (`log-index.ts`): each person's presence days (sorted,
 * once each) and the people present each day, built from the presence columns, or extended by
 * the rows appended since it was built (a check-in: no sort, a copy of the arrays with the new
 * days merged in).
 */
import { groupRows, identity, sortRows, upperBound, type Groups } from './columns';
import type { ParticipationLog } from './compact';
import { NEVER } from './days';

export interface PresencePiece {
	/** Each person's presence days, sorted, once each (items are days). */
	presenceByUser: Groups;
	/** Present people per day, ascending (items are people): group `day − presenceFirstDay`. */
	presenceByDay: Groups;
	presenceFirstDay: number;
}

/** Past this many new (person, day) pairs, building again is as cheap as merging. */
const EXTEND_MAX = 512;

/** Presence days per person (sorted, once each) and people per day. */
export function presenceIndex(log: ParticipationLog, people: number): PresencePiece {
	const count = log.presence.day.length;
	const days = log.presence.day.data;
	const users = log.presence.user.data;
	const byDay = sortRows(count, (row) => days[row]!);
	const rows = groupRows(byDay, people, (row) => users[row]!);
	const offsets = new Int32Array(people + 1);
	const items = new Int32Array(count);
	let length = 0;
	for (let user = 0; user < people; user++) {
		let previous = NEVER;
		for (let i = rows.offsets[user]!; i < rows.offsets[user + 1]!; i++) {
			const day = days[rows.items[i]!]!;
			if (day !== previous) items[length++] = previous = day;
		}
		offsets[user + 1] = length;
	}
	const byUser = { offsets, items: items.subarray(0, length) };
	const firstDay = count > 0 ? days[byDay[0]!]! : NEVER;
	const lastDay = count > 0 ? days[byDay[count - 1]!]! : NEVER - 1;
	const owner = new Int32Array(length);
	for (let user = 0; user < people; user++) owner.fill(user, offsets[user]!, offsets[user + 1]!);
	const perDay = groupRows(
		identity(owner.length),
		count > 0 ? lastDay - firstDay + 1 : 0,
		(i) => items[i]! - firstDay
	);
	return {
		presenceByUser: byUser,
		presenceByDay: { offsets: perDay.offsets, items: perDay.items.map((i) => owner[i]!) },
		presenceFirstDay: firstDay
	};
}

/**
 * `piece` (built when the presence columns had `from` rows) with the rows appended since, for
 * `people` people (new people come with no days): what `presenceIndex` would build now. Null when
 * building again is the better way: too many new pairs, or a day before the first one.
 */
export function extendPresence(
	piece: PresencePiece,
	log: ParticipationLog,
	from: number,
	people: number
): PresencePiece | null {
	const old = piece.presenceByUser;
	const oldPeople = old.offsets.length - 1;
	const users = log.presence.user.data;
	const days = log.presence.day.data;
	const to = log.presence.day.length;
	if (to - from > EXTEND_MAX || people < oldPeople || piece.presenceFirstDay === NEVER) return null;
	// New (person, day) pairs, once each, sorted by person then day.
	const pairs: number[][] = [];
	for (let row = from; row < to; row++) {
		const user = users[row]!;
		const day = days[row]!;
		if (day < piece.presenceFirstDay) return null;
		if (user < oldPeople) {
			const end = old.offsets[user + 1]!;
			const at = upperBound(old.items, old.offsets[user]!, end, day - 1);
			if (at < end && old.items[at] === day) continue;
		}
		pairs.push([user, day]);
	}
	pairs.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
	const added = pairs.filter(
		(pair, i) => i === 0 || pair[0] !== pairs[i - 1]![0] || pair[1] !== pairs[i - 1]![1]
	);
	if (added.length === 0 && people === oldPeople) return piece;

	// Per person: their kept days with the new ones merged in.
	const offsets = new Int32Array(people + 1);
	const items = new Int32Array(old.items.length + added.length);
	let next = 0;
	let length = 0;
	for (let user = 0; user < people; user++) {
		const start = user < oldPeople ? old.offsets[user]! : 0;
		const end = user < oldPeople ? old.offsets[user + 1]! : 0;
		let i = start;
		while (next < added.length && added[next]![0] === user) {
			const day = added[next++]![1]!;
			while (i < end && old.items[i]! < day) items[length++] = old.items[i++]!;
			items[length++] = day;
		}
		while (i < end) items[length++] = old.items[i++]!;
		offsets[user + 1] = length;
	}

	// Per day: the kept people with the new ones merged in, ascending.
	const first = piece.presenceFirstDay;
	const byDay = piece.presenceByDay;
	const oldGroups = byDay.offsets.length - 1;
	let groups = oldGroups;
	for (const [, day] of added) groups = Math.max(groups, day! - first + 1);
	const byDayAdded = [...added].sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!);
	const dayOffsets = new Int32Array(groups + 1);
	const dayItems = new Int32Array(byDay.items.length + added.length);
	next = 0;
	length = 0;
	for (let group = 0; group < groups; group++) {
		const start = group < oldGroups ? byDay.offsets[group]! : 0;
		const end = group < oldGroups ? byDay.offsets[group + 1]! : 0;
		let i = start;
		while (next < byDayAdded.length && byDayAdded[next]![1]! - first === group) {
			const user = byDayAdded[next++]![0]!;
			while (i < end && byDay.items[i]! < user) dayItems[length++] = byDay.items[i++]!;
			dayItems[length++] = user;
		}
		while (i < end) dayItems[length++] = byDay.items[i++]!;
		dayOffsets[group + 1] = length;
	}
	return {
		presenceByUser: { offsets, items },
		presenceByDay: { offsets: dayOffsets, items: dayItems },
		presenceFirstDay: first
	};
}
