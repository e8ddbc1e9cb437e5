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

export interface SpaceOfUser {
	space: Stored<Space>;
	membership: Stored<Membership>;
}

/** The spaces a user belongs to (their membership rows), by name. */
export async function spacesOfUser(db: CollectifDB, userId: string): Promise<SpaceOfUser[]> {
	const memberships = await db.memberships.where('userId').equals(userId).toArray();
	const spaces = await db.spaces.bulkGet(memberships.map((membership) => membership.spaceId));
	return memberships
		.flatMap((membership, index) => {
			const space = spaces[index];
			return space ? [{ space, membership }] : [];
		})
		.sort((a, b) => a.space.name.localeCompare(b.space.name));
}
