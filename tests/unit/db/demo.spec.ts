import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/db/database';
import { resetDemo, seedDemoIfEmpty } from '$lib/state/demo';
import { DEMO_SPACE_ID, personaIds } from '$lib/domain/demo/people';
import { openVisitOf } from '$lib/db/visits';
import { applyMutation } from '$lib/db/apply';
import { entityTables } from '$lib/domain/types';
import { buildDemoSetup } from '$lib/domain/demo/seed';
import { seatsOf, seatOfUser } from '$lib/domain/rituals/signups';
import {
	attendanceOfSpace,
	changesOf,
	proposalsOf,
	ritualById,
	signupsOfOccurrence,
	vocabularyOf
} from '$lib/db/rituals';
import { acceptOutboxLocally } from '$lib/db/outbox';

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
		// Three scheduled by the host, one from a member's accepted proposal.
		expect(await db.rituals.count()).toBe(4);
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

	it('shows every state of a ritual: full with a waitlist, an open role, attendance, proposals', async () => {
		await (
			await seedDemoIfEmpty(db, now)
		).history;
		const { lunch } = buildDemoSetup(now);
		const ritual = (await ritualById(db, lunch.ritualId))!;
		const signups = await signupsOfOccurrence(db, lunch.ritualId, lunch.occurrence);
		expect(signups.every((s) => s.rank !== null && s.roleRank !== null)).toBe(true);
		const seats = seatsOf(ritual, signups);
		expect(seats).toMatchObject({ confirmed: 14, waitlisted: 2, pending: 0, placesLeft: 0 });
		expect(seatOfUser(seats, personaIds.resident)).toMatchObject({
			status: 'waitlisted',
			position: 1
		});
		const camille = seatOfUser(seats, personaIds.nomad);
		expect(camille).toMatchObject({ status: 'confirmed', roleStatus: 'filled' });
		expect(camille?.signup.roleKey).not.toBeNull();
		expect(seats.roles.find((role) => role.key === 'dessert')).toMatchObject({ open: 1 });
		expect(seats.roles.filter((role) => role.open > 0).map((role) => role.key)).toEqual([
			'dessert'
		]);

		const changes = await changesOf(db, DEMO_SPACE_ID);
		expect(changes.filter((change) => change.cancelled)).toHaveLength(1);
		const marks = await attendanceOfSpace(db, DEMO_SPACE_ID);
		expect(marks.filter((mark) => mark.ritualId === lunch.ritualId).length).toBeGreaterThan(40);
		expect(marks.some((mark) => mark.part === 'coanimated')).toBe(true);
		const proposals = await proposalsOf(db, DEMO_SPACE_ID);
		expect(proposals.map((p) => p.status).sort()).toEqual(['accepted', 'open']);
		const accepted = proposals.find((p) => p.status === 'accepted')!;
		expect(await ritualById(db, accepted.ritualId!)).toMatchObject({
			proposalId: accepted.id,
			leadUserId: accepted.userId
		});
		expect((await vocabularyOf(db, DEMO_SPACE_ID))?.kinds).toHaveLength(3);
	});

	it('a visitor’s cancellation gives the first on the waitlist a place, ranked like the server', async () => {
		await (
			await seedDemoIfEmpty(db, now)
		).history;
		const { lunch } = buildDemoSetup(now);
		const ritual = (await ritualById(db, lunch.ritualId))!;
		const own = (await signupsOfOccurrence(db, lunch.ritualId, lunch.occurrence)).find(
			(s) => s.userId === personaIds.nomad
		)!;
		await applyMutation(db, {
			actorId: personaIds.nomad,
			name: 'signup.cancel@1',
			args: { spaceId: DEMO_SPACE_ID, signupId: own.id, at: now.toISOString() }
		});
		await acceptOutboxLocally(db);
		const seats = seatsOf(ritual, await signupsOfOccurrence(db, lunch.ritualId, lunch.occurrence));
		expect(seatOfUser(seats, personaIds.resident)?.status).toBe('confirmed');
		expect(seats.waitlisted).toBe(1);
		// Signing up again takes a new place, at the end of the line.
		await applyMutation(db, {
			actorId: personaIds.nomad,
			name: 'signup.create@1',
			args: {
				spaceId: DEMO_SPACE_ID,
				signupId: crypto.randomUUID(),
				ritualId: lunch.ritualId,
				occurrence: lunch.occurrence,
				roleKey: null,
				note: '',
				at: now.toISOString()
			}
		});
		await acceptOutboxLocally(db);
		const again = seatsOf(ritual, await signupsOfOccurrence(db, lunch.ritualId, lunch.occurrence));
		expect(seatOfUser(again, personaIds.nomad)).toMatchObject({
			status: 'waitlisted',
			position: 2
		});
	});
});
