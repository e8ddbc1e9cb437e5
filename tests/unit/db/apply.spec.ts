import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writableTables, type CollectifDB } from '$lib/db/database';
import { LocalWriter } from '$lib/db/writer';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { MutationError } from '$lib/domain/mutations/errors';
import { HOST, MEMBER, OTHER, SPACE, uuid } from '../builders';
import { applyMutation, applyMutations, freshDb, snapshot, spaceWithMember } from './harness';

let db: CollectifDB;
beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
});
afterEach(async () => {
	await db.delete();
});

const checkIn = (visitId = uuid(1), at = '2026-11-26T08:00:00.000Z') => ({
	actorId: MEMBER,
	name: 'visit.start@1',
	args: { spaceId: SPACE, visitId, at }
});

async function refused(promise: Promise<unknown>): Promise<MutationError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(MutationError);
	return error as MutationError;
}

describe('applying a mutation locally', () => {
	it('writes the optimistic row tagged with its id, the outbox entry and the counter together', async () => {
		const id = await applyMutation(db, checkIn(), new Date('2026-11-26T08:00:01.000Z'));
		expect(await db.visits.get(uuid(1))).toMatchObject({
			userId: MEMBER,
			endedAt: null,
			pending: id
		});
		expect(await db.outbox.get(id)).toEqual({
			id,
			name: 'visit.start@1',
			args: { spaceId: SPACE, visitId: uuid(1), at: '2026-11-26T08:00:00.000Z' },
			actorId: MEMBER,
			createdAt: '2026-11-26T08:00:01.000Z'
		});
		expect((await db.meta.get('nextMutationId'))?.value).toBe(id + 1);
	});

	it('numbers mutations contiguously across calls', async () => {
		const first = await applyMutation(db, checkIn());
		const second = await applyMutation(db, {
			actorId: MEMBER,
			name: 'visit.end@1',
			args: { spaceId: SPACE, visitId: uuid(1), at: '2026-11-26T09:00:00.000Z' }
		});
		expect(second).toBe(first + 1);
		expect((await db.outbox.toArray()).map((entry) => entry.id)).toEqual([first, second]);
	});

	it('keeps the server version of a row it overwrites, and no shadow for a new row', async () => {
		const id = await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		const shadow = await db.shadows.get(['memberships', `${SPACE}:${MEMBER}`]);
		expect(shadow?.row).toMatchObject({ showPresence: false });
		expect(shadow?.row).not.toHaveProperty('pending');
		expect(await db.memberships.get(`${SPACE}:${MEMBER}`)).toMatchObject({
			showPresence: true,
			pending: id
		});
		await applyMutation(db, checkIn());
		expect(await db.shadows.get(['visits', uuid(1)])).toBeUndefined();
	});
});

describe('a refused mutation writes nothing', () => {
	it.each([
		[
			'an unknown mutation',
			{ actorId: MEMBER, name: 'visit.teleport@1', args: {} },
			'unknown_mutation'
		],
		[
			'wrong argument types',
			{ actorId: MEMBER, name: 'visit.start@1', args: { spaceId: SPACE, visitId: 7, at: 'now' } },
			'invalid_args'
		],
		[
			'a member doing a host’s job',
			{
				actorId: MEMBER,
				name: 'membership.add@1',
				args: { spaceId: SPACE, userId: OTHER, displayName: 'Intrus', role: 'host' }
			},
			'forbidden'
		],
		['someone outside the space', { ...checkIn(), actorId: OTHER }, 'forbidden']
	])('%s', async (_, request, code) => {
		const before = await snapshot(db);
		expect((await refused(applyMutation(db, request))).code).toBe(code);
		expect(await snapshot(db)).toEqual(before);
	});

	it('rolls back a whole batch when one of its mutations fails a rule', async () => {
		const before = await snapshot(db);
		const batch = [checkIn(uuid(1)), checkIn(uuid(2))]; // the second is a double check-in
		expect((await refused(applyMutations(db, batch))).code).toBe('conflict');
		expect(await snapshot(db)).toEqual(before);
	});

	it('reports a full disk as storage_full and keeps the previous state', async () => {
		const before = await snapshot(db);
		const quota = new DOMException('quota', 'QuotaExceededError');
		const original = db.outbox.add.bind(db.outbox);
		db.outbox.add = () => Promise.reject(quota) as never;
		try {
			expect((await refused(applyMutation(db, checkIn()))).code).toBe('storage_full');
		} finally {
			db.outbox.add = original;
		}
		expect(await snapshot(db)).toEqual(before);
	});
});

describe('demo mode accepts the outbox locally', () => {
	it('clears pending marks, shadows and the outbox in one go', async () => {
		await applyMutation(db, checkIn());
		expect(await acceptOutboxLocally(db)).toBe(1);
		expect(await db.visits.get(uuid(1))).not.toHaveProperty('pending');
		expect(await db.outbox.count()).toBe(0);
		expect(await db.shadows.count()).toBe(0);
		expect(await acceptOutboxLocally(db)).toBe(0);
	});

	it('lets the host add members', async () => {
		await applyMutation(db, {
			actorId: HOST,
			name: 'membership.add@1',
			args: { spaceId: SPACE, userId: OTHER, displayName: 'Léa', role: 'member' }
		});
		expect(await db.memberships.get(`${SPACE}:${OTHER}`)).toMatchObject({ displayName: 'Léa' });
	});
});

describe('the open visit of a member', () => {
	it('is found by index while open and gone once checked out', async () => {
		const { openVisitOf } = await import('$lib/db/visits');
		await applyMutation(db, checkIn());
		expect(await db.visits.get(uuid(1))).toMatchObject({ endedAt: null });
		expect(await db.visits.get(uuid(2))).toBeUndefined();
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'visit.end@1',
			args: { spaceId: SPACE, visitId: uuid(1), at: '2026-11-26T09:00:00.000Z' }
		});
		expect(await openVisitOf(db, MEMBER)).toBeUndefined();
		// and a new check-in is allowed again
		await applyMutation(db, checkIn(uuid(2), '2026-11-26T10:00:00.000Z'));
		expect((await openVisitOf(db, MEMBER))?.id).toBe(uuid(2));
	});
});

describe('accepted mode (the demo authority)', () => {
	it('runs the same validation and rules but writes no pending mark and no outbox entry', async () => {
		await applyMutations(db, [checkIn()], { mode: 'accepted' });
		expect(await db.visits.get(uuid(1))).not.toHaveProperty('pending');
		expect(await db.outbox.count()).toBe(0);
		expect((await refused(applyMutations(db, [checkIn(uuid(2))], { mode: 'accepted' }))).code).toBe(
			'conflict'
		);
	});

	it('a seeding batch sees its own writes, and leaves out (undone) what its rules refuse', async () => {
		const leftOut: string[] = [];
		const seeding = { leftOut: (_: unknown, error: MutationError) => leftOut.push(error.code) };
		const checkOut = (visitId: string) => ({
			actorId: MEMBER,
			name: 'visit.end@1',
			args: { spaceId: SPACE, visitId, at: '2026-11-26T11:00:00.000Z' }
		});
		// The second check-in finds the first one's row, written earlier in the batch: refused,
		// left out, and the batch goes on.
		await applyMutations(db, [checkIn(uuid(1)), checkIn(uuid(2)), checkOut(uuid(1))], {
			mode: 'accepted',
			seeding
		});
		expect(leftOut).toEqual(['conflict']);
		expect(await db.visits.get(uuid(1))).toMatchObject({ endedAt: '2026-11-26T11:00:00.000Z' });
		expect(await db.visits.get(uuid(2))).toBeUndefined();
		// Only for accepted batches (an optimistic one would also have shadows to undo).
		await expect(applyMutations(db, [checkIn(uuid(3))], { seeding })).rejects.toThrow();
	});

	it('undoes a refused mutation’s rows in a seeding batch, written or deleted', async () => {
		await applyMutations(db, [checkIn(uuid(1))], { mode: 'accepted' });
		const before = await snapshot(db);
		await db.transaction('rw', writableTables(db), async () => {
			const writer = new LocalWriter(db, 'accepted', { seeding: true });
			await writer.preload();
			const visit = (await writer.get('visits', uuid(1)))!;
			await writer.put('visits', { ...visit, endedAt: '2026-11-26T12:00:00.000Z' });
			await writer.put('visits', { ...visit, id: uuid(2) });
			await writer.delete('visits', uuid(1));
			writer.undo();
			expect(await writer.get('visits', uuid(2))).toBeUndefined();
			expect(await writer.get('visits', uuid(1))).toEqual(visit);
			await writer.flush();
		});
		const after = await snapshot(db);
		expect({ ...after, factChanges: [] }).toEqual({ ...before, factChanges: [] });
	});
});
