import { describe, expect, it } from 'vitest';
import { applyMutation } from '$lib/db/apply';
import {
	applyPulledPage,
	clientIdOf,
	confirmThrough,
	cursorOf,
	localSpacesOf,
	markResultSeen,
	rejectedResults,
	renumberUnsent,
	markSent,
	resetSpace
} from '$lib/db/sync-store';
import type { MutationResult, PullResponse } from '$lib/domain/protocol';
import type { Membership, Space } from '$lib/domain/types';
import { freshDb } from '../db/harness';
import { HOST, MEMBER, SPACE, uuid } from '../builders';

type Page = Extract<PullResponse, { reset: false }>;

const page = (over: Partial<Page> = {}): Page => ({
	reset: false,
	changes: [],
	results: [],
	cursor: { rows: 1 },
	hasMore: false,
	lastMutationId: 0,
	serverTime: '2026-11-26T09:00:01.000Z',
	...over
});

const space = (over: Partial<Space> = {}): Space => ({
	id: SPACE,
	name: 'La Cantine',
	timeZone: 'Europe/Paris',
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: 600,
	...over
});

const result = (over: Partial<MutationResult> = {}): MutationResult => ({
	clientId: 'c1',
	mutationId: 1,
	name: 'signup.create@1',
	args: {},
	status: 'rejected',
	code: 'not_found',
	detail: 'ritual',
	data: null,
	createdAt: '2026-11-26T09:00:00.000Z',
	...over
});

/** A space with a host and a member, as pulled from the server (the counter untouched). */
async function serverRows(db: ReturnType<typeof freshDb>): Promise<void> {
	const member = (userId: string, role: Membership['role']): Membership => ({
		id: `${SPACE}:${userId}`,
		spaceId: SPACE,
		userId,
		displayName: role === 'host' ? 'Sophie' : 'Camille',
		role,
		showPresence: false
	});
	await db.spaces.put(space());
	await db.memberships.bulkPut([member(HOST, 'host'), member(MEMBER, 'member')]);
}

describe('the local side of sync', () => {
	it('one client id per database, kept', async () => {
		const db = freshDb();
		const id = await clientIdOf(db);
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(await clientIdOf(db)).toBe(id);
		expect(await clientIdOf(freshDb())).not.toBe(id);
	});

	it('a pulled row goes to its table, or to shadows while an unsynced change holds it; the cursor and skew are kept', async () => {
		const db = freshDb();
		await serverRows(db);
		const presence = await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		const mine = `${SPACE}:${MEMBER}`;
		const serverMine = {
			...(await db.memberships.get(mine))!,
			displayName: 'Camille R.',
			showPresence: false
		};
		delete serverMine.pending;
		await applyPulledPage(
			db,
			SPACE,
			page({
				changes: [
					{ table: 'spaces', id: SPACE, deleted: false, row: space({ name: 'Renamed' }) },
					{ table: 'memberships', id: mine, deleted: false, row: serverMine as Membership }
				],
				cursor: { rows: 7 }
			}),
			new Date('2026-11-26T09:00:00.000Z')
		);
		expect((await db.spaces.get(SPACE))?.name).toBe('Renamed');
		expect(await db.memberships.get(mine)).toMatchObject({ showPresence: true, pending: presence });
		expect((await db.shadows.get(['memberships', mine]))?.row).toMatchObject({
			displayName: 'Camille R.'
		});
		expect(await cursorOf(db, SPACE)).toEqual({ rows: 7 });
		expect((await db.meta.get('clockSkewMs'))?.value).toBe(1000);
	});

	it('confirmation: rows of confirmed changes take the server version, rows only a refused change created go, later changes stay', async () => {
		const db = freshDb();
		await serverRows(db);
		const mine = `${SPACE}:${MEMBER}`;
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		const visitId = uuid(5);
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'visit.start@1',
			args: { spaceId: SPACE, visitId, at: '2026-11-26T08:00:00.000Z' }
		});
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'visit.end@1',
			args: { spaceId: SPACE, visitId, at: '2026-11-26T09:00:00.000Z' }
		});
		// The server applied 1 (presence) and refused 2 (the check-in); 3 is not processed yet.
		const server = { ...(await db.memberships.get(mine))! };
		delete server.pending;
		await applyPulledPage(
			db,
			SPACE,
			page({ changes: [{ table: 'memberships', id: mine, deleted: false, row: server }] })
		);

		expect(await confirmThrough(db, 2)).toBe(2);
		expect(await db.memberships.get(mine)).toEqual({ ...server });
		expect((await db.visits.get(visitId))?.pending).toBe(3); // written again by 3: stays
		expect(await db.outbox.toCollection().primaryKeys()).toEqual([3]);

		expect(await confirmThrough(db, 3)).toBe(1);
		expect(await db.visits.get(visitId)).toBeUndefined(); // the server never had it
		expect(await db.shadows.count()).toBe(0);
	});

	it('a tombstone for a pending row waits in shadows, and the row goes at confirmation', async () => {
		const db = freshDb();
		await serverRows(db);
		const mine = `${SPACE}:${MEMBER}`;
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		await applyPulledPage(
			db,
			SPACE,
			page({ changes: [{ table: 'memberships', id: mine, deleted: true, row: null }] })
		);
		expect(await db.memberships.get(mine)).toBeDefined();
		await confirmThrough(db, 1);
		expect(await db.memberships.get(mine)).toBeUndefined();
	});

	it('reset: the space’s server rows and shadows and cursor go; unsynced rows and the outbox stay; not_member forgets the space', async () => {
		const db = freshDb();
		await serverRows(db);
		await applyPulledPage(
			db,
			SPACE,
			page({
				results: [
					result({
						status: 'applied',
						code: null,
						detail: null,
						data: { spaceId: SPACE },
						name: 'membership.join@1'
					})
				]
			})
		);
		expect(await localSpacesOf(db, uuid(99))).toEqual([SPACE]);
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		await resetSpace(db, SPACE, 'expired');
		expect(await db.spaces.count()).toBe(0);
		expect((await db.memberships.toArray()).map((m) => m.userId)).toEqual([MEMBER]);
		expect(await db.shadows.count()).toBe(0);
		expect(await db.outbox.count()).toBe(1);
		expect(await cursorOf(db, SPACE)).toBeNull();
		expect(await localSpacesOf(db, HOST)).toEqual([SPACE]);
		await resetSpace(db, SPACE, 'not_member');
		expect(await localSpacesOf(db, HOST)).toEqual([]);
		expect(await db.results.count()).toBe(1);
	});

	it('results: unseen rejections newest first; a re-delivered result keeps its dismissal', async () => {
		const db = freshDb();
		const older = result({ mutationId: 1 });
		const newer = result({ mutationId: 2, createdAt: '2026-11-26T10:00:00.000Z' });
		const applied = result({
			mutationId: 3,
			status: 'applied',
			code: null,
			data: { spaceId: SPACE }
		});
		await applyPulledPage(db, SPACE, page({ results: [older, newer, applied] }));
		expect((await rejectedResults(db)).map((r) => r.mutationId)).toEqual([2, 1]);
		await markResultSeen(db, 'c1', 2, new Date('2026-11-26T11:00:00.000Z'));
		await applyPulledPage(db, SPACE, page({ results: [newer] }));
		expect((await rejectedResults(db)).map((r) => r.mutationId)).toEqual([1]);
		expect((await db.results.get(['c1', 2]))?.seenAt).toBe('2026-11-26T11:00:00.000Z');
	});

	it('an old copy: unsent changes and their rows are renumbered after the server’s last id, in order', async () => {
		const db = freshDb();
		await serverRows(db);
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.presence@1',
			args: { spaceId: SPACE, showPresence: true }
		});
		await markSent(db, 1);
		const visitId = uuid(6);
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'visit.start@1',
			args: { spaceId: SPACE, visitId, at: '2026-11-26T08:00:00.000Z' }
		});
		expect(await renumberUnsent(db, 1)).toBe(0); // the server is not ahead
		expect(await renumberUnsent(db, 5)).toBe(1);
		expect(await db.outbox.toCollection().primaryKeys()).toEqual([1, 6]);
		expect((await db.visits.get(visitId))?.pending).toBe(6);
		expect((await db.memberships.get(`${SPACE}:${MEMBER}`))?.pending).toBe(1);
		expect(
			await applyMutation(db, {
				actorId: MEMBER,
				name: 'visit.end@1',
				args: { spaceId: SPACE, visitId, at: '2026-11-26T09:00:00.000Z' }
			})
		).toBe(7);
	});
});
