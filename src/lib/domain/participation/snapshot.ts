/**
 * A participation log as plain data, to keep on the device between visits of the host's
 * community view (`db/participation-log.ts`): typed arrays and strings only, so IndexedDB's
 * structured clone stores and reads it in one piece, without an object per fact. Restoring it
 * gives a log that appends, upserts and derives exactly as the original would.
 */
import { IntColumn } from './columns';
import { ParticipationLog, type Keyed } from './compact';
import { adoptLevels, levelsData, type LevelsData } from './levels-index';
import { adoptIndex, builtIndex, indexData, type IndexData } from './log-index';

/**
 * Bumped whenever what a log holds for the same facts changes (a new column, another meaning):
 * a snapshot of another format is not restored, the log is built again from the rows.
 */
export const SNAPSHOT_FORMAT = 4;

/**
 * Rows with an id: one array per column, and `ids`, the JSON text of the ids in row order (one
 * string, not tens of thousands: IndexedDB reads it at once; parsed only when a row changes).
 */
export interface KeyedSnapshot {
	count: number;
	ids: string;
	columns: Record<string, Int32Array>;
}

export interface LogSnapshot {
	format: number;
	timeZone: string;
	users: string[];
	staff: Int32Array;
	optOut: Int32Array;
	firstSeen: Int32Array;
	rituals: string[];
	occurrences: { ritual: Int32Array; day: Int32Array; start: Int32Array; key: string[] };
	presence: { user: Int32Array; day: Int32Array };
	scheduled: { ritual: Int32Array; day: Int32Array; key: string[] };
	attendance: KeyedSnapshot;
	signups: KeyedSnapshot;
	welcomes: KeyedSnapshot;
	proposals: KeyedSnapshot;
	/**
	 * The derived index (`log-index.ts`) when it was built for the log as it was: a restored log
	 * is read at once, without a pass over its columns. Absent: built on the first read.
	 */
	index?: IndexData;
	/** The levels last read with that index (`levels-index.ts`), and the settings they are for. */
	levels?: LevelsData;
}

const copy = (column: IntColumn): Int32Array => column.data.slice(0, column.length);

function fill(column: IntColumn, values: Int32Array): void {
	// Room to grow (a column grows by doubling its capacity).
	column.data = new Int32Array(Math.max(64, values.length));
	column.data.set(values);
	column.length = values.length;
}

function keyedOf<Name extends string>(keyed: Keyed<Name>): KeyedSnapshot {
	const ids = keyed.idsText();
	const columns: Record<string, Int32Array> = {};
	for (const [name, column] of Object.entries<IntColumn>(keyed.column))
		columns[name] = copy(column);
	return { count: keyed.length, ids, columns };
}

function restoreKeyed<Name extends string>(keyed: Keyed<Name>, snapshot: KeyedSnapshot): void {
	for (const [name, column] of Object.entries<IntColumn>(keyed.column)) {
		const values = snapshot.columns[name];
		if (!values || values.length !== snapshot.count) {
			throw new Error(`participation snapshot: column ${name} does not match its ids`);
		}
		fill(column, values);
	}
	keyed.restoreIds(snapshot.ids);
}

/**
 * The log's facts as plain data (copies: later appends to the log do not change it), with its
 * index when it is built for the log as it is (`logIndex(log)` first to keep it).
 */
export function snapshotOf(log: ParticipationLog): LogSnapshot {
	return {
		format: SNAPSHOT_FORMAT,
		timeZone: log.timeZone,
		users: [...log.users],
		staff: copy(log.staff),
		optOut: copy(log.optOut),
		firstSeen: copy(log.firstSeen),
		rituals: [...log.rituals],
		occurrences: {
			ritual: copy(log.occurrences.ritual),
			day: copy(log.occurrences.day),
			start: copy(log.occurrences.start),
			key: [...log.occurrences.key]
		},
		presence: { user: copy(log.presence.user), day: copy(log.presence.day) },
		scheduled: {
			ritual: copy(log.scheduled.ritual),
			day: copy(log.scheduled.day),
			key: [...log.scheduled.key]
		},
		attendance: keyedOf(log.attendance),
		signups: keyedOf(log.signups),
		welcomes: keyedOf(log.welcomes),
		proposals: keyedOf(log.proposals),
		...withIndex(log)
	};
}

function withIndex(log: ParticipationLog): { index?: IndexData; levels?: LevelsData } {
	const index = builtIndex(log);
	if (!index) return {};
	const levels = levelsData(index);
	return levels ? { index: indexData(index), levels } : { index: indexData(index) };
}

/** Whether `value` is a snapshot this version can restore. */
export const isRestorable = (value: unknown): value is LogSnapshot =>
	typeof value === 'object' &&
	value !== null &&
	(value as { format?: unknown }).format === SNAPSHOT_FORMAT;

/** A log holding what the snapshot holds (a new object: restoring twice gives two logs). */
export function restoreLog(snapshot: LogSnapshot): ParticipationLog {
	if (snapshot.format !== SNAPSHOT_FORMAT) {
		throw new Error(`participation snapshot: format ${snapshot.format} is not ${SNAPSHOT_FORMAT}`);
	}
	const log = new ParticipationLog(snapshot.timeZone);
	snapshot.users.forEach((userId, person) => {
		log.users.push(userId);
		log.userIndex.set(userId, person);
	});
	fill(log.staff, snapshot.staff);
	fill(log.optOut, snapshot.optOut);
	fill(log.firstSeen, snapshot.firstSeen);
	for (const ritualId of snapshot.rituals) {
		log.ritualIndex.set(ritualId, log.rituals.push(ritualId) - 1);
	}
	fill(log.occurrences.ritual, snapshot.occurrences.ritual);
	fill(log.occurrences.day, snapshot.occurrences.day);
	fill(log.occurrences.start, snapshot.occurrences.start);
	for (const key of snapshot.occurrences.key) log.occurrences.key.push(key);
	fill(log.presence.user, snapshot.presence.user);
	fill(log.presence.day, snapshot.presence.day);
	fill(log.scheduled.ritual, snapshot.scheduled.ritual);
	fill(log.scheduled.day, snapshot.scheduled.day);
	for (const key of snapshot.scheduled.key) log.scheduled.key.push(key);
	restoreKeyed(log.attendance, snapshot.attendance);
	restoreKeyed(log.signups, snapshot.signups);
	restoreKeyed(log.welcomes, snapshot.welcomes);
	restoreKeyed(log.proposals, snapshot.proposals);
	const people = snapshot.users.length;
	for (const column of [log.staff, log.optOut, log.firstSeen]) {
		if (column.length !== people) throw new Error('participation snapshot: people do not match');
	}
	log.reindex();
	if (snapshot.index && adoptIndex(log, snapshot.index) && snapshot.levels) {
		adoptLevels(builtIndex(log)!, snapshot.levels);
	}
	return log;
}
