import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { asUser, connect, expectPgError, inTransaction } from './helpers';

// The emulation of Supabase must itself be right, or every other db test proves nothing.
describe('Supabase emulation', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	test('the API roles exist with the attributes Supabase gives them', async () => {
		const { rows } = await db.query(
			`select rolname, rolcanlogin, rolinherit, rolbypassrls, rolsuper
			from pg_roles where rolname = any($1) order by rolname`,
			[['anon', 'authenticated', 'authenticator', 'service_role']]
		);
		expect(rows).toEqual([
			{
				rolname: 'anon',
				rolcanlogin: false,
				rolinherit: false,
				rolbypassrls: false,
				rolsuper: false
			},
			{
				rolname: 'authenticated',
				rolcanlogin: false,
				rolinherit: false,
				rolbypassrls: false,
				rolsuper: false
			},
			{
				rolname: 'authenticator',
				rolcanlogin: true,
				rolinherit: false,
				rolbypassrls: false,
				rolsuper: false
			},
			{
				rolname: 'service_role',
				rolcanlogin: false,
				rolinherit: false,
				rolbypassrls: true,
				rolsuper: false
			}
		]);
		const granted = await db.query<{ role: string }>(
			`select r.rolname as role from pg_auth_members as m
			join pg_roles as r on r.oid = m.roleid
			where m.member = 'authenticator'::regrole order by 1`
		);
		expect(granted.rows.map((row) => row.role)).toEqual(['anon', 'authenticated', 'service_role']);
	});

	test('auth.uid(), auth.role() and auth.jwt() read the request claims', async () => {
		const userId = randomUUID();
		const claims = await asUser(db, userId, async (tx) => {
			const { rows } = await tx.query(
				`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'sub' as sub,
				current_user as db_role`
			);
			return rows[0];
		});
		expect(claims).toEqual({
			uid: userId,
			role: 'authenticated',
			sub: userId,
			db_role: 'authenticated'
		});

		const anonymous = await asUser(db, null, async (tx) => {
			const { rows } = await tx.query('select auth.uid() as uid, auth.role() as role');
			return rows[0];
		});
		expect(anonymous).toEqual({ uid: null, role: 'anon' });
	});

	test('without claims auth.uid() is null', async () => {
		const { rows } = await db.query('select auth.uid() as uid, auth.jwt() as jwt');
		expect(rows[0]).toEqual({ uid: null, jwt: null });
	});

	test('the claims are local to the transaction', async () => {
		await asUser(db, randomUUID(), async () => undefined);
		const { rows } = await db.query(`select current_user as role, auth.uid() as uid`);
		expect(rows[0]).toEqual({ role: 'postgres', uid: null });
	});

	test('authenticator logs in like PostgREST and only acts through the API roles', async () => {
		const { host, port, database, authenticatorPassword } = inject('database');
		const authenticator = new pg.Client({
			host,
			port,
			database,
			user: 'authenticator',
			password: authenticatorPassword
		});
		await authenticator.connect();
		try {
			await inTransaction(authenticator, async (tx) => {
				// noinherit: nothing of anon/authenticated applies until it switches role.
				await expectPgError(tx, '42501', 'select 1 from public.spaces');
				await expectPgError(tx, '42501', 'set local role postgres');
				await tx.query('set local role authenticated');
				const { rows } = await tx.query('select count(*)::int as n from public.spaces');
				expect(rows[0]).toEqual({ n: 0 });
			});
		} finally {
			await authenticator.end();
		}
	});

	test('pgcrypto is installed in the extensions schema', async () => {
		const { rows } = await db.query(
			`select length(extensions.gen_random_bytes(16)) as n, gen_random_uuid() is not null as ok`
		);
		expect(rows[0]).toEqual({ n: 16, ok: true });
	});
});
