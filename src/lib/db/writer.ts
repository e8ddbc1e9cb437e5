import { Dexie } from 'dexie';
import { entityTables, type EntityTable, type EntityTables } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';
import { FactJournal } from './fact-journal';
import { RankCounter } from './ranks';
import { toStored } from './stored';

/**
 * Writes the rows of a batch of mutations inside the caller's transaction.
 * - `optimistic`: each row is tagged with the mutation that wrote it (`pending`), and the server's
 *   version of a row is kept in `shadows` the first time an unsynced mutation overwrites it, so a
 *   rejection can restore it (a pending row without a shadow was created by unsynced work). A
 *   row deleted by unsynced work leaves the table; its shadow (the server's version, or `null`
 *   when only unsynced work had made it) remembers the deleting mutation (`deletedBy`), so the
 *   sync store puts it back if the server refuses that mutation (`sync-store.ts#confirmThrough`).
 * - `accepted`: rows are written (and deleted) as the authority's (the demo device seeding its
 *   own script).
 * Rows read or written are cached for the batch, so a mutation that reads what the previous one
 * wrote costs no extra IndexedDB request. Changes of participation facts are noted in the journal
 * (`fact-journal.ts`), written once for the batch by `flush`.
 */
export class LocalWriter {
	readonly #cache = new Map<string, Stored<EntityTables[EntityTable]> | null>();
	readonly #ranks: RankCounter;
	readonly #journal: FactJournal;
	/**
	 * Writes sent and not yet awaited. IndexedDB runs a transaction's requests in the order they
	 * were made, so a later read in the batch sees them; waiting for each one would cost a round
	 * trip per row (most of a long batch's time: the demo's seeding writes over a thousand rows).
	 * `flush` awaits them all: a failed write still fails the batch.
	 */
	readonly #writes: Promise<unknown>[] = [];
	/** Tables wholly in the cache (`preload`): a row missing from it is missing from the table. */
	readonly #whole = new Set<EntityTable>();
	/** Seeding: the rows the current mutation changed, as they were before it (`undo`). */
	#before: { table: EntityTable; id: string; row: Stored<EntityTables[EntityTable]> | null }[] = [];
	/** The id of the mutation being applied (set by the caller before each handler). */
	mutationId = 0;

	/**
	 * `seeding`: a long batch over a nearly empty database (the demo's seeding): the tables are
	 * read whole first (`preload`), and the journal notes each space once (`FactJournal`).
	 */
	constructor(
		private readonly db: CollectifDB,
		readonly mode: 'optimistic' | 'accepted',
		{ seeding = false }: { seeding?: boolean } = {}
	) {
		this.#ranks = new RankCounter(db, (write) => this.send(write));
		this.#journal = new FactJournal({ wholesale: seeding });
	}

	get<K extends EntityTable>(table: K, id: string): Promise<Stored<EntityTables[K]> | undefined> {
		type Row = Stored<EntityTables[K]> | undefined;
		const key = `${table}:${id}`;
		if (this.#cache.has(key) || this.#whole.has(table)) {
			// A Dexie promise, not a native one: awaiting it keeps the transaction's zone, which a
			// long run of native awaits with no request to IndexedDB can lose (the next write then
			// finds its transaction over).
			return Dexie.Promise.resolve((this.#cache.get(key) ?? undefined) as Row);
		}
		return this.db[table].get(id).then((row) => {
			this.#cache.set(key, row ?? null);
			return (row ?? undefined) as Row;
		});
	}

	async put<K extends EntityTable>(table: K, row: EntityTables[K]): Promise<void> {
		const existing = await this.get(table, row.id);
		const optimistic = this.mode === 'optimistic';
		if (optimistic && existing && existing.pending === undefined) {
			this.send(this.db.shadows.put({ table, id: row.id, row: existing }));
		}
		this.#remember(table, row.id, existing);
		const stored = toStored(table, row, optimistic ? this.mutationId : undefined);
		this.send(this.db[table].put(stored as never));
		this.#journal.note(table, existing, row);
		this.#cache.set(`${table}:${row.id}`, stored);
	}

	/** Deletes a row (nothing when there is none), keeping what a rejection needs to restore it. */
	async delete<K extends EntityTable>(table: K, id: string): Promise<void> {
		const existing = await this.get(table, id);
		if (!existing) return;
		if (this.mode === 'optimistic') {
			// The server's version: the row itself, or the shadow an earlier unsynced write kept
			// (none: only unsynced work made the row, and the server has none).
			const server =
				existing.pending === undefined
					? existing
					: ((await this.db.shadows.get([table, id]))?.row ?? null);
			this.send(this.db.shadows.put({ table, id, row: server, deletedBy: this.mutationId }));
		}
		this.#remember(table, id, existing);
		this.send(this.db[table].delete(id));
		this.#journal.note(table, existing, null);
		this.#cache.set(`${table}:${id}`, null);
	}

	/**
	 * Reads every row of the entity tables into the cache, in one request per table, so the
	 * batch's lookups by id cost nothing. Only for a seeding batch, over tables that are still
	 * small (the demo's history is written right after its setup, over a few hundred rows).
	 */
	async preload(): Promise<void> {
		// One after the other: an async callback per table (`Promise.all`) can leave Dexie's
		// transaction zone, and the transaction ends under it.
		for (const table of entityTables) {
			for (const row of await this.db[table].toArray()) this.#cache.set(`${table}:${row.id}`, row);
			this.#whole.add(table);
		}
	}

	#remember<K extends EntityTable>(table: K, id: string, row: Stored<EntityTables[K]> | undefined) {
		if (this.#whole.size > 0) this.#before.push({ table, id, row: row ?? null });
	}

	/** Seeding: the current mutation's changes stand (the next one starts afresh). */
	keep(): void {
		this.#before = [];
	}

	/**
	 * Seeding: puts back every row the current mutation changed, as it was (the tables are whole
	 * in the cache, so "as it was" is known without a read). Its journal notes stay: in a seeding
	 * batch they only say "this space changed", which stays true of the batch.
	 */
	undo(): void {
		if (this.#whole.size === 0) throw new Error('undo needs the tables read whole (preload)');
		for (const { table, id, row } of this.#before.reverse()) {
			this.send(row ? this.db[table].put(row as never) : this.db[table].delete(id));
			this.#cache.set(`${table}:${id}`, row);
		}
		this.#before = [];
	}

	/** Sends a write of the batch without waiting for it (`flush` waits for them all). */
	send(write: Promise<unknown>): void {
		// Handled here too, so a write that fails before `flush` is not reported as unhandled.
		write.catch(() => {});
		this.#writes.push(write);
	}

	/**
	 * Writes the batch's journal entries (once, at the end of the batch's transaction) and waits
	 * for every write of the batch: the first that failed rejects, and the transaction aborts.
	 */
	async flush(): Promise<void> {
		this.send(this.#journal.flush(this.db));
		await Promise.all(this.#writes.splice(0));
	}

	/**
	 * The commit order a sign-up written now takes: null while it waits for the server (which
	 * stamps its own), the next local one when this device is the authority.
	 */
	async rank(): Promise<number | null> {
		return this.mode === 'accepted' ? this.#ranks.next() : null;
	}
}
