import { openDatabase, type CollectifDB } from '$lib/db/database';
import { applyMutation, applyMutations } from '$lib/db/apply';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { HOST, MEMBER, SPACE, spaceArgs } from '../builders';

let serial = 0;

/** A fresh database (fake-indexeddb) per test. */
export function freshDb(): CollectifDB {
	return openDatabase(`test-${process.pid}-${++serial}`);
}

/** A space with a host and a member, already accepted (as if synced). */
export async function spaceWithMember(db: CollectifDB): Promise<void> {
	await applyMutations(db, [
		{ actorId: HOST, name: 'space.create@1', args: spaceArgs() },
		{
			actorId: HOST,
			name: 'membership.add@1',
			args: { spaceId: SPACE, userId: MEMBER, displayName: 'Camille', role: 'member' }
		}
	]);
	await acceptOutboxLocally(db);
}

/** Every row of every table, to prove that a refused change wrote nothing. */
export async function snapshot(db: CollectifDB): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) out[table.name] = await table.toArray();
	return out;
}

export { applyMutation, applyMutations };
