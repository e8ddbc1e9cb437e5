import type { Table } from 'dexie';
import { writableTables, type CollectifDB } from './database';
import { entityTables } from '$lib/domain/types';

/**
 * Demo mode has no server: this device is the authority. Draining the outbox accepts every
 * mutation in id order (the local commit order), so rows lose their `pending` mark exactly as
 * they would after a sync, and the sync indicator settles. One transaction: all or nothing.
 */
export async function acceptOutboxLocally(db: CollectifDB): Promise<number> {
	return db.transaction('rw', writableTables(db), async () => {
		const count = await db.outbox.count();
		if (count === 0) return 0;
		for (const table of entityTables) {
			await (db[table] as Table<{ pending?: number }, string>)
				.where('pending')
				.above(0)
				.modify((row) => {
					delete row.pending;
				});
		}
		await db.shadows.clear();
		await db.outbox.clear();
		return count;
	});
}
