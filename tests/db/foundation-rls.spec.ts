import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	addMember,
	asUser,
	connect,
	createSpace,
	createUser,
	expectPgError,
	ids,
	inTransaction
} from './helpers';

// Two spaces: Alice (member) and Bruno (host) in the first, Chloé in the second, Dan in none,
// Eve removed from the first. Rows are committed with random ids, so files do not interfere.
describe('what each user may read and write', () => {
	let db: pg.Client;
	const people = { alice: '', bruno: '', chloe: '', dan: '', eve: '' };
	let atelier = '';
	let fabrique = '';

	beforeAll(async () => {
		db = await connect();
		for (const name of Object.keys(people) as (keyof typeof people)[]) {
			people[name] = await createUser(db);
		}
		atelier = await createSpace(db, { name: "L'Atelier" });
		fabrique = await createSpace(db, { name: 'La Fabrique' });
		await addMember(db, atelier, people.alice);
		await addMember(db, atelier, people.bruno, 'host');
		await addMember(db, atelier, people.eve, 'member', true);
		await addMember(db, fabrique, people.chloe);
	});
	afterAll(async () => {
		await db.end();
	});

	test('a member reads their space and not another one', async () => {
		await asUser(db, people.alice, async (tx) => {
			expect(await ids(tx, 'select id from public.spaces')).toEqual([atelier]);
			expect(await ids(tx, 'select id from public.spaces where id = $1', [fabrique])).toEqual([]);
		});
		await asUser(db, people.chloe, async (tx) => {
			expect(await ids(tx, 'select id from public.spaces')).toEqual([fabrique]);
		});
	});

	// Since the sync migration (docs/sync-protocol.md, "What each caller sees"): a member reads
	// their own membership and those of members who show their name; a host reads them all.
	test('a member reads their own membership and those of members who show their name', async () => {
		await asUser(db, people.alice, async (tx) => {
			const { rows } = await tx.query<{ space_id: string; user_id: string }>(
				'select space_id, user_id from public.memberships'
			);
			expect(rows).toEqual([{ space_id: atelier, user_id: people.alice }]);
		});
		await inTransaction(db, async (tx) => {
			await tx.query('update public.memberships set show_presence = true where user_id = any($1)', [
				[people.bruno, people.eve, people.chloe]
			]);
			await tx.query('set local role authenticated');
			await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ sub: people.alice, role: 'authenticated' })
			]);
			// Bruno shows his name; Eve does too, but she was removed; Chloé is in another space.
			expect(await ids(tx, 'select user_id as id from public.memberships')).toEqual(
				[people.alice, people.bruno].sort()
			);
			expect(await ids(tx, 'select id from public.profiles')).toEqual(
				[people.alice, people.bruno].sort()
			);
		});
	});

	test("a host reads every membership of their space, removed ones too, not another space's", async () => {
		await asUser(db, people.bruno, async (tx) => {
			const { rows } = await tx.query<{ space_id: string; user_id: string }>(
				'select space_id, user_id from public.memberships'
			);
			// Eve's removal is visible too: clients need the tombstone to drop her.
			expect(rows.map((row) => row.user_id).sort()).toEqual(
				[people.alice, people.bruno, people.eve].sort()
			);
			expect(new Set(rows.map((row) => row.space_id))).toEqual(new Set([atelier]));
		});
	});

	test('a user reads their own profile, a host those of their members', async () => {
		await asUser(db, people.alice, async (tx) => {
			expect(await ids(tx, 'select id from public.profiles')).toEqual([people.alice]);
		});
		await asUser(db, people.bruno, async (tx) => {
			expect(await ids(tx, 'select id from public.profiles')).toEqual(
				[people.alice, people.bruno].sort()
			);
		});
		await asUser(db, people.dan, async (tx) => {
			expect(await ids(tx, 'select id from public.profiles')).toEqual([people.dan]);
			expect(await ids(tx, 'select id from public.spaces')).toEqual([]);
			expect(await ids(tx, 'select user_id as id from public.memberships')).toEqual([]);
		});
	});

	test('a removed member sees only their own membership row', async () => {
		await asUser(db, people.eve, async (tx) => {
			expect(await ids(tx, 'select id from public.spaces')).toEqual([]);
			const { rows } = await tx.query('select user_id, deleted from public.memberships');
			expect(rows).toEqual([{ user_id: people.eve, deleted: true }]);
			expect(await ids(tx, 'select id from public.profiles')).toEqual([people.eve]);
		});
		// …and is not a space mate any more, even for the host.
		await asUser(db, people.bruno, async (tx) => {
			expect(await ids(tx, 'select id from public.profiles where id = $1', [people.eve])).toEqual(
				[]
			);
		});
	});

	test('anon reads nothing', async () => {
		await asUser(db, null, async (tx) => {
			for (const table of ['profiles', 'spaces', 'memberships']) {
				await expectPgError(tx, '42501', `select * from public.${table}`);
			}
		});
	});

	const writes: [string, string, (ids: { space: string; user: string }) => unknown[]][] = [
		['insert a space', `insert into public.spaces (name, time_zone) values ('X', 'UTC')`, () => []],
		['rename own space', 'update public.spaces set name = $1 where id = $2', (p) => ['X', p.space]],
		['delete own space', 'delete from public.spaces where id = $1', (p) => [p.space]],
		[
			'join a space',
			'insert into public.memberships (space_id, user_id) values ($1, $2)',
			(p) => [p.space, p.user]
		],
		[
			'promote oneself to host',
			`update public.memberships set role = 'host' where user_id = $1`,
			(p) => [p.user]
		],
		['leave a space', 'delete from public.memberships where user_id = $1', (p) => [p.user]],
		[
			'edit own profile',
			`update public.profiles set display_name = 'X' where id = $1`,
			(p) => [p.user]
		],
		['delete own profile', 'delete from public.profiles where id = $1', (p) => [p.user]],
		['empty a table', 'truncate public.memberships', () => []]
	];

	test.each(writes)('authenticated cannot %s directly (42501)', async (_, sql, values) => {
		await asUser(db, people.bruno, async (tx) => {
			await expectPgError(tx, '42501', sql, values({ space: atelier, user: people.bruno }));
		});
	});

	test('a role claimed in the JWT or in user metadata grants nothing', async () => {
		const forger = await createUser(db, {
			userMetadata: { role: 'host' },
			appMetadata: { role: 'host', roles: ['host'] }
		});
		const space = await createSpace(db, { name: 'Le Hangar' });
		const host = await createUser(db);
		await addMember(db, space, forger);
		await addMember(db, space, host, 'host');
		const forged = {
			user_role: 'host',
			user_metadata: { role: 'host' },
			app_metadata: { role: 'host' }
		};
		await asUser(
			db,
			forger,
			async (tx) => {
				expect(await ids(tx, 'select id from public.spaces')).toEqual([space]);
				await expectPgError(tx, '42501', 'update public.spaces set name = $1 where id = $2', [
					'X',
					space
				]);
			},
			{ claims: forged }
		);
		// The helpers that future host-only RPCs rely on read memberships only.
		const isHost = async (userId: string) => {
			await db.query('begin');
			try {
				await db.query(`select set_config('request.jwt.claims', $1, true)`, [
					JSON.stringify({ sub: userId, role: 'authenticated', ...forged })
				]);
				const { rows } = await db.query('select app_private.is_host($1) as host', [space]);
				return (rows[0] as { host: boolean }).host;
			} finally {
				await db.query('rollback');
			}
		};
		expect(await isHost(forger)).toBe(false);
		expect(await isHost(host)).toBe(true);
	});
});
