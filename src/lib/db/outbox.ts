import type { Table } from 'dexie';
import { writableTables, type CollectifDB, type OutboxEntry } from './database';
import { entityTables } from '$lib/domain/types';
import { RankCounter } from './ranks';

/**
 * Demo mode has no server: this device is the authority. Draining the outbox accepts every
 * mutation in id order (the local commit order), so rows lose their `pending` mark exactly as
 * they would after a sync, and the sync indicator settles. Sign-ups get their commit order as
 * the server would stamp it (`rank`, and `roleRank` for a new role), from the device's counter,
 * so places and the waitlist show as they would. One transaction: all or nothing.
 */
export async function acceptOutboxLocally(db: CollectifDB): Promise<number> {
	return db.transaction('rw', writableTables(db), async () => {
		const entries = await db.outbox.toArray();
		if (entries.length === 0) return 0;
		await rankSignups(db, entries);
		for (const table of entityTables) {
			await (db[table] as Table<{ pending?: number }, string>)
				.where('pending')
				.above(0)
				.modify((row) => {
					delete row.pending;
				});
		}
		await db.shadows.clear();
		await db.outbox.clear();
		return entries.length;
	});
}

/** Stamps the unranked pending sign-ups in the order of the mutations that made them. */
async function rankSignups(db: CollectifDB, entries: readonly OutboxEntry[]): Promise<void> {
	const pending = await db.signups.where('pending').above(0).toArray();
	if (pending.length === 0) return;
	const byId = new Map(pending.map((signup) => [signup.id, signup]));
	const counter = new RankCounter(db);
	const stamp = async (signup: (typeof pending)[number]) => {
		if (signup.rank === null) {
			signup.rank = await counter.next();
			signup.roleRank ??= signup.rank;
		} else if (signup.roleRank === null) {
			signup.roleRank = await counter.next();
		}
	};
	for (const entry of entries) {
		const signupId = (entry.args as { signupId?: unknown } | null)?.signupId;
		const signup = typeof signupId === 'string' ? byId.get(signupId) : undefined;
		if (signup) await stamp(signup);
	}
	// Any other (moved by a split, say) in the order of their last write.
	for (const signup of [...pending].sort((a, b) => a.pending! - b.pending!)) await stamp(signup);
	await db.signups.bulkPut(pending);
}
