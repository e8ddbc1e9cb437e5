import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { closeForgottenVisits } from '$lib/db/auto-close';
import { zonedInstant } from '$lib/domain/time';
import { MEMBER, SPACE, uuid } from '../builders';
import { applyMutation, freshDb, spaceWithMember } from './harness';
import { acceptOutboxLocally } from '$lib/db/outbox';

/** The demo authority's forgotten check-outs job (the database's job in connected mode). */
let db: CollectifDB;
const paris = (date: string, hh: number, mm = 0) => zonedInstant(date, hh, mm, 'Europe/Paris');
const checkIn = (visitId: string, at: string) =>
	applyMutation(db, {
		actorId: MEMBER,
		name: 'visit.start@1',
		args: { spaceId: SPACE, visitId, at }
	});

beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
});
afterEach(async () => {
	await db.delete();
});

describe('closing forgotten check-outs on the demo device', () => {
	it('closes an open visit at closing time once it has passed, marked, and frees the member', async () => {
		await checkIn(uuid(1), paris('2026-11-25', 9));
		await acceptOutboxLocally(db);
		expect(await closeForgottenVisits(db, new Date(paris('2026-11-25', 19, 59)))).toBe(0);
		expect(await closeForgottenVisits(db, new Date(paris('2026-11-26', 7)))).toBe(1);
		expect(await db.visits.get(uuid(1))).toMatchObject({
			endedAt: paris('2026-11-25', 20),
			autoClosed: true,
			reviewed: false
		});
		expect(await db.visits.where('openOf').equals(MEMBER).count()).toBe(0);
	});

	it('does the same whenever it runs, and nothing twice', async () => {
		await checkIn(uuid(2), paris('2026-11-20', 9));
		await acceptOutboxLocally(db);
		expect(await closeForgottenVisits(db, new Date(paris('2026-11-26', 7)))).toBe(1);
		expect((await db.visits.get(uuid(2)))?.endedAt).toBe(paris('2026-11-20', 20));
		expect(await closeForgottenVisits(db, new Date(paris('2026-11-27', 7)))).toBe(0);
	});

	it('leaves a visit with unsynced changes for the next run', async () => {
		await checkIn(uuid(3), paris('2026-11-25', 9));
		expect(await closeForgottenVisits(db, new Date(paris('2026-11-26', 7)))).toBe(0);
		expect((await db.visits.get(uuid(3)))?.endedAt).toBeNull();
	});
});
