/**
 * Credits: the acts that count for a member's level, derived from the confirmed facts
 * (`../shared/design/participation.md`, "Activities"). Rules: a person's highest part per
 * occurrence; at most one credit per type per member per local day; staff earn none; nothing from
 * a member's opt-out day on; a proposal is credited when accepted, and replaced by the larger
 * credit on the day its ritual first takes place; a hand-over credits everyone who co-animated with
 * someone in the `handOverDays` before that person's first lead.
 */
import { activityTypes, HOSTING_RANK, partsByRank, typeCode } from './activity-types';
import { sortRows, upperBound } from './columns';
import { NOBODY, type ParticipationLog } from './compact';
import { NEVER } from './days';
import type { LogIndex } from './log-index';
import type { CreditList } from './replay';

/** Every member's credits, grouped by person and sorted by day. */
export interface Credits {
	offsets: Int32Array;
	day: Int32Array;
	type: Uint8Array;
	until: Int32Array;
	/** 1 for a person with a credit that stops counting (read by a full replay, `levels-index.ts`). */
	superseded: Uint8Array;
}

const LED = 3;
const PART_CODES = partsByRank.map((part) => typeCode(part));
const PROPOSED = typeCode('proposed');
const PROPOSAL_HELD = typeCode('proposalHeld');
const WELCOMED = typeCode('welcomed');
const HANDED_OVER = typeCode('handedOver');

/** Per log: the credits for its current `creditsKey`, by hand-over window. */
const cache = new WeakMap<ParticipationLog, { key: string; byWindow: Map<number, Credits> }>();

/**
 * The credits of the log behind `index`, for a hand-over window of `handOverDays`. Kept while
 * what they are derived from stays the same (`LogIndex#creditsKey`): presence is not among it.
 */
export function creditsOf(index: LogIndex, handOverDays: number): Credits {
	let kept = cache.get(index.log);
	if (!kept || kept.key !== index.creditsKey) {
		cache.set(index.log, (kept = { key: index.creditsKey, byWindow: new Map() }));
	}
	let credits = kept.byWindow.get(handOverDays);
	if (!credits) kept.byWindow.set(handOverDays, (credits = deriveCredits(index, handOverDays)));
	return credits;
}

/** Takes `credits` as those of `index` (restored with their log): they are not derived again. */
export function adoptCredits(index: LogIndex, handOverDays: number, credits: Credits): void {
	let kept = cache.get(index.log);
	if (!kept || kept.key !== index.creditsKey) {
		cache.set(index.log, (kept = { key: index.creditsKey, byWindow: new Map() }));
	}
	kept.byWindow.set(handOverDays, credits);
}

/** A person's credits as a list for the replay. */
export const creditListFor = (credits: Credits, user: number): CreditList => ({
	day: credits.day,
	type: credits.type,
	until: credits.until,
	start: credits.offsets[user]!,
	end: credits.offsets[user + 1]!
});

function deriveCredits(index: LogIndex, handOverDays: number): Credits {
	const { log, staff, optOut, occurrenceDay, partOccurrence, partUser, partRank } = index;
	const users: number[] = [];
	const days: number[] = [];
	const types: number[] = [];
	const untils: number[] = [];
	const credit = (user: number, day: number, type: number, until = NEVER) => {
		if (user === NOBODY || staff[user] || day >= optOut[user]! || until <= day) return;
		users.push(user);
		days.push(day);
		types.push(type);
		untils.push(until);
	};

	for (let part = 0; part < partUser.length; part++) {
		credit(partUser[part]!, occurrenceDay[partOccurrence[part]!]!, PART_CODES[partRank[part]!]!);
	}

	const firstHeld = new Int32Array(log.rituals.length).fill(NEVER);
	for (const occurrence of index.heldByDay) {
		const ritual = index.occurrenceRitual[occurrence]!;
		if (firstHeld[ritual] === NEVER) firstHeld[ritual] = occurrenceDay[occurrence]!;
	}
	const { user: proposer, decided: decision, ritual: proposed, accepted } = log.proposals.column;
	for (let row = 0; row < log.proposals.length; row++) {
		const decided = decision.get(row);
		if (!accepted.get(row) || decided === NEVER) continue;
		const ritual = proposed.get(row);
		const heldDay = ritual < 0 ? NEVER : firstHeld[ritual]!;
		const user = proposer.get(row);
		credit(user, decided, PROPOSED, heldDay);
		if (heldDay !== NEVER) credit(user, heldDay, PROPOSAL_HELD);
	}

	const { newcomer, welcomer, day: welcomeDay } = log.welcomes.column;
	for (let row = 0; row < log.welcomes.length; row++) {
		if (welcomer.get(row) !== newcomer.get(row))
			credit(welcomer.get(row), welcomeDay.get(row), WELCOMED);
	}

	handOvers(index, handOverDays, credit);
	return groupCredits(index.people, users, days, types, untils);
}

/** For each member's first lead: credit those who hosted with them when they co-animated before. */
function handOvers(
	index: LogIndex,
	handOverDays: number,
	credit: (user: number, day: number, type: number) => void
): void {
	const { partsByUser, partOccurrence, partUser, partRank, occurrenceDay } = index;
	for (let newcomer = 0; newcomer < index.people; newcomer++) {
		if (index.staff[newcomer]) continue;
		const [from, to] = [partsByUser.offsets[newcomer]!, partsByUser.offsets[newcomer + 1]!];
		let lead = from;
		while (lead < to && partRank[partsByUser.items[lead]!] !== LED) lead++;
		if (lead === to) continue;
		const leadDay = occurrenceDay[partOccurrence[partsByUser.items[lead]!]!]!;
		if (leadDay >= index.optOut[newcomer]!) continue;
		// The person's parts before their first lead, in occurrence order.
		for (let i = from; i < lead; i++) {
			const part = partsByUser.items[i]!;
			const occurrence = partOccurrence[part]!;
			if (partRank[part] !== HOSTING_RANK || leadDay - occurrenceDay[occurrence]! > handOverDays)
				continue;
			for (let other = index.partFrom[occurrence]!; other < index.partTo[occurrence]!; other++) {
				if (other !== part && partRank[other]! >= HOSTING_RANK)
					credit(partUser[other]!, leadDay, HANDED_OVER);
			}
		}
	}
}

/** Groups credits by person, sorted by day; one credit per type per person per day (the longest-lived). */
function groupCredits(
	people: number,
	users: number[],
	days: number[],
	types: number[],
	untils: number[]
): Credits {
	const byDay = sortRows(users.length, (row) => days[row]!);
	const byUser = sortRows(users.length, (row) => users[row]!, byDay);
	const offsets = new Int32Array(people + 1);
	const [day, type, until] = [
		new Int32Array(users.length),
		new Uint8Array(users.length),
		new Int32Array(users.length)
	];
	const superseded = new Uint8Array(people);
	// Per type code: the (person, day) group it was last seen in, and where its credit went.
	const seenIn = new Int32Array(activityTypes.length).fill(-1);
	const seenAt = new Int32Array(activityTypes.length);
	// Plain statements (no destructuring: an array each, while the loop is not optimized yet).
	let group = -1;
	let previousUser = -1;
	let previousDay = NaN;
	let length = 0;
	for (let i = 0; i < byUser.length; i++) {
		const row = byUser[i]!;
		const user = users[row]!;
		const code = types[row]!;
		const rowDay = days[row]!;
		if (user !== previousUser || rowDay !== previousDay) group++;
		previousUser = user;
		previousDay = rowDay;
		if (seenIn[code] === group) {
			const at = seenAt[code]!;
			until[at] = Math.max(until[at]!, untils[row]!);
			continue;
		}
		seenIn[code] = group;
		seenAt[code] = length;
		offsets[user + 1]!++;
		day[length] = rowDay;
		type[length] = code;
		until[length] = untils[row]!;
		length++;
	}
	for (let user = 0; user < people; user++) offsets[user + 1]! += offsets[user]!;
	for (let user = 0; user < people; user++) {
		for (let i = offsets[user]!; i < offsets[user + 1]!; i++)
			if (until[i] !== NEVER) superseded[user] = 1;
	}
	return {
		offsets,
		day: day.slice(0, length),
		type: type.slice(0, length),
		until: until.slice(0, length),
		superseded
	};
}

/** Whether the person has a credit in `[from, to]` (a sign of activity). */
export function hasCreditBetween(
	credits: Credits,
	user: number,
	from: number,
	to: number
): boolean {
	const start = credits.offsets[user]!;
	const end = credits.offsets[user + 1]!;
	const first = upperBound(credits.day, start, end, from - 1);
	return first < end && credits.day[first]! <= to;
}
