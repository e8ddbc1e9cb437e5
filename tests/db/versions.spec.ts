import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	addMember,
	backendPid,
	connect,
	createSpace,
	createUser,
	waitUntilBlocked
} from './helpers';

async function versionOf(db: pg.ClientBase, spaceId: string): Promise<number> {
	const { rows } = await db.query<{ version: string }>(
		'select version from public.spaces where id = $1',
		[spaceId]
	);
	return Number(rows[0]?.version);
}

describe('per-space versions', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	test('every write to a space or its memberships takes the next version of that space', async () => {
		const space = await createSpace(db);
		const other = await createSpace(db);
		expect(await versionOf(db, space)).toBe(1);

		await db.query(`update public.spaces set name = 'Renamed', version = 999 where id = $1`, [
			space
		]);
		expect(await versionOf(db, space)).toBe(2);

		const user = await createUser(db);
		await addMember(db, space, user);
		const { rows } = await db.query<{ version: string }>(
			'select version from public.memberships where space_id = $1',
			[space]
		);
		expect(rows.map((row) => Number(row.version))).toEqual([3]);

		await db.query(`update public.spaces set capacity = 5 where id = $1`, [other]);
		expect(await versionOf(db, other)).toBe(2);
		await db.query(`update public.spaces set capacity = 5 where id = $1`, [space]);
		expect(await versionOf(db, space)).toBe(4);
	});

	test('versions follow commit order, not the order in which transactions start', async () => {
		const space = await createSpace(db);
		const user = await createUser(db);
		await addMember(db, space, user);
		const [first, second] = [await connect(), await connect()];
		try {
			const secondPid = await backendPid(second);
			// The second transaction starts first and reads, but writes later.
			await second.query('begin');
			await second.query('select 1 from public.spaces where id = $1', [space]);
			await first.query('begin');
			const written = await first.query<{ version: string }>(
				`update public.spaces set name = 'First' where id = $1 returning version`,
				[space]
			);
			const firstVersion = Number(written.rows[0]?.version);

			// Its write to the same space waits for the first transaction's counter lock…
			const pending = second.query<{ version: string }>(
				`update public.memberships set role = 'host' where space_id = $1 returning version`,
				[space]
			);
			await waitUntilBlocked(db, secondPid);
			await first.query('commit');
			// …and, once the first has committed, takes a larger version.
			const secondVersion = Number((await pending).rows[0]?.version);
			await second.query('commit');

			expect(secondVersion).toBeGreaterThan(firstVersion);
			const { rows } = await db.query<{ version: string }>(
				'select version from app_private.space_versions where space_id = $1',
				[space]
			);
			expect(Number(rows[0]?.version)).toBe(secondVersion);
		} finally {
			await Promise.all([first.end(), second.end()]);
		}
	});

	test('writes to different spaces do not wait for each other', async () => {
		const [a, b] = [await createSpace(db), await createSpace(db)];
		const [one, two] = [await connect(), await connect()];
		try {
			await one.query('begin');
			await two.query('begin');
			await one.query(`update public.spaces set name = 'One' where id = $1`, [a]);
			// A shared counter would make this wait for `one`, and fail with 55P03.
			await two.query(`set local lock_timeout = '1s'`);
			await two.query(`update public.spaces set name = 'Two' where id = $1`, [b]);
			await two.query('commit');
			await one.query('commit');
			expect([await versionOf(db, a), await versionOf(db, b)]).toEqual([2, 2]);
		} finally {
			await Promise.all([one.end(), two.end()]);
		}
	});
});
