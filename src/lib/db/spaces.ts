import { membershipId, type Membership, type Space } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

export const spaceById = (db: CollectifDB, spaceId: string): Promise<Stored<Space> | undefined> =>
	db.spaces.get(spaceId);

export const membershipOf = (
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<Membership> | undefined> => db.memberships.get(membershipId(spaceId, userId));

/** Members of a space, by display name. */
export async function membersOf(db: CollectifDB, spaceId: string): Promise<Stored<Membership>[]> {
	const rows = await db.memberships.where('spaceId').equals(spaceId).toArray();
	return rows.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
