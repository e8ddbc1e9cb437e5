import { Dexie, type Table } from 'dexie';
import { compactFacts, type ParticipationLog } from '$lib/domain/participation/compact';
import type { ParticipationFacts, ScheduledRef } from '$lib/domain/participation/facts';
import { logIndex } from '$lib/domain/participation/log-index';
import {
	isRestorable,
	restoreLog,
	snapshotOf,
	SNAPSHOT_FORMAT
} from '$lib/domain/participation/snapshot';
import { parseRecurrence } from '$lib/domain/rituals/occurrences';
import { addDays, localDateOf } from '$lib/domain/time';
import type { EntityTables, Ritual } from '$lib/domain/types';
import type { CollectifDB, ParticipationLogHead, ParticipationLogSnapshot } from './database';
import { PRUNED, type FactChange } from './fact-journal';

/**
 * The compact participation log of a whole space, kept up to date on the device for the host's
 * community view (budget #10: reading a year of a 300-member space's rows, ~60k visits, takes
 * about 2 s at 4× CPU; the log's arithmetic about a tenth of that).
 *
 * What is kept (local only, `versions.ts` v4): per space, a head (`participationLogs`: journal
 * counter reached, stamp, zone, scheduled-through date) and a snapshot of the log
 * (`participationSnapshots`, typed arrays and strings: `domain/participation/snapshot.ts`, with
 * the log's derived index, so a tab that restores it computes at once); and
 * the journal of changed fact rows (`factChanges`, written by every write path in the same
 * transaction as its write: `fact-journal.ts`).
 *
 * `hostLog` reads, in one read-only transaction (so it runs inside a live query):
 * - fast path: the head, and the journal entries after its counter. With at most
 *   `JOURNAL_LIMIT` of them, it takes the log (this tab's copy in memory when the head is the
 *   one it saved or started from, else the snapshot, restored), reads the changed rows as they
 *   are now (`bulkGet` per table) and applies them: upserts for rows with an id, withdrawals for
 *   rows that are gone, staff and switches by person; a person whose visit moved or went away
 *   gets their presence days read again from their visits, one whose contract changed their
 *   first contract (presence is otherwise kept by day and only appended: a visit that merely
 *   ends, the common change, adds nothing new). Scheduled occurrences are expanded again when a
 *   series changed or the day did. Cost: proportional to the changes (a restore of the snapshot
 *   when another tab saved it: a copy of its arrays and a map per id list).
 * - slow path, once: no head, another zone or format, a reset of the space (`*` entry), more
 *   than `JOURNAL_LIMIT` entries, or entries pruned since the snapshot. The log is compacted
 *   from every row of the space (what the budget note measured: ~2 s at 4× for a year of 300
 *   members), with the journal's counter read in the same transaction.
 * Then, when the log changed, it is saved right after the next paint (a live query may not write,
 * and the screen comes first) in one read-write transaction: head and snapshot (with the log's
 * derived index and levels) put, and the space's journal entries up to the counter deleted. A save that finds a newer head from another tab is dropped.
 * Applying an entry again is harmless (entries say "read this row again"), so a save that comes
 * late, or never, only costs the next read some more entries.
 *
 * Returned logs are never changed afterwards: a changed log is a new object (screens compare
 * by reference), an unchanged one is the same object.
 */

/** Past this many changed rows, the log is built again from every row (a long absence). */
export const JOURNAL_LIMIT = 5_000;
/** Scheduled occurrences are expanded over this many days up to today (trends, windows). */
const SCHEDULE_DAYS = 731;
/** At most this many scheduled occurrences per series (a daily series over two years). */
const SCHEDULE_MAX = 1_000;

interface Memo {
	/** Heads this log is valid for: the one it was built on, and the one saved from it. */
	stamps: string[];
	seq: number;
	through: string;
	timeZone: string;
	log: ParticipationLog;
}

const memos = new WeakMap<CollectifDB, Map<string, Memo>>();
const saving = new WeakMap<CollectifDB, Set<Promise<void>>>();

function memosOf(db: CollectifDB): Map<string, Memo> {
	let map = memos.get(db);
	if (!map) memos.set(db, (map = new Map()));
	return map;
}

const newStamp = (): string => crypto.randomUUID();

export interface HostLogOptions {
	/** Scheduled occurrences are counted up to this instant's local date (default: now). */
	now?: Date;
}

/**
 * The compact log of every participation fact of the space (for the host's community view):
 * attendance, proposals, sign-ups, presence days, welcomes, switches, first contracts, hosts
 * and the occurrences the series scheduled up to today. Up to date with every row on the device.
 */
export async function hostLog(
	db: CollectifDB,
	spaceId: string,
	timeZone: string,
	{ now = new Date() }: HostLogOptions = {}
): Promise<ParticipationLog> {
	const today = localDateOf(now, timeZone);
	const memo = memosOf(db).get(spaceId);
	const read =
		(await db.transaction('r', readTables(db), () =>
			readLog(db, spaceId, timeZone, today, memo)
		)) ??
		// The kept snapshot could not be read: built again, in a transaction of its own (an error
		// caught deep in the first one may leave its scope).
		(await db.transaction('r', readTables(db), () => fromRows(db, spaceId, timeZone, today)));
	if (read.kind === 'same') return read.log;
	const stamp = read.kind === 'restored' ? read.base : newStamp();
	memosOf(db).set(spaceId, {
		stamps: read.base && read.base !== stamp ? [stamp, read.base] : [stamp],
		seq: read.seq,
		through: read.through,
		timeZone,
		log: read.log
	});
	if (read.kind === 'changed') {
		scheduleSave(db, {
			spaceId,
			stamp,
			base: read.base,
			seq: read.seq,
			timeZone,
			through: read.through,
			log: read.log
		});
	}
	return read.log;
}

/** Settles when every save of a kept log scheduled so far is done (tests, and before closing). */
export async function hostLogSaved(db: CollectifDB): Promise<void> {
	await Promise.all([...(saving.get(db) ?? [])]);
}

/** Every fact of the space, read from its rows: what the log holds when built from scratch. */
export async function spaceFacts(
	db: CollectifDB,
	spaceId: string,
	today: string
): Promise<ParticipationFacts> {
	const [attendance, proposals, signups, visits, welcomes, prefs, contracts, members, rituals] =
		await Promise.all([
			db.attendance.where('spaceId').equals(spaceId).toArray(),
			db.proposals.where('spaceId').equals(spaceId).toArray(),
			db.signups
				.where('[spaceId+occurrence]')
				.between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
				.toArray(),
			db.visits
				.where('[spaceId+startedAt]')
				.between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
				.toArray(),
			db.welcomes.where('spaceId').equals(spaceId).toArray(),
			db.participationPrefs.where('spaceId').equals(spaceId).toArray(),
			db.contracts
				.where('[spaceId+userId]')
				.between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
				.toArray(),
			db.memberships.where('spaceId').equals(spaceId).toArray(),
			db.rituals.where('spaceId').equals(spaceId).toArray()
		]);
	const firstContract = new Map<string, string>();
	for (const { userId, startsOn } of contracts) {
		const known = firstContract.get(userId);
		if (known === undefined || startsOn < known) firstContract.set(userId, startsOn);
	}
	return {
		attendance,
		proposals,
		signups,
		visits,
		welcomes,
		prefs,
		firstSeen: [...firstContract].map(([userId, date]) => ({ userId, date })),
		staffIds: members.filter((member) => member.role === 'host').map((member) => member.userId),
		scheduled: scheduledRefs(rituals, today)
	};
}

/**
 * The occurrences the space's series scheduled over the last `SCHEDULE_DAYS` days up to
 * `through` (cancelled ones included: held ÷ scheduled counts them as not held), by their
 * original start. Wall times only: no zone is needed for keys.
 */
export function scheduledRefs(
	rituals: readonly Pick<Ritual, 'id' | 'rrule' | 'startsAt' | 'endsBefore'>[],
	through: string
): ScheduledRef[] {
	const from = addDays(through, -SCHEDULE_DAYS);
	const refs: ScheduledRef[] = [];
	const wall = (date: string, hh: number, mm: number) =>
		new Date(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`);
	for (const ritual of rituals) {
		const rule = parseRecurrence(ritual.rrule, ritual.startsAt);
		const start = ritual.startsAt.slice(0, 10);
		if (!rule || start > through) continue;
		let count = 0;
		rule.between(wall(start > from ? start : from, 0, 0), wall(through, 23, 59), true, (date) => {
			const key = date.toISOString().slice(0, 16);
			if (ritual.endsBefore !== null && key >= ritual.endsBefore) return false;
			refs.push({ ritualId: ritual.id, key });
			return ++count < SCHEDULE_MAX;
		});
	}
	return refs;
}

type Read =
	| { kind: 'same'; log: ParticipationLog }
	/** The saved log, restored as it is: nothing to save. */
	| { kind: 'restored'; log: ParticipationLog; base: string; seq: number; through: string }
	| {
			kind: 'changed';
			log: ParticipationLog;
			/** The head it was built on (null: from the rows). */
			base: string | null;
			seq: number;
			through: string;
	  };

const readTables = (db: CollectifDB) => [
	db.participationLogs,
	db.participationSnapshots,
	db.factChanges,
	db.meta,
	db.attendance,
	db.proposals,
	db.signups,
	db.visits,
	db.welcomes,
	db.participationPrefs,
	db.contracts,
	db.memberships,
	db.rituals
];

async function readLog(
	db: CollectifDB,
	spaceId: string,
	timeZone: string,
	today: string,
	memo: Memo | undefined
): Promise<Read | null> {
	// A tab without the log in memory needs the snapshot: read with the head, not after it.
	const [head, prunedRow, snapshot] = await Promise.all([
		db.participationLogs.get(spaceId),
		db.meta.get(PRUNED),
		memo ? undefined : db.participationSnapshots.get(spaceId)
	]);
	const pruned = (prunedRow?.value as number | undefined) ?? 0;
	if (head && head.timeZone === timeZone && head.format === SNAPSHOT_FORMAT && head.seq >= pruned) {
		try {
			const read = await fromKept(db, spaceId, head, today, memo, snapshot);
			if (read) return read;
		} catch (error) {
			// A kept snapshot that cannot be read (damaged): the log is built again from the rows.
			console.warn('participation log: the kept snapshot was not used', error);
			return null;
		}
	}
	return fromRows(db, spaceId, timeZone, today, pruned);
}

/**
 * Slow path: every row of the space. Entries up to the counter read here are in these rows;
 * later ones come after them (the journal is written in the writes' transactions).
 */
async function fromRows(
	db: CollectifDB,
	spaceId: string,
	timeZone: string,
	today: string,
	pruned?: number
): Promise<Read> {
	pruned ??= ((await db.meta.get(PRUNED))?.value as number | undefined) ?? 0;
	const last = ((await db.factChanges.toCollection().lastKey()) as number | undefined) ?? 0;
	const log = compactFacts(await spaceFacts(db, spaceId, today), timeZone);
	return { kind: 'changed', log, base: null, seq: Math.max(last, pruned), through: today };
}

/** The fast path: the kept log (this tab's, or the snapshot) and the entries after it; null if it cannot serve. */
async function fromKept(
	db: CollectifDB,
	spaceId: string,
	head: ParticipationLogHead,
	today: string,
	memo: Memo | undefined,
	snapshot: ParticipationLogSnapshot | undefined
): Promise<Read | null> {
	const known = memo && memo.timeZone === head.timeZone && memo.stamps.includes(head.stamp);
	const after = known ? Math.max(head.seq, memo.seq) : head.seq;
	const entries = await db.factChanges
		.where('[spaceId+seq]')
		.between([spaceId, after + 1], [spaceId, Dexie.maxKey], true, true)
		.limit(JOURNAL_LIMIT + 1)
		.toArray();
	const through = known ? memo.through : head.through;
	if (entries.length > JOURNAL_LIMIT || entries.some((entry) => entry.table === '*')) return null;
	if (known && entries.length === 0 && through >= today) return { kind: 'same', log: memo.log };
	let log: ParticipationLog | null = null;
	if (known) {
		// A copy: a log handed out is never changed.
		log = restoreLog(snapshotOf(memo.log));
	} else {
		const data = snapshot ?? (await db.participationSnapshots.get(spaceId));
		if (data && data.stamp === head.stamp && isRestorable(data.log)) log = restoreLog(data.log);
	}
	if (!log) return null;
	const seq = entries.reduce((max, entry) => Math.max(max, entry.seq!), after);
	// Nothing to apply leaves the log as restored (its kept index stands).
	const seriesChanged = entries.length > 0 && (await applyEntries(db, log, spaceId, entries));
	if (seriesChanged || through < today) {
		const rituals = await db.rituals.where('spaceId').equals(spaceId).toArray();
		log.replaceScheduled(scheduledRefs(rituals, today));
	} else if (!known && entries.length === 0) {
		return { kind: 'restored', log, base: head.stamp, seq, through };
	}
	return {
		kind: 'changed',
		log,
		base: head.stamp,
		seq,
		through: through < today ? today : through
	};
}

/** The rows named by `entries`, as they are now, applied to `log`. Whether a series changed. */
async function applyEntries(
	db: CollectifDB,
	log: ParticipationLog,
	spaceId: string,
	entries: readonly FactChange[]
): Promise<boolean> {
	const ids = new Map<string, Set<string>>();
	const recompute = { visits: new Set<string>(), contracts: new Set<string>() };
	for (const entry of entries) {
		let set = ids.get(entry.table);
		if (!set) ids.set(entry.table, (set = new Set()));
		set.add(entry.id);
		if (entry.recompute === undefined) continue;
		if (entry.table === 'visits') recompute.visits.add(entry.recompute);
		if (entry.table === 'contracts') recompute.contracts.add(entry.recompute);
	}
	const rowsOf = async <K extends 'attendance' | 'signups' | 'proposals' | 'welcomes'>(
		table: K
	): Promise<{ present: EntityTables[K][]; gone: string[] }> => {
		const list = [...(ids.get(table) ?? [])];
		const rows = await (db[table] as unknown as Table<EntityTables[K], string>).bulkGet(list);
		return {
			present: rows.filter((row) => row !== undefined),
			gone: list.filter((_, i) => rows[i] === undefined)
		};
	};
	const [attendance, signups, proposals, welcomes] = await Promise.all([
		rowsOf('attendance'),
		rowsOf('signups'),
		rowsOf('proposals'),
		rowsOf('welcomes')
	]);
	log.append({
		attendance: attendance.present,
		signups: signups.present,
		proposals: proposals.present,
		welcomes: welcomes.present
	});
	log.removeRows({
		attendance: attendance.gone,
		signups: signups.gone,
		proposals: proposals.gone,
		welcomes: welcomes.gone
	});

	// Rows keyed `${spaceId}:${userId}`: the person is in the id even when the row is gone.
	const personOf = (id: string) => id.slice(spaceId.length + 1);
	const prefIds = [...(ids.get('participationPrefs') ?? [])];
	const prefs = await db.participationPrefs.bulkGet(prefIds);
	prefIds.forEach((id, i) => {
		const row = prefs[i];
		if (row) log.append({ prefs: [row] });
		else log.clearOptOut(personOf(id));
	});
	const memberIds = [...(ids.get('memberships') ?? [])];
	const members = await db.memberships.bulkGet(memberIds);
	memberIds.forEach((id, i) => log.setStaff(personOf(id), members[i]?.role === 'host'));

	const contractIds = [...(ids.get('contracts') ?? [])];
	for (const contract of await db.contracts.bulkGet(contractIds)) {
		if (contract) recompute.contracts.add(contract.userId);
	}
	for (const userId of recompute.contracts) {
		const starts = (
			await db.contracts.where('[spaceId+userId]').equals([spaceId, userId]).toArray()
		).map((contract) => contract.startsOn);
		log.setFirstSeen(userId, starts.length > 0 ? starts.sort()[0]! : null);
	}

	const visitIds = [...(ids.get('visits') ?? [])];
	const visits = await db.visits.bulkGet(visitIds);
	log.append({
		visits: visits.filter(
			(visit) => visit && visit.userId !== null && !recompute.visits.has(visit.userId)
		) as { userId: string; startedAt: string }[]
	});
	if (recompute.visits.size > 0) {
		const theirs = await Promise.all(
			[...recompute.visits].map((userId) =>
				db.visits
					.where('[userId+startedAt]')
					.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
					.filter((visit) => visit.spaceId === spaceId)
					.toArray()
			)
		);
		log.replacePresence(recompute.visits, theirs.flat());
	}
	return ids.has('rituals');
}

interface Save {
	spaceId: string;
	stamp: string;
	base: string | null;
	seq: number;
	timeZone: string;
	through: string;
	log: ParticipationLog;
}

/**
 * Saves once the screen that asked for the log has painted (a live query's transaction is
 * read-only, and the save copies the log and writes a few megabytes: it must not come first),
 * but without waiting for an idle moment that a busy page may never give: a host who leaves soon
 * after would lose it, and a log built from every row would be built again on the next visit.
 */
function scheduleSave(db: CollectifDB, save: Save): void {
	let set = saving.get(db);
	if (!set) saving.set(db, (set = new Set()));
	const pending = set;
	const done = new Promise<void>((resolve) => {
		afterNextPaint(() => {
			persist(db, save)
				.catch((error: unknown) => console.error('participation log not saved', error))
				.finally(resolve);
		});
	});
	pending.add(done);
	void done.then(() => pending.delete(done));
}

/**
 * Right after the next frame is painted (a task queued from the frame's callback); where there are
 * no frames (a hidden tab, tests), within a second, or at the next task.
 */
function afterNextPaint(run: () => void): void {
	if (typeof requestAnimationFrame !== 'function') {
		setTimeout(run, 0);
		return;
	}
	let ran = false;
	const once = () => {
		if (ran) return;
		ran = true;
		run();
	};
	requestAnimationFrame(() => setTimeout(once, 0));
	setTimeout(once, 1_000);
}

async function persist(db: CollectifDB, save: Save): Promise<void> {
	// With its index and levels (built by the view already, as a rule): the next tab reads them
	// as they are.
	logIndex(save.log);
	const snapshot = snapshotOf(save.log);
	await db.transaction(
		'rw',
		[db.participationLogs, db.participationSnapshots, db.factChanges],
		async () => {
			const head = await db.participationLogs.get(save.spaceId);
			const newer =
				head && head.stamp !== save.base && head.timeZone === save.timeZone && head.seq >= save.seq;
			if (newer) return;
			await db.participationLogs.put({
				spaceId: save.spaceId,
				seq: save.seq,
				stamp: save.stamp,
				timeZone: save.timeZone,
				through: save.through,
				format: SNAPSHOT_FORMAT
			});
			await db.participationSnapshots.put({
				spaceId: save.spaceId,
				stamp: save.stamp,
				log: snapshot
			});
			await db.factChanges
				.where('[spaceId+seq]')
				.between([save.spaceId, Dexie.minKey], [save.spaceId, save.seq], true, true)
				.delete();
		}
	);
}
