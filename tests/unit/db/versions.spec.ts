import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openDatabase } from '$lib/db/database';
import { currentSchemaVersion, schemaVersions } from '$lib/db/versions';

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
});
