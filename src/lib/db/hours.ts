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

/** Every contract of a space (host views), with the plan each was sold from. */
export const contractsIn = (db: CollectifDB, spaceId: string): Promise<Stored<Contract>[]> =>
	db.contracts.filter((contract) => contract.spaceId === spaceId).toArray();
