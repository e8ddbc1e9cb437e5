import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB, Stored } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { attendanceOfOccurrence } from '$lib/db/rituals';
import { applyPulledPage, confirmThrough, renumberUnsent, resetSpace } from '$lib/db/sync-store';
import type { PullResponse } from '$lib/domain/protocol';
import type { Attendance } from '$lib/domain/types';
import { HOST, LUNCH, MEMBER, OTHER, RITUAL, SPACE, ritualArgs, uuid } from '../builders';
import { applyMutation, applyMutations, freshDb, spaceWithMember } from './harness';

/**
 * `attendance.mark@1` deletes the marks of people left out. A row deleted by unsynced work leaves
 * its table at once; its server version waits in `shadows` (with the deleting mutation), so the
 * sync store can put it back when the server refuses that mutation, and keeps it deleted when the
 * server applied it.
 */
let db: CollectifDB;
const AFTER_LUNCH = new Date('2026-11-26T14:00:00.000Z');

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const entry = (n: number, userId: string, part = 'attended') => ({
	attendanceId: uuid(n),
	userId,
	part,
	roleKey: null
});
const mark = (entries: unknown[]) =>
	applyMutation(
		db,
		as(HOST, 'attendance.mark@1', { ritualId: RITUAL, occurrence: LUNCH, entries }),
		AFTER_LUNCH
	);

type Page = Extract<PullResponse, { reset: false }>;
const page = (changes: Page['changes']): Page => ({
	reset: false,
	changes,
	results: [],
	cursor: { v: 1 },
	hasMore: false,
	lastMutationId: 0,
	serverTime: AFTER_LUNCH.toISOString()
});
/** A row as the server sends it (no local mark). */
const serverRow = async (id: string, over: Partial<Attendance> = {}): Promise<Attendance> => {
	const row: Stored<Attendance> = { ...((await db.attendance.get(id)) ?? (await shadowRow(id))!) };
	delete row.pending;
	return { ...row, ...over };
};
const shadowRow = async (id: string) =>
	(await db.shadows.get(['attendance', id]))?.row as Attendance | null | undefined;
const marked = async () =>
	(await attendanceOfOccurrence(db, RITUAL, LUNCH))
		.map(
			(row) =>
				`${row.userId === HOST ? 'host' : row.userId === MEMBER ? 'member' : 'other'}:${row.part}`
		)
		.sort();

beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
	await applyMutations(db, [
		as(HOST, 'membership.add@1', { userId: OTHER, displayName: 'Inès', role: 'member' }),
		as(HOST, 'ritual.create@1', ritualArgs())
	]);
	await acceptOutboxLocally(db);
});
afterEach(async () => {
	await db.delete();
});

/** The server's list: the host led, the member and the other member attended. */
async function serverList(): Promise<void> {
	await mark([entry(1, HOST, 'led'), entry(2, MEMBER), entry(3, OTHER)]);
	await acceptOutboxLocally(db);
}

describe('a row deleted by unsynced work', () => {
	it('leaves its table at once and keeps its server version for a rejection', async () => {
		await serverList();
		const server = await serverRow(uuid(3));
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER, 'contributed')]);
		expect(await db.attendance.get(uuid(3))).toBeUndefined();
		expect(await db.shadows.get(['attendance', uuid(3)])).toEqual({
			table: 'attendance',
			id: uuid(3),
			row: server,
			deletedBy: id
		});
		expect(await marked()).toEqual(['host:led', 'member:contributed']);
	});

	it('comes back when the server refused the mutation, with the rows it changed', async () => {
		await serverList();
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER, 'contributed')]);
		// The server processed it without applying it: no change to pull.
		await applyPulledPage(db, SPACE, page([]));
		expect(await confirmThrough(db, id)).toBe(1);
		expect(await marked()).toEqual(['host:led', 'member:attended', 'other:attended']);
		expect(await db.attendance.get(uuid(3))).not.toHaveProperty('pending');
		expect(await db.shadows.count()).toBe(0);
	});

	it('stays deleted when the server applied the mutation', async () => {
		await serverList();
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER, 'contributed')]);
		const changed = await Promise.all([serverRow(uuid(1)), serverRow(uuid(2))]);
		await applyPulledPage(
			db,
			SPACE,
			page([
				{ table: 'attendance', id: uuid(3), deleted: true, row: null },
				...changed.map((row) => ({
					table: 'attendance' as const,
					id: row.id,
					deleted: false as const,
					row
				}))
			])
		);
		// Still waiting for the confirmation: the pulled deletion went to the shadow.
		expect(await shadowRow(uuid(3))).toBeNull();
		await confirmThrough(db, id);
		expect(await marked()).toEqual(['host:led', 'member:contributed']);
		expect(await db.attendance.get(uuid(3))).toBeUndefined();
		expect(await db.shadows.count()).toBe(0);
	});

	it('a pulled version of it waits in the shadow, not in the table, until the confirmation', async () => {
		await serverList();
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER)]);
		const edited = await serverRow(uuid(3), { part: 'contributed', markedAt: 'later' });
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'attendance', id: uuid(3), deleted: false, row: edited }])
		);
		expect(await db.attendance.get(uuid(3))).toBeUndefined();
		expect(await db.shadows.get(['attendance', uuid(3)])).toMatchObject({
			row: edited,
			deletedBy: id
		});
		await confirmThrough(db, id); // refused
		expect(await db.attendance.get(uuid(3))).toEqual(edited);
	});

	it('written again by a later mutation, it keeps that write until the later one is confirmed', async () => {
		await serverList();
		const server = await serverRow(uuid(3));
		const first = await mark([entry(1, HOST, 'led'), entry(2, MEMBER)]);
		const second = await mark([
			entry(1, HOST, 'led'),
			entry(2, MEMBER),
			entry(3, OTHER, 'contributed')
		]);
		expect(await db.attendance.get(uuid(3))).toMatchObject({
			part: 'contributed',
			pending: second
		});
		await confirmThrough(db, first);
		expect(await db.attendance.get(uuid(3))).toMatchObject({
			part: 'contributed',
			pending: second
		});
		expect(await db.shadows.get(['attendance', uuid(3)])).toEqual({
			table: 'attendance',
			id: uuid(3),
			row: server
		});
		await confirmThrough(db, second); // refused too: the server's row is back
		expect(await db.attendance.get(uuid(3))).toEqual(server);
		expect(await db.shadows.count()).toBe(0);
	});

	it('made and deleted by unsynced work: gone, unless the server kept it', async () => {
		const made = await mark([entry(1, HOST, 'led')]);
		const emptied = await mark([]);
		expect(await db.shadows.get(['attendance', uuid(1)])).toEqual({
			table: 'attendance',
			id: uuid(1),
			row: null,
			deletedBy: emptied
		});
		// The server applied the first and not yet the second: the pulled row waits in the shadow.
		const row: Attendance = {
			id: uuid(1),
			spaceId: SPACE,
			ritualId: RITUAL,
			occurrence: LUNCH,
			userId: HOST,
			part: 'led',
			roleKey: null,
			markedBy: HOST,
			markedAt: AFTER_LUNCH.toISOString()
		};
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'attendance', id: uuid(1), deleted: false, row }])
		);
		await confirmThrough(db, made);
		expect(await db.attendance.get(uuid(1))).toBeUndefined();
		// The server refused the second: the first's row is the server's, and comes back.
		await confirmThrough(db, emptied);
		expect(await db.attendance.get(uuid(1))).toEqual(row);
	});

	it('made and deleted by work the server refused entirely: gone', async () => {
		await mark([entry(1, HOST, 'led')]);
		const emptied = await mark([]);
		await confirmThrough(db, emptied);
		expect(await db.attendance.count()).toBe(0);
		expect(await db.shadows.count()).toBe(0);
	});

	it('a reset keeps it deleted and waits for the pull from zero', async () => {
		await serverList();
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER)]);
		await resetSpace(db, SPACE, 'expired');
		expect(await db.shadows.get(['attendance', uuid(3)])).toEqual({
			table: 'attendance',
			id: uuid(3),
			row: null,
			deletedBy: id
		});
		expect(await db.attendance.get(uuid(3))).toBeUndefined();
	});

	it('a renumbering moves the deleting mutation with the others', async () => {
		await serverList();
		const id = await mark([entry(1, HOST, 'led'), entry(2, MEMBER, 'contributed')]);
		await renumberUnsent(db, 40);
		expect((await db.shadows.get(['attendance', uuid(3)]))?.deletedBy).toBe(id + 40);
		expect((await db.attendance.get(uuid(2)))?.pending).toBe(id + 40);
	});

	it('the demo authority accepts the deletion', async () => {
		await serverList();
		await mark([entry(1, HOST, 'led')]);
		await acceptOutboxLocally(db);
		expect(await marked()).toEqual(['host:led']);
		expect(await db.shadows.count()).toBe(0);
	});
});
