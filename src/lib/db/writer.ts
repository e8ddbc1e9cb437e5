import type { EntityTable, EntityTables } from '$lib/domain/types';
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
	readonly #journal = new FactJournal();
	/** The id of the mutation being applied (set by the caller before each handler). */
	mutationId = 0;

	constructor(
		private readonly db: CollectifDB,
		readonly mode: 'optimistic' | 'accepted'
	) {
		this.#ranks = new RankCounter(db);
	}

	async get<K extends EntityTable>(
		table: K,
		id: string
	): Promise<Stored<EntityTables[K]> | undefined> {
		const key = `${table}:${id}`;
		if (!this.#cache.has(key)) this.#cache.set(key, (await this.db[table].get(id)) ?? null);
		return (this.#cache.get(key) ?? undefined) as Stored<EntityTables[K]> | undefined;
	}

	async put<K extends EntityTable>(table: K, row: EntityTables[K]): Promise<void> {
		const existing = await this.get(table, row.id);
		const optimistic = this.mode === 'optimistic';
		if (optimistic && existing && existing.pending === undefined) {
			await this.db.shadows.put({ table, id: row.id, row: existing });
		}
		const stored = toStored(table, row, optimistic ? this.mutationId : undefined);
		await this.db[table].put(stored as never);
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
			await this.db.shadows.put({ table, id, row: server, deletedBy: this.mutationId });
		}
		await this.db[table].delete(id);
		this.#journal.note(table, existing, null);
		this.#cache.set(`${table}:${id}`, null);
	}

	/** Writes the batch's journal entries (once, at the end of the batch's transaction). */
	flush(): Promise<void> {
		return this.#journal.flush(this.db);
	}

	/**
	 * The commit order a sign-up written now takes: null while it waits for the server (which
	 * stamps its own), the next local one when this device is the authority.
	 */
	async rank(): Promise<number | null> {
		return this.mode === 'accepted' ? this.#ranks.next() : null;
	}
}
