import { Dexie, type EntityTable as DexieTable, type Table } from 'dexie';
import type { EntityTable, EntityTables } from '$lib/domain/types';
import type { MutationName } from '$lib/domain/mutations/catalogue';
import type { MutationResult } from '$lib/domain/protocol';
import type { LogSnapshot } from '$lib/domain/participation/snapshot';
import type { FactChange } from './fact-journal';
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

/**
 * The server's version of a row that unsynced mutations overwrote: kept so that a rejection
 * restores it, and refreshed by pulls while the row is pending. `null`: the server has no such
 * row (or deleted it).
 */
export interface Shadow {
	table: EntityTable;
	id: string;
	row: Stored<EntityTables[EntityTable]> | null;
	/**
	 * The unsynced mutation that deleted the row from its table (`LocalWriter.delete`): until it
	 * is confirmed, the server's version waits here, and a rejection puts it back.
	 */
	deletedBy?: number;
}

/** A mutation's outcome on the server (`MutationResult`), with this device's acknowledgement. */
export interface StoredResult extends MutationResult {
	/** When the user dismissed it on this device. */
	seenAt?: string;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

/**
 * What this device keeps of a space's participation log (`participation-log.ts`): local only,
 * never synced. The head is small and read on every view; the snapshot only when this tab has not
 * got the log in memory already.
 */
export interface ParticipationLogHead {
	spaceId: string;
	/** Journal entries up to this counter are in the snapshot. */
	seq: number;
	/** Changes with every save: the tab that saved it knows the log already. */
	stamp: string;
	timeZone: string;
	/** Scheduled occurrences were expanded through this local date. */
	through: string;
	format: number;
}

export interface ParticipationLogSnapshot {
	spaceId: string;
	stamp: string;
	log: LogSnapshot;
}

type EntityStores = { [K in EntityTable]: Table<Stored<EntityTables[K]>, string> };

export type CollectifDB = Dexie &
	EntityStores & {
		outbox: DexieTable<OutboxEntry, 'id'>;
		shadows: Table<Shadow, [EntityTable, string]>;
		results: Table<StoredResult, [string, number]>;
		meta: DexieTable<MetaEntry, 'key'>;
		factChanges: DexieTable<FactChange, 'seq'>;
		participationLogs: DexieTable<ParticipationLogHead, 'spaceId'>;
		participationSnapshots: DexieTable<ParticipationLogSnapshot, 'spaceId'>;
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
	db.invitations,
	db.adjustments,
	db.spaceKeys,
	db.topupRequests,
	db.occurrenceChanges,
	db.proposals,
	db.attendance,
	db.vocabularies,
	db.welcomes,
	db.participationPrefs,
	db.contests,
	db.participationSettings,
	db.outbox,
	db.shadows,
	db.meta,
	// Every change of a participation fact is noted in the same transaction (`fact-journal.ts`).
	db.factChanges
];
