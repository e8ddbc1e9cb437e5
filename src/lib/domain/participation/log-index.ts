/**
 * What every level and indicator reads, derived from a log's columns in linear passes and kept
 * until the log changes: each person's best part per occurrence (parts laid out in occurrence
 * order), held occurrences by day, each person's parts and presence days in order, sign-ups per
 * occurrence. No map keyed by pairs: repeats are found with a per-person stamp array.
 */
import { HOSTING_RANK } from './activity-types';
import { groupRows, identity, sortRows, upperBound, type Groups } from './columns';
import { NOBODY, type ParticipationLog } from './compact';
import { NEVER } from './days';

export interface LogIndex {
	log: ParticipationLog;
	people: number;
	staff: Int32Array;
	optOut: Int32Array;
	/** Earliest of the first contract and the first presence day (`NEVER`: unknown). */
	firstSeen: Int32Array;
	occurrenceDay: Int32Array;
	occurrenceRitual: Int32Array;
	/** Held occurrences (an attendance row exists) by start; `heldDay` their days, for windows. */
	heldByDay: Int32Array;
	heldDay: Int32Array;
	/** Parts: one per (occurrence, person), the person's highest part, in occurrence start order. */
	partOccurrence: Int32Array;
	partUser: Int32Array;
	partRank: Int32Array;
	/** The parts of occurrence o are `partFrom[o] … partTo[o] − 1`. */
	partFrom: Int32Array;
	partTo: Int32Array;
	/** Each person's parts (indices), in occurrence order. */
	partsByUser: Groups;
	/** First day each person co-animated or led (`NEVER`: never). */
	firstHostDay: Int32Array;
	/** Each person's presence days, sorted, once each (items are days). */
	presenceByUser: Groups;
	/** Present people per day (items are people): group `day − presenceFirstDay`. */
	presenceByDay: Groups;
	presenceFirstDay: number;
	/** Active sign-ups with a person, by occurrence, once per person (items are people). */
	signupsByOccurrence: Groups;
	/** First day with any presence or held occurrence (`NEVER`: no data). */
	dataStart: number;
}

const cache = new WeakMap<ParticipationLog, { version: number; index: LogIndex }>();

/** The log's index, rebuilt only when the log changed since the last read. */
export function logIndex(log: ParticipationLog): LogIndex {
	const cached = cache.get(log);
	if (cached && cached.version === log.version) return cached.index;
	const index = buildIndex(log);
	cache.set(log, { version: log.version, index });
	return index;
}

/** Whether the person was present on `day`. */
export function presentOn(index: LogIndex, user: number, day: number): boolean {
	const { offsets, items } = index.presenceByUser;
	const end = offsets[user + 1]!;
	const at = upperBound(items, offsets[user]!, end, day - 1);
	return at < end && items[at] === day;
}

function buildIndex(log: ParticipationLog): LogIndex {
	const people = log.users.length;
	const occurrences = log.occurrences.day.length;
	const occurrenceDay = log.occurrences.day.data.slice(0, occurrences);
	const occurrenceStart = log.occurrences.start.data.slice(0, occurrences);
	const stamp = new Int32Array(people).fill(-1);
	const parts = bestParts(log, occurrences, occurrenceStart, stamp);
	const { partOccurrence, partUser, partRank } = parts;

	const partsByUser = groupRows(identity(partUser.length), people, (part) => partUser[part]!);
	const firstHostDay = new Int32Array(people).fill(NEVER);
	for (let part = 0; part < partUser.length; part++) {
		const user = partUser[part]!;
		if (partRank[part]! >= HOSTING_RANK && firstHostDay[user] === NEVER) {
			firstHostDay[user] = occurrenceDay[partOccurrence[part]!]!;
		}
	}
	const heldByDay = parts.heldInOrder;

	const presence = presenceIndex(log, people);
	const firstSeen = log.firstSeen.data.slice(0, people);
	for (let user = 0; user < people; user++) {
		const start = presence.byUser.offsets[user]!;
		if (start < presence.byUser.offsets[user + 1]!) {
			firstSeen[user] = Math.min(firstSeen[user]!, presence.byUser.items[start]!);
		}
	}

	const {
		occurrence: signupOccurrence,
		user: signupUser,
		active: signupActive
	} = log.signups.column;
	const signupRows: number[] = [];
	for (let row = 0; row < log.signups.length; row++) {
		if (signupActive.get(row) === 1 && signupUser.get(row) !== NOBODY) signupRows.push(row);
	}
	const grouped = groupRows(signupRows, occurrences, (row) => signupOccurrence.get(row));
	const signupsByOccurrence = onceEach(grouped, occurrences, (row) => signupUser.get(row), stamp);

	const firstHeld = heldByDay.length > 0 ? occurrenceDay[heldByDay[0]!]! : NEVER;
	return {
		log,
		people,
		staff: log.staff.data.slice(0, people),
		optOut: log.optOut.data.slice(0, people),
		firstSeen,
		occurrenceDay,
		occurrenceRitual: log.occurrences.ritual.data.slice(0, occurrences),
		heldByDay,
		heldDay: heldByDay.map((o) => occurrenceDay[o]!),
		partOccurrence,
		partUser,
		partRank,
		partFrom: parts.from,
		partTo: parts.to,
		partsByUser,
		firstHostDay,
		presenceByUser: presence.byUser,
		presenceByDay: presence.byDay,
		presenceFirstDay: presence.firstDay,
		signupsByOccurrence,
		dataStart: Math.min(firstHeld, presence.firstDay)
	};
}

/** Each person's highest part per occurrence, occurrences taken in start order. */
function bestParts(
	log: ParticipationLog,
	occurrences: number,
	start: Int32Array,
	stamp: Int32Array
) {
	const { occurrence: occurrenceOf, user: userOf, part: rankOf } = log.attendance.column;
	const rows: number[] = [];
	for (let row = 0; row < log.attendance.length; row++) if (rankOf.get(row) >= 0) rows.push(row);
	const byOccurrence = groupRows(rows, occurrences, (row) => occurrenceOf.get(row));
	const order = Array.from({ length: occurrences }, (_, o) => o).sort(
		(a, b) => start[a]! - start[b]! || a - b
	);
	const [partOccurrence, partUser, partRank] = [
		new Int32Array(rows.length),
		new Int32Array(rows.length),
		new Int32Array(rows.length)
	];
	const [from, to] = [new Int32Array(occurrences), new Int32Array(occurrences)];
	const heldInOrder: number[] = [];
	let count = 0;
	for (const occurrence of order) {
		const [first, last] = [
			byOccurrence.offsets[occurrence]!,
			byOccurrence.offsets[occurrence + 1]!
		];
		from[occurrence] = count;
		if (first < last) heldInOrder.push(occurrence);
		for (let i = first; i < last; i++) {
			const row = byOccurrence.items[i]!;
			const user = userOf.get(row);
			if (user === NOBODY) continue;
			const rank = rankOf.get(row);
			// `stamp[user]` holds the person's part in this occurrence, if seen already.
			const seen = stamp[user]!;
			if (seen >= from[occurrence]! && partOccurrence[seen] === occurrence) {
				if (rank > partRank[seen]!) partRank[seen] = rank;
				continue;
			}
			stamp[user] = count;
			partOccurrence[count] = occurrence;
			partUser[count] = user;
			partRank[count++] = rank;
		}
		to[occurrence] = count;
	}
	stamp.fill(-1);
	return {
		partOccurrence: partOccurrence.slice(0, count),
		partUser: partUser.slice(0, count),
		partRank: partRank.slice(0, count),
		from,
		to,
		heldInOrder: Int32Array.from(heldInOrder)
	};
}

/** Groups whose items become people, each person once per group. */
function onceEach(
	groups: Groups,
	count: number,
	personOf: (item: number) => number,
	stamp: Int32Array
): Groups {
	const offsets = new Int32Array(count + 1);
	const items: number[] = [];
	for (let g = 0; g < count; g++) {
		for (let i = groups.offsets[g]!; i < groups.offsets[g + 1]!; i++) {
			const person = personOf(groups.items[i]!);
			if (stamp[person] === g) continue;
			stamp[person] = g;
			items.push(person);
		}
		offsets[g + 1] = items.length;
	}
	stamp.fill(-1);
	return { offsets, items: Int32Array.from(items) };
}

/** Presence days per person (sorted, once each) and people per day. */
function presenceIndex(log: ParticipationLog, people: number) {
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
		byUser,
		byDay: { offsets: perDay.offsets, items: perDay.items.map((i) => owner[i]!) },
		firstDay
	};
}
