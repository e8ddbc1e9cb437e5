import { Dexie } from 'dexie';
import type { Contract, Plan } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

export const contractsOf = (
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<Contract>[]> =>
	db.contracts.where('[spaceId+userId]').equals([spaceId, userId]).toArray();

export const plansOf = (db: CollectifDB, spaceId: string): Promise<Stored<Plan>[]> =>
	db.plans.where('spaceId').equals(spaceId).toArray();

/** Every contract of a space (host views). */
export const contractsIn = (db: CollectifDB, spaceId: string): Promise<Stored<Contract>[]> =>
	db.contracts
		.where('[spaceId+userId]')
		.between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
		.toArray();
