import { liveQuery, type Table } from 'dexie';
import type { Change, MutationResult, PullResponse, ResetReason } from '$lib/domain/protocol';
import { entityTables, type EntityTable, type EntityTables } from '$lib/domain/types';
import type { CollectifDB, OutboxEntry, Shadow, Stored, StoredResult } from './database';
import { writableTables } from './database';
import { FactJournal } from './fact-journal';
import { toStored } from './stored';

/**
 * The local side of sync (docs/sync-engine.md): what the engine reads from and writes to the
 * device. Every operation is ONE read-write Dexie transaction, so a tab killed at any point leaves
 * either the state before it or the state after it. Rows of participation facts that a pull, a
 * confirmation or a reset changes are noted in the journal in that same transaction
 * (`fact-journal.ts`).
 *
 * `meta` keys used here: `clientId`, `cursor:<spaceId>`, `spaces` (spaces this device learned of
 * from results), `ackedThrough` / `sentThrough` (push bookkeeping), `clockSkewMs`, `lastSyncedAt`.
 */

const CLIENT_ID = 'clientId';
const KNOWN_SPACES = 'spaces';
const ACKED = 'ackedThrough';
const SENT = 'sentThrough';
const SKEW = 'clockSkewMs';
const LAST_SYNCED = 'lastSyncedAt';
const COUNTER = 'nextMutationId';
/** A space's pull cursor; `cursor:*` for the results-only pull (no space). */
const cursorKey = (spaceId: string | null) => `cursor:${spaceId ?? '*'}`;

type AnyTable = Table<Stored<EntityTables[EntityTable]>, string>;
const tableOf = (db: CollectifDB, table: EntityTable) => db[table] as unknown as AnyTable;
const syncTables = (db: CollectifDB) => [...writableTables(db), db.results];

async function metaValue<T>(db: CollectifDB, key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}

/** This database's client id (one per user per device), created on first use. */
export function clientIdOf(db: CollectifDB): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const existing = await metaValue<string>(db, CLIENT_ID);
		if (existing) return existing;
		const id = crypto.randomUUID();
		await db.meta.put({ key: CLIENT_ID, value: id });
		return id;
	});
}

/** The first `max` outbox entries with an id above `after`, in id order. */
export function outboxBatch(db: CollectifDB, max: number, after = 0): Promise<OutboxEntry[]> {
	return db.outbox.where('id').above(after).limit(max).toArray();
}

/** The first outbox entry made by someone else than `userId` (a wiring bug), if any. */
export function foreignEntry(db: CollectifDB, userId: string): Promise<OutboxEntry | undefined> {
	return db.outbox.filter((entry) => entry.actorId !== userId).first();
}

/** How many of the user's changes wait for the server. */
export const waitingCount = (db: CollectifDB): Promise<number> => db.outbox.count();

/** Calls `listener` with the outbox count now and after every change, from any tab. */
export function observeOutbox(db: CollectifDB, listener: (count: number) => void): () => void {
	const subscription = liveQuery(() => db.outbox.count()).subscribe({
		next: listener,
		error: () => undefined
	});
	return () => subscription.unsubscribe();
}

/** The push bookkeeping: the highest id the server acknowledged, and the highest ever sent. */
export interface PushMarks {
	ackedThrough: number;
	sentThrough: number;
	/** The id the next local mutation will get. */
	nextMutationId: number;
}

export function pushMarks(db: CollectifDB): Promise<PushMarks> {
	return db.transaction('r', db.meta, async () => ({
		ackedThrough: (await metaValue<number>(db, ACKED)) ?? 0,
		sentThrough: (await metaValue<number>(db, SENT)) ?? 0,
		nextMutationId: (await metaValue<number>(db, COUNTER)) ?? 1
	}));
}

/** Written before a batch goes out: ids up to `id` have left this device at least once. */
export function markSent(db: CollectifDB, id: number): Promise<void> {
	return db.transaction('rw', db.meta, async () => {
		if (((await metaValue<number>(db, SENT)) ?? 0) < id)
			await db.meta.put({ key: SENT, value: id });
	});
}

/** Sets the highest id the server is known to have processed (lowered when it lost work). */
export async function setAckedThrough(db: CollectifDB, id: number): Promise<void> {
	await db.meta.put({ key: ACKED, value: id });
}

/**
 * A push's answer: the server processed every id `<= lastMutationId`. Rejections and applied
 * results that carry data are kept so this device shows them at once (the pull brings the same
 * results, and those of the user's other devices); a space they name becomes known.
 */
export function recordPushAnswer(
	db: CollectifDB,
	clientId: string,
	sent: readonly OutboxEntry[],
	answer: { lastMutationId: number; results: readonly PushItem[] },
	now: Date
): Promise<void> {
	return db.transaction('rw', [db.meta, db.results], async () => {
		const byId = new Map(sent.map((entry) => [entry.id, entry]));
		const results: MutationResult[] = [];
		for (const item of answer.results) {
			const entry = byId.get(item.id);
			if (!entry || item.status === 'duplicate') continue;
			if (item.status === 'applied' && !item.data) continue;
			results.push({
				clientId,
				mutationId: item.id,
				name: entry.name,
				args: entry.args,
				status: item.status,
				code: item.status === 'rejected' ? item.code : null,
				detail: item.status === 'rejected' ? (item.detail ?? null) : null,
				data: item.status === 'applied' ? (item.data ?? null) : null,
				createdAt: now.toISOString()
			});
		}
		await storeResults(db, results);
		await db.meta.put({ key: ACKED, value: answer.lastMutationId });
	});
}

type PushItem =
	| { id: number; status: 'applied'; data?: Record<string, unknown> }
	| { id: number; status: 'duplicate' }
	| { id: number; status: 'rejected'; code: MutationResult['code']; detail?: string };

/** Stores results, keeping this device's `seenAt`; a space named by a new result becomes known. */
async function storeResults(db: CollectifDB, results: readonly MutationResult[]): Promise<void> {
	if (results.length === 0) return;
	const keys = results.map((result) => [result.clientId, result.mutationId] as [string, number]);
	const existing = await db.results.bulkGet(keys);
	const known = new Set((await metaValue<string[]>(db, KNOWN_SPACES)) ?? []);
	const before = known.size;
	const rows: StoredResult[] = results.map((result, index) => {
		const old = existing[index];
		if (!old) {
			const spaceId = spaceNamedBy(result);
			if (spaceId) known.add(spaceId);
		}
		return old?.seenAt ? { ...result, seenAt: old.seenAt } : { ...result };
	});
	await db.results.bulkPut(rows);
	if (known.size !== before) await db.meta.put({ key: KNOWN_SPACES, value: [...known] });
}

function spaceNamedBy(result: MutationResult): string | undefined {
	const spaceId = result.status === 'applied' ? result.data?.['spaceId'] : undefined;
	return typeof spaceId === 'string' ? spaceId : undefined;
}

/** The pull cursor of a space (`null`: pull from zero). */
export async function cursorOf(
	db: CollectifDB,
	spaceId: string | null
): Promise<Record<string, unknown> | null> {
	return (await metaValue<Record<string, unknown>>(db, cursorKey(spaceId))) ?? null;
}

/**
 * The spaces this device should pull besides what the server lists: those where the user has a
 * local membership (a space created offline), and those named by the user's results (a join).
 */
export function localSpacesOf(db: CollectifDB, userId: string): Promise<string[]> {
	return db.transaction('r', [db.memberships, db.meta], async () => {
		const spaces = new Set(
			(await db.memberships.where('userId').equals(userId).toArray()).map((m) => m.spaceId)
		);
		for (const spaceId of (await metaValue<string[]>(db, KNOWN_SPACES)) ?? []) spaces.add(spaceId);
		return [...spaces];
	});
}

type PulledPage = Extract<PullResponse, { reset: false }>;

/**
 * Applies one page of a pull, in one transaction: each change goes to its table, or to `shadows`
 * when an unsynced local mutation wrote the row (the server's version waits there until that
 * mutation is confirmed); results are kept with this device's `seenAt`; the cursor advances; the
 * clock skew (server time minus device time) is recorded.
 */
export function applyPulledPage(
	db: CollectifDB,
	spaceId: string | null,
	page: PulledPage,
	receivedAt: Date = new Date()
): Promise<void> {
	return db.transaction('rw', syncTables(db), async () => {
		const journal = new FactJournal();
		await applyChanges(db, page.changes, journal);
		await journal.flush(db);
		await storeResults(db, page.results);
		await db.meta.put({ key: cursorKey(spaceId), value: page.cursor });
		const serverTime = Date.parse(page.serverTime);
		if (Number.isFinite(serverTime)) {
			await db.meta.put({ key: SKEW, value: serverTime - receivedAt.getTime() });
		}
	});
}

/** A page's changes, table by table in bulk (a row appears at most once in a page). */
async function applyChanges(
	db: CollectifDB,
	changes: readonly Change[],
	journal: FactJournal
): Promise<void> {
	const byTable = new Map<EntityTable, Change[]>();
	for (const change of changes) {
		const list = byTable.get(change.table) ?? [];
		list.push(change);
		byTable.set(change.table, list);
	}
	for (const [name, list] of byTable) {
		const table = tableOf(db, name);
		const locals = await table.bulkGet(list.map((change) => change.id));
		// A row that unsynced work wrote or deleted has a shadow: the server's version goes there.
		const watched = list.filter(
			(_, index) => locals[index]?.pending !== undefined || !locals[index]
		);
		const known = new Map<string, Shadow>();
		if (watched.length > 0) {
			const found = await db.shadows.bulkGet(watched.map((change) => [name, change.id]));
			for (const shadow of found) if (shadow) known.set(shadow.id, shadow);
		}
		const puts: Stored<EntityTables[EntityTable]>[] = [];
		const deletes: string[] = [];
		const shadows: Shadow[] = [];
		for (const [index, change] of list.entries()) {
			const row = change.deleted ? null : toStored(name, change.row as never, undefined);
			const deletedBy = known.get(change.id)?.deletedBy;
			if (locals[index]?.pending !== undefined || (!locals[index] && deletedBy !== undefined)) {
				shadows.push(
					deletedBy === undefined
						? { table: name, id: change.id, row }
						: { table: name, id: change.id, row, deletedBy }
				);
			} else {
				if (row === null) deletes.push(change.id);
				else puts.push(row);
				journal.note(name, locals[index], row);
			}
		}
		await table.bulkPut(puts);
		await table.bulkDelete(deletes);
		await db.shadows.bulkPut(shadows);
	}
}

/**
 * After a complete pull (`hasMore: false`) of every space reported that the server processed
 * every mutation `<= lastMutationId`: those outbox entries go, and each row they wrote (marked
 * `pending <= lastMutationId`) takes the server's version from its shadow, or disappears when
 * the server has none (a row created by a mutation the server rejected). A row they deleted
 * comes back from its shadow when the server still has it (the deletion was rejected), unless
 * later unsynced work wrote it again. Rows written by later mutations keep their mark and their
 * shadow. Returns how many outbox entries were confirmed.
 */
export function confirmThrough(db: CollectifDB, lastMutationId: number): Promise<number> {
	return db.transaction('rw', syncTables(db), async () => {
		const journal = new FactJournal();
		for (const name of entityTables) {
			const table = tableOf(db, name);
			const rows = await table.where('pending').between(1, lastMutationId, true, true).toArray();
			for (const row of rows) {
				const shadow = await db.shadows.get([name, row.id]);
				if (shadow?.row) await table.put(toStored(name, shadow.row as never, undefined));
				else await table.delete(row.id);
				if (shadow) await db.shadows.delete([name, row.id]);
				journal.note(name, row, shadow?.row ?? null);
			}
		}
		const deleted = await db.shadows
			.where('deletedBy')
			.between(1, lastMutationId, true, true)
			.toArray();
		for (const shadow of deleted) {
			const table = tableOf(db, shadow.table);
			if (await table.get(shadow.id)) {
				// Written again by later unsynced work: the shadow is now that write's.
				await db.shadows.put({ table: shadow.table, id: shadow.id, row: shadow.row });
				continue;
			}
			if (shadow.row) {
				await table.put(toStored(shadow.table, shadow.row as never, undefined));
				journal.note(shadow.table, null, shadow.row);
			}
			await db.shadows.delete([shadow.table, shadow.id]);
		}
		await journal.flush(db);
		const confirmed = await db.outbox.where('id').belowOrEqual(lastMutationId).delete();
		if (((await metaValue<number>(db, ACKED)) ?? 0) < lastMutationId) {
			await db.meta.put({ key: ACKED, value: lastMutationId });
		}
		return confirmed;
	});
}

const rowSpace = (table: EntityTable, row: { id: string; spaceId?: string }): string | undefined =>
	table === 'spaces' ? row.id : row.spaceId;

/**
 * The server says this device's copy of a space cannot continue (`expired`: its cursor is older
 * than the purge; `role_changed`; `not_member`). Clears the space's server rows and their shadows
 * and its cursor; rows of unsynced mutations and the outbox stay. `not_member` also forgets the
 * space, so it is no longer pulled; the others are pulled again from zero.
 */
export function resetSpace(db: CollectifDB, spaceId: string, reason: ResetReason): Promise<void> {
	return db.transaction('rw', syncTables(db), async () => {
		for (const name of entityTables) {
			const table = tableOf(db, name);
			const rows =
				name === 'spaces'
					? await table.where('id').equals(spaceId).toArray()
					: await table
							.filter((row) => (row as { spaceId?: string }).spaceId === spaceId)
							.toArray();
			const serverRows = rows.filter((row) => row.pending === undefined).map((row) => row.id);
			await table.bulkDelete(serverRows);
		}
		// The space's kept participation log is built again from what is left and what comes.
		const journal = new FactJournal();
		journal.everything(spaceId);
		await journal.flush(db);
		for (const shadow of await db.shadows.toArray()) {
			const local = shadow.row ?? (await tableOf(db, shadow.table).get(shadow.id));
			if (local && rowSpace(shadow.table, local) === spaceId) {
				// A row deleted by unsynced work stays deleted; the pull from zero refills its shadow.
				if (shadow.deletedBy !== undefined) await db.shadows.put({ ...shadow, row: null });
				else await db.shadows.delete([shadow.table, shadow.id]);
			}
		}
		await db.meta.delete(cursorKey(spaceId));
		if (reason === 'not_member') {
			const known = (await metaValue<string[]>(db, KNOWN_SPACES)) ?? [];
			await db.meta.put({ key: KNOWN_SPACES, value: known.filter((id) => id !== spaceId) });
		}
	});
}

/**
 * This database is an old copy (restored from a backup, or copied from another profile): the
 * server has already processed ids up to `serverLast` from this client, beyond what this copy ever
 * sent (`sentThrough`). The entries this copy made since are renumbered after `serverLast`, in
 * order, with the rows they wrote, so the server does not take them for duplicates.
 */
export function renumberUnsent(db: CollectifDB, serverLast: number): Promise<number> {
	return db.transaction('rw', syncTables(db), async () => {
		const sent = (await metaValue<number>(db, SENT)) ?? 0;
		const next = (await metaValue<number>(db, COUNTER)) ?? 1;
		// A database that sent every id it holds never sees the server ahead of `sentThrough`.
		if (serverLast <= sent) return 0;
		const delta = serverLast - sent;
		const unsent = await db.outbox.where('id').above(sent).toArray();
		await db.outbox.bulkDelete(unsent.map((entry) => entry.id));
		await db.outbox.bulkAdd(unsent.map((entry) => ({ ...entry, id: entry.id + delta })));
		for (const name of entityTables) {
			await tableOf(db, name)
				.where('pending')
				.above(sent)
				.modify((row) => {
					row.pending = row.pending! + delta;
				});
		}
		await db.shadows
			.where('deletedBy')
			.above(sent)
			.modify((shadow) => {
				shadow.deletedBy = shadow.deletedBy! + delta;
			});
		await db.meta.put({ key: COUNTER, value: next + delta });
		await db.meta.put({ key: SENT, value: serverLast });
		await db.meta.put({ key: ACKED, value: serverLast });
		return unsent.length;
	});
}

/** When this device last completed a sync (ISO instant), and records a new one. */
export const lastSyncedAtOf = (db: CollectifDB): Promise<string | undefined> =>
	metaValue<string>(db, LAST_SYNCED);

export async function setLastSyncedAt(db: CollectifDB, at: string): Promise<void> {
	await db.meta.put({ key: LAST_SYNCED, value: at });
}

/** Server time minus device time, in ms, from the last pull (0 before any). */
export async function clockSkewMs(db: CollectifDB): Promise<number> {
	return (await metaValue<number>(db, SKEW)) ?? 0;
}

/** The user's refused changes not yet dismissed on this device, newest first. */
export async function rejectedResults(db: CollectifDB): Promise<StoredResult[]> {
	const rows = await db.results.orderBy('createdAt').reverse().toArray();
	return rows.filter((row) => row.status === 'rejected' && row.seenAt === undefined);
}

/** The user dismissed a result on this device. */
export async function markResultSeen(
	db: CollectifDB,
	clientId: string,
	mutationId: number,
	at: Date = new Date()
): Promise<void> {
	await db.results.update([clientId, mutationId], { seenAt: at.toISOString() });
}
