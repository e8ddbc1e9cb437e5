import type { EntityTable, EntityTables } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';
import { toStored } from './stored';

/**
 * Writes the rows of a batch of mutations inside the caller's transaction.
 * - `optimistic`: each row is tagged with the mutation that wrote it (`pending`), and the server's
 *   version of a row is kept in `shadows` the first time an unsynced mutation overwrites it, so a
 *   rejection can restore it (a pending row without a shadow was created by unsynced work).
 * - `accepted`: rows are written as the authority's (the demo device seeding its own script).
 * Rows read or written are cached for the batch, so a mutation that reads what the previous one
 * wrote costs no extra IndexedDB request.
 */
export class LocalWriter {
	readonly #cache = new Map<string, Stored<EntityTables[EntityTable]> | null>();
	/** The id of the mutation being applied (set by the caller before each handler). */
	mutationId = 0;

	constructor(
		private readonly db: CollectifDB,
		private readonly mode: 'optimistic' | 'accepted'
	) {}

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
		this.#cache.set(`${table}:${row.id}`, stored);
	}
}
