import type { EntityTable, EntityTables } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/**
 * Writes the optimistic rows of one mutation, inside the caller's transaction: each row is tagged
 * with the mutation id, and the server's version of a row is kept in `shadows` the first time an
 * unsynced mutation overwrites it, so a rejection can restore it.
 */
export class OptimisticWriter {
	constructor(
		private readonly db: CollectifDB,
		readonly mutationId: number
	) {}

	get<K extends EntityTable>(table: K, id: string): Promise<Stored<EntityTables[K]> | undefined> {
		return this.db[table].get(id) as Promise<Stored<EntityTables[K]> | undefined>;
	}

	async put<K extends EntityTable>(table: K, row: EntityTables[K]): Promise<void> {
		const store = this.db[table];
		const existing = await store.get(row.id);
		if (existing?.pending === undefined) {
			await this.db.shadows.put({ table, id: row.id, row: existing ?? null });
		}
		await store.put({ ...row, pending: this.mutationId } as never);
	}
}
