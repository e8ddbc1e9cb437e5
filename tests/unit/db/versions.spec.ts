import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openDatabase } from '$lib/db/database';
import { currentSchemaVersion, schemaVersions } from '$lib/db/versions';
import type { Ritual, Signup } from '$lib/domain/types';

const NAME = 'upgrade-test';
afterEach(() => Dexie.delete(NAME));

describe('local schema versions', () => {
	it('are declared in increasing order and keep an outbox in every version', () => {
		const numbers = schemaVersions.map((version) => version.version);
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		for (const version of schemaVersions) expect(version.stores.outbox ?? 'kept').not.toBeNull();
	});

	it('an upgrade keeps the pending work of the outbox', async () => {
		// The current schema holds unsynced work; a next version (as a future release would add)
		// changes an index and clears a server table in its upgrade.
		const current = openDatabase(NAME);
		await current.outbox.add({
			id: 1,
			name: 'visit.start@1',
			args: { a: 1 },
			actorId: 'u',
			createdAt: 'now'
		});
		await current.visits.put({
			id: 'v',
			spaceId: 's',
			userId: 'u',
			startedAt: 'x',
			endedAt: null,
			flagged: false,
			autoClosed: false,
			reviewed: false
		});
		current.close();

		const next = openDatabase(NAME);
		next
			.version(currentSchemaVersion + 1)
			.stores({ visits: 'id, [spaceId+startedAt], [userId+startedAt], pending, endedAt' })
			.upgrade((tx) => tx.table('visits').clear());
		await next.open();
		expect(next.verno).toBe(currentSchemaVersion + 1);
		expect(await next.outbox.toArray()).toEqual([
			{ id: 1, name: 'visit.start@1', args: { a: 1 }, actorId: 'u', createdAt: 'now' }
		]);
		expect(await next.visits.count()).toBe(0);
		next.close();
	});

	it('an old tab is told when a newer version opens the database', async () => {
		const old = openDatabase(NAME);
		await old.open();
		let told = false;
		old.on('versionchange', () => {
			told = true;
			old.close();
			return false;
		});
		const next = openDatabase(NAME);
		next.version(currentSchemaVersion + 1).stores({});
		await next.open();
		expect(told).toBe(true);
		next.close();
	});

	it('version 4 upgrades a version 3 database with pending work: new fields, ranks, cursors gone, outbox kept', async () => {
		const v3 = new Dexie(NAME);
		for (const version of schemaVersions.filter((v) => v.version <= 3)) {
			const declared = v3.version(version.version).stores(version.stores);
			if (version.upgrade) declared.upgrade(version.upgrade);
		}
		await v3.open();
		const outbox = [
			{ id: 1, name: 'signup.create@1', args: { a: 1 }, actorId: 'u', createdAt: 'now' },
			{ id: 2, name: 'ritual.create@1', args: { b: 2 }, actorId: 'u', createdAt: 'now' }
		];
		await v3.table('outbox').bulkAdd(outbox);
		const oldRitual = {
			id: 'r',
			spaceId: 's',
			kind: 'meal',
			title: 'Déjeuner',
			description: '',
			place: '',
			durationMinutes: 90,
			capacity: 10,
			rrule: 'FREQ=WEEKLY;BYDAY=TH',
			startsAt: '2026-11-05T12:30',
			roles: [{ key: 'cooking', label: 'Cuisine', slots: 2 }],
			leadUserId: null
		};
		await v3.table('rituals').bulkPut([oldRitual, { ...oldRitual, id: 'r2', pending: 2 }]);
		await v3.table('shadows').put({ table: 'rituals', id: 'r0', row: { ...oldRitual, id: 'r0' } });
		const signup = (id: string, createdAt: string, pending?: number) => ({
			id,
			spaceId: 's',
			ritualId: 'r',
			occurrence: '2026-11-26T12:30',
			userId: 'u',
			roleKey: null,
			note: '',
			cancelled: false,
			createdAt,
			...(pending === undefined ? {} : { pending })
		});
		await v3.table('signups').bulkPut([
			signup('late', '2026-11-20T10:00:00.000Z'),
			signup('early', '2026-11-18T10:00:00.000Z'),
			signup('mine', '2026-11-19T10:00:00.000Z', 1),
			// A server row the member's pending change overwrote: its server version is in shadows.
			signup('edited', '2026-11-21T10:00:00.000Z', 1)
		]);
		await v3.table('shadows').put({
			table: 'signups',
			id: 'edited',
			row: signup('edited', '2026-11-19T12:00:00.000Z')
		});
		await v3.table('meta').bulkPut([
			{ key: 'cursor:s', value: { v: 10 } },
			{ key: 'cursor:*', value: { v: 3 } },
			{ key: 'nextMutationId', value: 3 },
			{ key: 'clientId', value: 'c' }
		]);
		v3.close();

		const db = openDatabase(NAME);
		await db.open();
		expect(db.verno).toBe(currentSchemaVersion);
		expect(await db.outbox.toArray()).toEqual(outbox);
		for (const id of ['r', 'r2']) {
			expect(await db.rituals.get(id)).toMatchObject({
				endsBefore: null,
				endMessage: '',
				continuedBy: null,
				proposalId: null,
				roles: [{ key: 'cooking', label: 'Cuisine', slots: 2, animates: false }]
			});
		}
		expect((await db.rituals.get('r2'))?.pending).toBe(2);
		expect(((await db.shadows.get(['rituals', 'r0']))?.row as Ritual).endsBefore).toBeNull();
		const ranks = Object.fromEntries(
			(await db.signups.toArray()).map((row) => [row.id, [row.rank, row.roleRank]])
		);
		// The server's rows in the order they were made (the shadow's included); unsynced ones
		// stay unranked until the server ranks them.
		expect(ranks).toEqual({
			early: [1, 1],
			edited: [null, null],
			late: [3, 3],
			mine: [null, null]
		});
		expect(((await db.shadows.get(['signups', 'edited']))?.row as Signup).rank).toBe(2);
		expect((await db.meta.get('signupRank'))?.value).toBe(3);
		expect(await db.meta.toCollection().primaryKeys()).toEqual([
			'clientId',
			'nextMutationId',
			'signupRank'
		]);
		// The new tables and indexes are there.
		expect(
			await db.signups.where('[spaceId+occurrence]').equals(['s', '2026-11-26T12:30']).count()
		).toBe(4);
		expect(await db.attendance.count()).toBe(0);
		expect(await db.proposals.count()).toBe(0);
		db.close();
	});
});
