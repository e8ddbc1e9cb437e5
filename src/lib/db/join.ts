import type { CollectifDB } from './database';

export type JoinAttempt =
	{ state: 'waiting' } | { state: 'rejected' } | { state: 'joined'; spaceId: string | null };

/**
 * Where a `membership.join@1` request made on this device stands: still in the outbox, or
 * answered by the server (its result, pulled into `results`).
 */
export async function joinAttempt(db: CollectifDB, mutationId: number): Promise<JoinAttempt> {
	if (await db.outbox.get(mutationId)) return { state: 'waiting' };
	const results = await db.results
		.filter((result) => result.mutationId === mutationId && result.name === 'membership.join@1')
		.toArray();
	const latest = results.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
	if (!latest) return { state: 'waiting' };
	if (latest.status === 'rejected') return { state: 'rejected' };
	const spaceId = latest.data?.spaceId;
	return { state: 'joined', spaceId: typeof spaceId === 'string' ? spaceId : null };
}
