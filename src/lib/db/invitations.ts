import type { Invitation } from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/** A space's invitations that still work (not revoked), newest first. */
export async function activeInvitationsOf(
	db: CollectifDB,
	spaceId: string
): Promise<Stored<Invitation>[]> {
	const rows = await db.invitations.where('spaceId').equals(spaceId).toArray();
	return rows
		.filter((invitation) => !invitation.revoked)
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
