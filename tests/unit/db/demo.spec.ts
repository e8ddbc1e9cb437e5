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
		const first = await seedDemoIfEmpty(db, now);
		expect(first.seeded).toBe(true);
		expect(await db.spaces.count()).toBe(1); // the setup is in when the call returns
		await first.history;
		expect((await seedDemoIfEmpty(db, now)).seeded).toBe(false);
		expect(await db.spaces.get(DEMO_SPACE_ID)).toMatchObject({ timeZone: 'Europe/Paris' });
		expect(await db.memberships.count()).toBeGreaterThanOrEqual(14);
		expect(await db.rituals.count()).toBe(3);
		expect(await db.visits.count()).toBeGreaterThan(50);
		expect(await db.outbox.count()).toBe(0);
		for (const table of entityTables)
			expect(await db[table].where('pending').above(0).count()).toBe(0);
		// Accepted at once by the demo authority: the user's first mutation gets id 1.
		expect(await db.meta.get('nextMutationId')).toBeUndefined();
	});

	it('reset wipes the visitor’s changes and seeds again', async () => {
		await (
			await seedDemoIfEmpty(db, now)
		).history;
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

	it('writes the same history on the next start when a start stopped after the setup', async () => {
		const { buildDemoSetup } = await import('$lib/domain/demo/seed');
		const { applyMutations } = await import('$lib/db/apply');
		await applyMutations(db, buildDemoSetup(now).script, { now, mode: 'accepted' });
		await db.meta.put({ key: 'demoSeed', value: { at: now.toISOString(), complete: false } });
		expect(await db.visits.count()).toBe(0);
		// A later start, another day: the history of the original script is written.
		const again = await seedDemoIfEmpty(db, new Date('2026-12-03T10:00:00.000Z'));
		await again.history;
		const fresh = openDatabase('demo-test-fresh');
		await (
			await seedDemoIfEmpty(fresh, now)
		).history;
		expect(await db.visits.count()).toBeGreaterThan(50);
		expect((await db.visits.toArray()).map((v) => v.startedAt).sort()).toEqual(
			(await fresh.visits.toArray()).map((v) => v.startedAt).sort()
		);
		expect(await db.signups.count()).toBe(await fresh.signups.count());
		expect(await db.spaces.count()).toBe(1);
		await fresh.delete();
	});

	it('waits for the first screen before writing the history', async () => {
		let idle!: () => void;
		const seeding = await seedDemoIfEmpty(db, now, () => new Promise((r) => (idle = r)));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await db.spaces.count()).toBe(1);
		expect(await db.visits.count()).toBe(0);
		idle();
		await seeding.history;
		expect(await db.visits.count()).toBeGreaterThan(50);
	});

	it('gives the personas hours facts to look at: a forgotten check-out, adjustments, a poster key', async () => {
		await (
			await seedDemoIfEmpty(db, now)
		).history;
		const camille = await db.visits
			.where('[userId+startedAt]')
			.between([personaIds.nomad, ''], [personaIds.nomad, '\uffff'])
			.toArray();
		expect(camille.filter((visit) => visit.autoClosed && !visit.reviewed)).toHaveLength(1);
		expect(await db.adjustments.count()).toBe(3);
		expect(await db.topupRequests.count()).toBe(1);
		expect((await db.spaceKeys.get(DEMO_SPACE_ID))?.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});
