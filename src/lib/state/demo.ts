import { applyMutations } from '$lib/db/apply';
import { openDatabase, type CollectifDB } from '$lib/db/database';
import { buildDemoSeed } from '$lib/domain/demo/seed';
import { acceptOutboxLocally } from '$lib/db/outbox';

export const DEMO_DB_NAME = 'collectif-demo';
const SEEDED = 'demoSeededAt';

/** Opens the demo database and seeds it on first use, through the ordinary mutation path. */
export async function openDemo(now = new Date()): Promise<CollectifDB> {
	const db = openDatabase(DEMO_DB_NAME);
	await seedDemoIfEmpty(db, now);
	return db;
}

export async function seedDemoIfEmpty(db: CollectifDB, now: Date): Promise<boolean> {
	if (await db.meta.get(SEEDED)) return false;
	await applyMutations(db, buildDemoSeed(now), now);
	await db.meta.put({ key: SEEDED, value: now.toISOString() });
	await acceptOutboxLocally(db);
	return true;
}

/** Deletes every demo row and seeds a fresh demo space. */
export async function resetDemo(db: CollectifDB, now = new Date()): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		await Promise.all(db.tables.map((table) => table.clear()));
	});
	await seedDemoIfEmpty(db, now);
}
