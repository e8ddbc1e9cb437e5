import { Dexie } from 'dexie';
import type { Adjustment, Contract, Plan, SpaceKey, TopupRequest } from '$lib/domain/types';
import { memberVisitsIn } from './visits';
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

export const adjustmentsOf = (
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<Adjustment>[]> =>
	db.adjustments.where('[spaceId+userId]').equals([spaceId, userId]).toArray();

/** Every adjustment of a space (host views). */
export const adjustmentsIn = (db: CollectifDB, spaceId: string): Promise<Stored<Adjustment>[]> =>
	db.adjustments
		.where('[spaceId+userId]')
		.between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
		.toArray();

export const topupRequestsIn = (
	db: CollectifDB,
	spaceId: string
): Promise<Stored<TopupRequest>[]> => db.topupRequests.where('spaceId').equals(spaceId).toArray();

export const topupRequestsOf = (
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<TopupRequest>[]> =>
	db.topupRequests.where('[spaceId+userId]').equals([spaceId, userId]).toArray();

/** The space's QR check-in key (only hosts' devices have it). */
export const spaceKeyOf = (
	db: CollectifDB,
	spaceId: string
): Promise<Stored<SpaceKey> | undefined> => db.spaceKeys.get(spaceId);

/** What `memberHours` needs for one member in one space, read in one go. */
export async function memberHoursData(db: CollectifDB, spaceId: string, userId: string) {
	const [contracts, visits, adjustments] = await Promise.all([
		contractsOf(db, spaceId, userId),
		memberVisitsIn(db, spaceId, userId),
		adjustmentsOf(db, spaceId, userId)
	]);
	return { contracts, visits, adjustments };
}
