import type { EntityTable, EntityTables, Visit } from '$lib/domain/types';
import type { Stored } from './database';

/**
 * The stored form of an entity row: the entity, its `pending` mark if an unsynced mutation wrote
 * it, and local index helpers. `openOf` (the member's id while a visit is open) makes "the open
 * visit of a member" one index lookup: IndexedDB cannot index `endedAt === null`.
 */
export function toStored<K extends EntityTable>(
	table: K,
	row: EntityTables[K],
	pending: number | undefined
): Stored<EntityTables[K]> {
	const stored: Stored<EntityTables[K]> & { openOf?: string } = { ...row };
	if (pending !== undefined) stored.pending = pending;
	else delete stored.pending;
	if (table === 'visits') {
		const visit = row as Visit;
		if (visit.endedAt === null && visit.userId !== null) stored.openOf = visit.userId;
		else delete stored.openOf;
	}
	return stored;
}
