/**
 * The compact form of a space's participation facts (`docs/participation.md`, "Compact form").
 * Reading tens of thousands of row objects (strings, dates) on every screen is too slow on a
 * phone, so facts are appended once into columns of integers: people, rituals and occurrences
 * become indices, dates become day numbers. Appending is proportional to the new facts; what is
 * derived from the columns (`log-index.ts`) is rebuilt on the next read after a change, in linear
 * integer passes. Facts with an id (attendance, sign-ups, proposals) are upserted, so a corrected
 * or contested row replaces its earlier version. A device keeps a space's log up to date from its
 * changed rows (`db/participation-log.ts`): rows that are gone are withdrawn (`removeRows`), and
 * what is derived per person (staff, first contract, presence days) can be set again.
 */
import { partRank } from './activity-types';
import { IntColumn } from './columns';
import { dayNumber, NEVER, wallMinutes } from './days';
import type { ParticipationFacts, ScheduledRef, VisitFact } from './facts';
import { LocalDays } from './local-days';

/** No person (an attendance row whose member does not show their name). */
export const NOBODY = -1;

/** Named columns and an id → row map: a row with an id replaces its earlier version. */
export class Keyed<Name extends string> {
	readonly column: Readonly<Record<Name, IntColumn>>;
	readonly #columns: IntColumn[];
	/** Row of each id; after `restoreIds`, built on first use (most reads never upsert). */
	#rows: Map<string, number> | null = new Map();
	/**
	 * The ids in row order as JSON text (one string clones fast), when known: kept from a snapshot
	 * until the map is needed, or made for one and kept until a new id comes.
	 */
	#idsText: string | null = null;

	constructor(names: readonly Name[]) {
		this.#columns = names.map(() => new IntColumn());
		this.column = Object.fromEntries(names.map((name, i) => [name, this.#columns[i]])) as Record<
			Name,
			IntColumn
		>;
	}

	get length(): number {
		return this.#columns[0]!.length;
	}

	/** Row of each id. */
	get rows(): Map<string, number> {
		if (this.#rows === null) {
			const ids: unknown = JSON.parse(this.#idsText!);
			if (!Array.isArray(ids) || ids.length !== this.length) {
				throw new Error('keyed rows: ids do not match the columns');
			}
			const rows = new Map<string, number>();
			for (let row = 0; row < ids.length; row++) rows.set(String(ids[row]), row);
			this.#rows = rows;
		}
		return this.#rows;
	}

	/** The ids in row order, as JSON text. */
	idsText(): string {
		if (this.#idsText === null) {
			const ids = new Array<string>(this.length);
			for (const [id, row] of this.#rows!) ids[row] = id;
			this.#idsText = JSON.stringify(ids);
		}
		return this.#idsText;
	}

	/**
	 * The ids of rows already in the columns (a restored snapshot), as `idsText` gave them. They
	 * are read (and checked against the columns) on the first upsert or removal.
	 */
	restoreIds(idsText: string): void {
		this.#idsText = idsText;
		this.#rows = null;
	}

	/** Values in the order of the column names (up to four: no array per row). */
	upsert(id: string, a: number, b: number, c: number, d = 0): void {
		const columns = this.#columns;
		const rows = this.rows;
		const row = rows.get(id);
		if (row === undefined) {
			rows.set(id, columns[0]!.push(a));
			this.#idsText = null;
			columns[1]!.push(b);
			columns[2]!.push(c);
			columns[3]?.push(d);
		} else {
			columns[0]!.set(row, a);
			columns[1]!.set(row, b);
			columns[2]!.set(row, c);
			columns[3]?.set(row, d);
		}
	}
}

/** Groups of columns that change together; what is derived from them follows their revisions. */
export type LogPart =
	| 'people'
	| 'rituals'
	| 'occurrences'
	| 'presence'
	| 'attendance'
	| 'signups'
	| 'scheduled'
	| 'welcomes'
	| 'proposals';

export class ParticipationLog {
	/** Changes on every append: derived indexes are rebuilt when it moved. */
	version = 0;
	/**
	 * Changes of each group of columns (never lower than before): what is derived from some groups
	 * only (`log-index.ts`, `levels-index.ts`) is kept while they stay the same, so a check-in
	 * (presence) leaves everyone's credits and levels as they are.
	 */
	/**
	 * Times presence rows were taken out (`replacePresence`); otherwise rows are only appended, so
	 * what was derived from the first n rows can be extended with the rest.
	 */
	presenceRewrites = 0;
	readonly revisions: Record<LogPart, number> = {
		people: 0,
		rituals: 0,
		occurrences: 0,
		presence: 0,
		attendance: 0,
		signups: 0,
		scheduled: 0,
		welcomes: 0,
		proposals: 0
	};
	readonly localDays: LocalDays;

	readonly users: string[] = [];
	readonly userIndex = new Map<string, number>();
	readonly staff = new IntColumn();
	/** First day the person is out of every score and aggregate (`NEVER`: not opted out). */
	readonly optOut = new IntColumn();
	/** First contract (or known start) day, `NEVER` if not given. */
	readonly firstSeen = new IntColumn();
	/** Last presence day appended per person: the common repeat (several visits a day) is skipped here. */
	readonly #lastPresent = new IntColumn();

	readonly rituals: string[] = [];
	readonly ritualIndex = new Map<string, number>();

	/** Occurrence index by ritual index, then original local start. */
	readonly #occurrenceIndex: Map<string, number>[] = [];
	readonly occurrences = {
		ritual: new IntColumn(),
		day: new IntColumn(),
		start: new IntColumn(),
		key: [] as string[]
	};
	#lastOccurrence = { ritualId: '', local: '', index: -1 };
	/** Lookups to rebuild from the columns on first use (`reindex`): each only where it is needed. */
	#stale = { occurrences: false, scheduled: false, present: false };

	/** Person `NOBODY` when not named; part: rank 0-3 (`activity-types.ts#partRank`), −1 once removed. */
	readonly attendance = new Keyed(['occurrence', 'user', 'part'] as const);
	/** Presence days (person, day); repeats are possible, the index keeps one. */
	readonly presence = { user: new IntColumn(), day: new IntColumn() };
	/** `active`: 1, or 0 once cancelled. */
	readonly signups = new Keyed(['occurrence', 'user', 'active'] as const);
	readonly #scheduledSeen = new Set<string>();
	/** `key`: the occurrence's original local start. */
	readonly scheduled = { ritual: new IntColumn(), day: new IntColumn(), key: [] as string[] };
	/** One row per id (or per (newcomer, welcomer) without one); welcomer `NOBODY` for nobody in particular. */
	readonly welcomes = new Keyed(['newcomer', 'welcomer', 'day'] as const);
	/** `decided`: day or `NEVER`; `ritual`: −1 for none; `accepted`: 0/1. */
	readonly proposals = new Keyed(['user', 'decided', 'ritual', 'accepted'] as const);

	constructor(readonly timeZone: string) {
		this.localDays = new LocalDays(timeZone);
	}

	/** The person's index, created on first sight. */
	person(userId: string): number {
		let index = this.userIndex.get(userId);
		if (index === undefined) {
			this.#ensurePresent();
			this.revisions.people++;
			index = this.users.push(userId) - 1;
			this.userIndex.set(userId, index);
			this.staff.push(0);
			this.optOut.push(NEVER);
			this.firstSeen.push(NEVER);
			this.#lastPresent.push(NEVER);
		}
		return index;
	}

	ritual(ritualId: string): number {
		let index = this.ritualIndex.get(ritualId);
		if (index === undefined) {
			this.#ensureOccurrences();
			this.revisions.rituals++;
			index = this.rituals.push(ritualId) - 1;
			this.ritualIndex.set(ritualId, index);
			this.#occurrenceIndex.push(new Map());
		}
		return index;
	}

	/** An occurrence by its series and original local start. */
	occurrence(ritualId: string, local: string): number {
		const last = this.#lastOccurrence;
		// Rows of one occurrence usually come together: no map lookup for them.
		if (last.ritualId === ritualId && last.local === local) return last.index;
		this.#ensureOccurrences();
		const ritual = this.ritual(ritualId);
		const byStart = this.#occurrenceIndex[ritual]!;
		let index = byStart.get(local);
		if (index === undefined) {
			this.revisions.occurrences++;
			index = this.occurrences.ritual.push(ritual);
			this.occurrences.day.push(dayNumber(local));
			this.occurrences.start.push(wallMinutes(local));
			this.occurrences.key.push(local);
			byStart.set(local, index);
		}
		this.#lastOccurrence = { ritualId, local, index };
		return index;
	}

	/** Adds (or, for rows with an id, replaces) facts. */
	append(facts: ParticipationFacts): this {
		const some = (list: readonly unknown[] | undefined) => list !== undefined && list.length > 0;
		const revisions = this.revisions;
		if (some(facts.staffIds) || some(facts.optOuts) || some(facts.prefs) || some(facts.firstSeen))
			revisions.people++;
		if (some(facts.visits) || some(facts.presence)) revisions.presence++;
		if (some(facts.attendance)) revisions.attendance++;
		if (some(facts.signups)) revisions.signups++;
		if (some(facts.scheduled)) revisions.scheduled++;
		if (some(facts.welcomes)) revisions.welcomes++;
		if (some(facts.proposals)) revisions.proposals++;
		for (const id of facts.staffIds ?? []) this.staff.set(this.person(id), 1);
		for (const { userId, since } of facts.optOuts ?? []) {
			const person = this.person(userId);
			this.optOut.set(person, Math.min(this.optOut.get(person), dayNumber(since)));
		}
		for (const { userId, optedOut, optedOutAt } of facts.prefs ?? []) {
			const since = optedOut && optedOutAt !== null ? this.localDays.dayOf(optedOutAt) : NEVER;
			this.optOut.set(this.person(userId), since);
		}
		for (const { userId, date } of facts.firstSeen ?? []) {
			const person = this.person(userId);
			this.firstSeen.set(person, Math.min(this.firstSeen.get(person), dayNumber(date)));
		}
		for (const visit of facts.visits ?? []) {
			if (visit.userId !== null)
				this.#present(this.person(visit.userId), this.localDays.dayOf(visit.startedAt));
		}
		for (const { userId, date } of facts.presence ?? [])
			this.#present(this.person(userId), dayNumber(date));
		for (const row of facts.attendance ?? []) {
			const occurrence = this.occurrence(row.ritualId, row.occurrence);
			const user = row.userId === null ? NOBODY : this.person(row.userId);
			this.attendance.upsert(row.id, occurrence, user, partRank[row.part]);
		}
		for (const row of facts.signups ?? []) {
			const occurrence = this.occurrence(row.ritualId, row.occurrence);
			const user = row.userId === null ? NOBODY : this.person(row.userId);
			this.signups.upsert(row.id, occurrence, user, row.cancelled ? 0 : 1);
		}
		if (some(facts.scheduled)) this.#ensureScheduled();
		for (const { ritualId, key } of facts.scheduled ?? []) {
			const seen = `${ritualId}|${key}`;
			if (this.#scheduledSeen.has(seen)) continue;
			this.#scheduledSeen.add(seen);
			this.scheduled.ritual.push(this.ritual(ritualId));
			this.scheduled.day.push(dayNumber(key));
			this.scheduled.key.push(key);
		}
		for (const welcome of facts.welcomes ?? []) {
			const newcomer = this.person(welcome.newcomerId);
			const welcomer = welcome.welcomerId === null ? NOBODY : this.person(welcome.welcomerId);
			const day = this.localDays.dayOf(welcome.confirmedAt);
			this.welcomes.upsert(welcome.id ?? `${newcomer}|${welcomer}`, newcomer, welcomer, day);
		}
		for (const row of facts.proposals ?? []) {
			const user = row.userId === null ? NOBODY : this.person(row.userId);
			const decided = row.decidedAt === null ? NEVER : this.localDays.dayOf(row.decidedAt);
			const ritual = row.ritualId === null ? -1 : this.ritual(row.ritualId);
			this.proposals.upsert(row.id, user, decided, ritual, row.status === 'accepted' ? 1 : 0);
		}
		this.version++;
		return this;
	}

	/**
	 * Withdraws rows that are gone, by id: attendance (no part: the occurrence is no longer held
	 * by it), sign-ups (as if cancelled), welcomes (nobody named: no credit, not welcomed) and
	 * proposals (not accepted). Unknown ids are ignored. What every indicator reads is then what a
	 * log built without those rows gives.
	 */
	removeRows(ids: {
		attendance?: readonly string[];
		signups?: readonly string[];
		welcomes?: readonly string[];
		proposals?: readonly string[];
	}): this {
		const each = (keyed: { rows: Map<string, number> }, list: readonly string[] | undefined) =>
			(list ?? []).flatMap((id) => {
				const row = keyed.rows.get(id);
				return row === undefined ? [] : [row];
			});
		const revisions = this.revisions;
		if (ids.attendance?.length) revisions.attendance++;
		if (ids.signups?.length) revisions.signups++;
		if (ids.welcomes?.length) revisions.welcomes++;
		if (ids.proposals?.length) revisions.proposals++;
		for (const row of each(this.attendance, ids.attendance))
			this.attendance.column.part.set(row, -1);
		for (const row of each(this.signups, ids.signups)) this.signups.column.active.set(row, 0);
		for (const row of each(this.welcomes, ids.welcomes))
			this.welcomes.column.welcomer.set(row, NOBODY);
		for (const row of each(this.proposals, ids.proposals)) {
			this.proposals.column.accepted.set(row, 0);
			this.proposals.column.decided.set(row, NEVER);
		}
		this.version++;
		return this;
	}

	/** Whether the person is staff (a host), as their membership now says. */
	setStaff(userId: string, staff: boolean): this {
		const person = this.userIndex.get(userId);
		if (person === undefined && !staff) return this;
		this.staff.set(person ?? this.person(userId), staff ? 1 : 0);
		this.revisions.people++;
		this.version++;
		return this;
	}

	/** The person's switch is off (or their switches are gone): in every score again. */
	clearOptOut(userId: string): this {
		const person = this.userIndex.get(userId);
		if (person === undefined) return this;
		this.optOut.set(person, NEVER);
		this.revisions.people++;
		this.version++;
		return this;
	}

	/**
	 * The person's first contract date as their contracts now say (null: none), replacing the
	 * earlier one (`append` only ever moves it earlier).
	 */
	setFirstSeen(userId: string, date: string | null): this {
		const person = this.userIndex.get(userId);
		if (person === undefined && date === null) return this;
		this.firstSeen.set(person ?? this.person(userId), date === null ? NEVER : dayNumber(date));
		this.revisions.people++;
		this.version++;
		return this;
	}

	/**
	 * Replaces the presence days of `userIds` by those of `visits` (all of their visits in the
	 * space, as they are now): a corrected or deleted visit no longer leaves its old day behind.
	 * One pass over the presence rows, whatever the number of people.
	 */
	replacePresence(userIds: Iterable<string>, visits: readonly VisitFact[]): this {
		this.#ensurePresent();
		const replaced = new Set<number>();
		for (const userId of userIds) {
			const person = this.userIndex.get(userId);
			if (person !== undefined) replaced.add(person);
		}
		if (replaced.size > 0) {
			const { user, day } = this.presence;
			let kept = 0;
			for (let row = 0; row < user.length; row++) {
				if (replaced.has(user.get(row))) continue;
				user.set(kept, user.get(row));
				day.set(kept++, day.get(row));
			}
			user.length = day.length = kept;
			this.revisions.presence++;
			this.presenceRewrites++;
			for (const person of replaced) this.#lastPresent.set(person, NEVER);
		}
		return this.append({ visits });
	}

	/** Replaces the scheduled occurrences (the series' rules changed, or the days moved on). */
	replaceScheduled(refs: readonly ScheduledRef[]): this {
		this.revisions.scheduled++;
		this.#scheduledSeen.clear();
		this.#stale.scheduled = false;
		this.scheduled.ritual.length = this.scheduled.day.length = 0;
		this.scheduled.key.length = 0;
		return this.append({ scheduled: refs });
	}

	/**
	 * Marks the lookups kept beside the columns (occurrences by series and start, scheduled
	 * occurrences seen, each person's last presence day) to be rebuilt after the columns were
	 * filled directly, from a snapshot (`snapshot.ts`). They are rebuilt on the first append, so a
	 * restored log that is only read never builds them.
	 */
	reindex(): this {
		this.#stale = { occurrences: true, scheduled: true, present: true };
		this.version++;
		return this;
	}

	#ensureOccurrences(): void {
		if (!this.#stale.occurrences) return;
		this.#stale.occurrences = false;
		this.#occurrenceIndex.length = 0;
		for (let ritual = 0; ritual < this.rituals.length; ritual++)
			this.#occurrenceIndex.push(new Map());
		const { ritual, key } = this.occurrences;
		for (let occurrence = 0; occurrence < key.length; occurrence++) {
			this.#occurrenceIndex[ritual.get(occurrence)]!.set(key[occurrence]!, occurrence);
		}
		this.#lastOccurrence = { ritualId: '', local: '', index: -1 };
	}

	#ensureScheduled(): void {
		if (!this.#stale.scheduled) return;
		this.#stale.scheduled = false;
		this.#scheduledSeen.clear();
		for (let row = 0; row < this.scheduled.key.length; row++) {
			const ritualId = this.rituals[this.scheduled.ritual.get(row)]!;
			this.#scheduledSeen.add(`${ritualId}|${this.scheduled.key[row]!}`);
		}
	}

	#ensurePresent(): void {
		if (!this.#stale.present) return;
		this.#stale.present = false;
		this.#lastPresent.length = 0;
		for (let person = 0; person < this.users.length; person++) this.#lastPresent.push(NEVER);
		const { user, day } = this.presence;
		for (let row = 0; row < user.length; row++) this.#lastPresent.set(user.get(row), day.get(row));
	}

	#present(user: number, day: number): void {
		this.#ensurePresent();
		if (this.#lastPresent.get(user) === day) return;
		this.#lastPresent.set(user, day);
		this.presence.user.push(user);
		this.presence.day.push(day);
	}
}

/** A log holding `facts`, for a space in `timeZone`. */
export function compactFacts(facts: ParticipationFacts, timeZone: string): ParticipationLog {
	return new ParticipationLog(timeZone).append(facts);
}
