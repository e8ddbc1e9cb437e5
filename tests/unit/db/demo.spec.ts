import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/db/database';
import { resetDemo, seedDemoIfEmpty } from '$lib/state/demo';
import { DEMO_SPACE_ID, personaIds } from '$lib/domain/demo/people';
import { openVisitOf } from '$lib/db/visits';
import { applyMutation } from '$lib/db/apply';
import { entityTables } from '$lib/domain/types';

let db = openDatabase('demo-test');
beforeEach(() => {
	db = openDatabase('demo-test');
});
afterEach(() => db.delete());
const now = new Date('2026-11-26T10:00:00.000Z');

describe('demo mode', () => {
	it('seeds a space once, through the mutation path, with nothing left pending', async () => {
		expect(await seedDemoIfEmpty(db, now)).toBe(true);
		expect(await seedDemoIfEmpty(db, now)).toBe(false);
		expect(await db.spaces.get(DEMO_SPACE_ID)).toMatchObject({ timeZone: 'Europe/Paris' });
		expect(await db.memberships.count()).toBeGreaterThanOrEqual(14);
		expect(await db.rituals.count()).toBe(3);
		expect(await db.visits.count()).toBeGreaterThan(50);
		expect(await db.outbox.count()).toBe(0);
		for (const table of entityTables)
			expect(await db[table].where('pending').above(0).count()).toBe(0);
		// The counter went through the seed: the next mutation id follows it.
		expect((await db.meta.get('nextMutationId'))?.value).toBeGreaterThan(100);
	});

	it('reset wipes the visitor’s changes and seeds again', async () => {
		await seedDemoIfEmpty(db, now);
		await applyMutation(db, {
			actorId: personaIds.nomad,
			name: 'visit.start@1',
			args: { spaceId: DEMO_SPACE_ID, visitId: crypto.randomUUID(), at: now.toISOString() }
		});
		expect(await openVisitOf(db, personaIds.nomad)).toBeDefined();
		await resetDemo(db, now);
		expect(await openVisitOf(db, personaIds.nomad)).toBeUndefined();
		expect(await db.spaces.count()).toBe(1);
	});
});
