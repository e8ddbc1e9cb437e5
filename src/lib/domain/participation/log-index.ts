/**
 * What every level and indicator reads, derived from a log's columns in linear passes and kept
 * until the log changes: each person's best part per occurrence (parts laid out in occurrence
 * order), held occurrences by day, each person's parts and presence days in order, sign-ups per
 * occurrence. No map keyed by pairs: repeats are found with a per-person stamp array.
 */
import { HOSTING_RANK } from './activity-types';
import { groupRows, identity, upperBound, type Groups } from './columns';
import { extendPresence, presenceIndex, type PresencePiece } from './presence-index';
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
	/**
	 * Names the state of what credits (and so levels) are derived from: people, parts,
	 * occurrences, rituals, proposals, welcomes. The same key, the same credits (`credits.ts`).
	 */
	creditsKey: string;
}

/**
 * The index is assembled from pieces, each kept while the groups of columns it is derived from
 * keep their revisions (`ParticipationLog#revisions`): a check-in rebuilds the presence piece
 * only, and `creditsKey` (what credits and levels read) stays the same.
 */
interface Pieces {
	people: { key: string; staff: Int32Array; optOut: Int32Array };
	occurrences: { key: string; occurrenceDay: Int32Array; occurrenceRitual: Int32Array };
	parts: { key: string; value: PartsPiece };
	presence: { key: string; value: PresencePiece; rewrites: number; rows: number };
	signups: { key: string; signupsByOccurrence: Groups };
}

type PartsPiece = Pick<
	LogIndex,
	| 'heldByDay'
	| 'heldDay'
	| 'partOccurrence'
	| 'partUser'
	| 'partRank'
	| 'partFrom'
	| 'partTo'
	| 'partsByUser'
	| 'firstHostDay'
>;

/** The revisions each piece (and the credits) is derived from. */
function keysOf(log: ParticipationLog) {
	const r = log.revisions;
	const people = log.users.length;
	return {
		people: `${r.people}`,
		occurrences: `${r.occurrences}`,
		parts: `${r.attendance}|${r.occurrences}|${people}`,
		presence: `${r.presence}|${people}`,
		signups: `${r.signups}|${r.occurrences}|${people}`,
		credits: `${r.people}|${r.attendance}|${r.occurrences}|${r.rituals}|${r.proposals}|${r.welcomes}`
	};
}

const cache = new WeakMap<ParticipationLog, { version: number; index: LogIndex; pieces: Pieces }>();

/** The log's index, rebuilt (the pieces whose columns changed) only when the log changed. */
export function logIndex(log: ParticipationLog): LogIndex {
	const cached = cache.get(log);
	if (cached && cached.version === log.version) return cached.index;
	const { index, pieces } = buildIndex(log, cached?.pieces);
	cache.set(log, { version: log.version, index, pieces });
	return index;
}

/** The log's index if it is built for the log as it is now (nothing is built here). */
export function builtIndex(log: ParticipationLog): LogIndex | undefined {
	const cached = cache.get(log);
	return cached && cached.version === log.version ? cached.index : undefined;
}

/** What an index holds, as plain data (typed arrays: kept with a snapshot of its log). */
export type IndexData = Omit<LogIndex, 'log' | 'creditsKey'>;

/** The index as plain data (its arrays shared: an index is never changed once built). */
export function indexData(index: LogIndex): IndexData {
	const data: Partial<LogIndex> = { ...index };
	delete data.log;
	delete data.creditsKey;
	return data as IndexData;
}

/**
 * Takes `data` as the index of `log` as it is now (a log restored from the snapshot `data` was
 * kept with), if its sizes match the log's; otherwise the index will be built on first read.
 * Whether it was taken.
 */
export function adoptIndex(log: ParticipationLog, data: IndexData): boolean {
	const people = log.users.length;
	const occurrences = log.occurrences.day.length;
	const fits =
		data.people === people &&
		data.staff.length === people &&
		data.firstSeen.length === people &&
		data.presenceByUser.offsets.length === people + 1 &&
		data.partsByUser.offsets.length === people + 1 &&
		data.occurrenceDay.length === occurrences &&
		data.partFrom.length === occurrences &&
		data.signupsByOccurrence.offsets.length === occurrences + 1;
	if (!fits) return false;
	const keys = keysOf(log);
	const pieces: Pieces = {
		people: { key: keys.people, staff: data.staff, optOut: data.optOut },
		occurrences: {
			key: keys.occurrences,
			occurrenceDay: data.occurrenceDay,
			occurrenceRitual: data.occurrenceRitual
		},
		parts: {
			key: keys.parts,
			value: {
				heldByDay: data.heldByDay,
				heldDay: data.heldDay,
				partOccurrence: data.partOccurrence,
				partUser: data.partUser,
				partRank: data.partRank,
				partFrom: data.partFrom,
				partTo: data.partTo,
				partsByUser: data.partsByUser,
				firstHostDay: data.firstHostDay
			}
		},
		presence: {
			key: keys.presence,
			value: {
				presenceByUser: data.presenceByUser,
				presenceByDay: data.presenceByDay,
				presenceFirstDay: data.presenceFirstDay
			},
			rewrites: log.presenceRewrites,
			rows: log.presence.day.length
		},
		signups: { key: keys.signups, signupsByOccurrence: data.signupsByOccurrence }
	};
	cache.set(log, {
		version: log.version,
		index: { ...data, log, creditsKey: keys.credits },
		pieces
	});
	return true;
}

/** Whether the person was present on `day`. */
export function presentOn(index: LogIndex, user: number, day: number): boolean {
	const { offsets, items } = index.presenceByUser;
	const end = offsets[user + 1]!;
	const at = upperBound(items, offsets[user]!, end, day - 1);
	return at < end && items[at] === day;
}

function buildIndex(
	log: ParticipationLog,
	kept: Pieces | undefined
): { index: LogIndex; pieces: Pieces } {
	const keys = keysOf(log);
	const people = log.users.length;
	const occurrences = log.occurrences.day.length;
	const stamp = new Int32Array(people).fill(-1);

	const peoplePiece =
		kept?.people.key === keys.people
			? kept.people
			: {
					key: keys.people,
					staff: log.staff.data.slice(0, people),
					optOut: log.optOut.data.slice(0, people)
				};
	const occurrencePiece =
		kept?.occurrences.key === keys.occurrences
			? kept.occurrences
			: {
					key: keys.occurrences,
					occurrenceDay: log.occurrences.day.data.slice(0, occurrences),
					occurrenceRitual: log.occurrences.ritual.data.slice(0, occurrences)
				};
	const { occurrenceDay } = occurrencePiece;
	const partsPiece =
		kept?.parts.key === keys.parts
			? kept.parts
			: { key: keys.parts, value: partsOf(log, people, occurrenceDay, stamp) };
	const presencePiece = presenceFor(log, people, keys.presence, kept?.presence);
	const signupsPiece =
		kept?.signups.key === keys.signups
			? kept.signups
			: { key: keys.signups, signupsByOccurrence: signupsOf(log, occurrences, stamp) };

	const presence = presencePiece.value;
	const firstSeen = log.firstSeen.data.slice(0, people);
	for (let user = 0; user < people; user++) {
		const start = presence.presenceByUser.offsets[user]!;
		if (start < presence.presenceByUser.offsets[user + 1]!) {
			firstSeen[user] = Math.min(firstSeen[user]!, presence.presenceByUser.items[start]!);
		}
	}
	const parts = partsPiece.value;
	const firstHeld = parts.heldByDay.length > 0 ? occurrenceDay[parts.heldByDay[0]!]! : NEVER;
	const index: LogIndex = {
		log,
		people,
		staff: peoplePiece.staff,
		optOut: peoplePiece.optOut,
		firstSeen,
		occurrenceDay,
		occurrenceRitual: occurrencePiece.occurrenceRitual,
		...parts,
		...presence,
		signupsByOccurrence: signupsPiece.signupsByOccurrence,
		dataStart: Math.min(firstHeld, presence.presenceFirstDay),
		creditsKey: keys.credits
	};
	return {
		index,
		pieces: {
			people: peoplePiece,
			occurrences: occurrencePiece,
			parts: partsPiece,
			presence: presencePiece,
			signups: signupsPiece
		}
	};
}

/** Everything derived from the attendance rows: parts, held occurrences, hosting days. */
function partsOf(
	log: ParticipationLog,
	people: number,
	occurrenceDay: Int32Array,
	stamp: Int32Array
): PartsPiece {
	const occurrences = occurrenceDay.length;
	const occurrenceStart = log.occurrences.start.data.slice(0, occurrences);
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
	return {
		heldByDay,
		heldDay: heldByDay.map((o) => occurrenceDay[o]!),
		partOccurrence,
		partUser,
		partRank,
		partFrom: parts.from,
		partTo: parts.to,
		partsByUser,
		firstHostDay
	};
}

/** Active sign-ups with a person, by occurrence, once per person. */
/**
 * The presence piece: kept while presence is unchanged; when rows were only appended since (a
 * check-in), the kept piece extended with them; otherwise built again.
 */
function presenceFor(
	log: ParticipationLog,
	people: number,
	key: string,
	kept: Pieces['presence'] | undefined
): Pieces['presence'] {
	const rows = log.presence.day.length;
	if (kept?.key === key) return kept;
	const appendedOnly = kept && kept.rewrites === log.presenceRewrites && kept.rows <= rows;
	const value =
		(appendedOnly && extendPresence(kept.value, log, kept.rows, people)) ||
		presenceIndex(log, people);
	return { key, value, rewrites: log.presenceRewrites, rows };
}

function signupsOf(log: ParticipationLog, occurrences: number, stamp: Int32Array): Groups {
	const { occurrence, user, active } = log.signups.column;
	const rows: number[] = [];
	for (let row = 0; row < log.signups.length; row++) {
		if (active.get(row) === 1 && user.get(row) !== NOBODY) rows.push(row);
	}
	const grouped = groupRows(rows, occurrences, (row) => occurrence.get(row));
	return onceEach(grouped, occurrences, (row) => user.get(row), stamp);
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
		const first = byOccurrence.offsets[occurrence]!;
		const last = byOccurrence.offsets[occurrence + 1]!;
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
