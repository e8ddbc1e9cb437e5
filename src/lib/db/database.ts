import { Dexie, type EntityTable as DexieTable, type Table } from 'dexie';
import type { EntityTable, EntityTables } from '$lib/domain/types';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import { schemaVersions } from './versions';

/** A row as stored: the entity, plus the id of the local mutation that last wrote it, if unsynced. */
export type Stored<T> = T & { pending?: number };

/** A mutation waiting to be pushed; `id` is this device's contiguous mutation counter. */
export interface OutboxEntry {
	id: number;
	name: MutationName;
	args: unknown;
	/** Who made it (one user per database, except in demo mode where personas share one). */
	actorId: string;
	createdAt: string;
}

/** The server's version of a row that an unsynced mutation overwrote. */
export interface Shadow {
	table: EntityTable;
	id: string;
	row: Stored<EntityTables[EntityTable]>;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

type EntityStores = { [K in EntityTable]: Table<Stored<EntityTables[K]>, string> };

export type CollectifDB = Dexie &
	EntityStores & {
		outbox: DexieTable<OutboxEntry, 'id'>;
		shadows: Table<Shadow, [EntityTable, string]>;
		meta: DexieTable<MetaEntry, 'key'>;
	};

/** Opens (creating or upgrading) the database of one user, or of the demo. */
export function openDatabase(name: string): CollectifDB {
	const db = new Dexie(name) as CollectifDB;
	for (const version of schemaVersions) {
		const declared = db.version(version.version).stores(version.stores);
		if (version.upgrade) declared.upgrade(version.upgrade);
	}
	return db;
}

/** Every table a mutation may write, for one all-or-nothing transaction. */
export const writableTables = (db: CollectifDB): Table[] => [
	db.spaces,
	db.memberships,
	db.plans,
	db.contracts,
	db.visits,
	db.rituals,
	db.signups,
	db.outbox,
	db.shadows,
	db.meta
];
