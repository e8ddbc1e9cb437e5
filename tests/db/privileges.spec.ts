import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	executableFunctions,
	relationPrivileges,
	securityDefinerFunctions,
	tables,
	tablesWithoutRls,
	viewsWithoutSecurityInvoker
} from './audits';
import { connect, expectPgError, inTransaction } from './helpers';

// These walk the catalogue, so tables and functions added by later migrations are covered too.
describe('security baseline over every object', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	test('row-level security is enabled on every table', async () => {
		expect(await tables(db)).toEqual(
			expect.arrayContaining(['public.profiles', 'public.spaces', 'public.memberships'])
		);
		expect(await tablesWithoutRls(db)).toEqual([]);
	});

	test('views, if any, run with the rights of the caller', async () => {
		expect(await viewsWithoutSecurityInvoker(db)).toEqual([]);
	});

	test('anon has no privilege on any table, column or sequence of public', async () => {
		expect(await relationPrivileges(db, 'anon')).toEqual([]);
	});

	test('anon can execute no function of public or app_private', async () => {
		expect(await executableFunctions(db, 'anon', 'public')).toEqual([]);
		expect(await executableFunctions(db, 'anon', 'app_private')).toEqual([]);
	});

	test('authenticated may only SELECT from tables of public', async () => {
		const privileges = await relationPrivileges(db, 'authenticated');
		expect(privileges.filter((grant) => !grant.endsWith(': SELECT'))).toEqual([]);
		expect(privileges).toEqual(
			expect.arrayContaining(['public.memberships: SELECT', 'public.spaces: SELECT'])
		);
	});

	test('authenticated executes only the listed functions', async () => {
		// The two RPCs; anything else is a leak.
		expect(await executableFunctions(db, 'authenticated', 'public')).toEqual([
			'public.sync_pull(p_client_id uuid, p_space_id uuid, p_cursor jsonb, p_limit integer)',
			'public.sync_push(p_client_id uuid, p_schema_version integer, p_mutations jsonb)'
		]);
		// Policy helpers and the RPCs' implementations, which the public wrappers call as the
		// caller: EXECUTE without USAGE on app_private, so they cannot be called by name.
		expect(await executableFunctions(db, 'authenticated', 'app_private')).toEqual([
			'app_private.is_host(space uuid)',
			'app_private.is_member(space uuid)',
			'app_private.is_time_zone(zone text)',
			'app_private.may_see_profile(other uuid)',
			'app_private.pull_changes(p_client_id uuid, p_space_id uuid, p_cursor jsonb, p_limit integer)',
			'app_private.push_mutations(p_client_id uuid, p_schema_version integer, p_mutations jsonb)',
			'app_private.shares_space_with(other uuid)'
		]);
	});

	test('service_role executes only what the CHECK constraints call', async () => {
		// It writes tables directly (admin scripts), and constraints call these as the writer:
		// a space's time zone, a participation settings' size.
		expect(await executableFunctions(db, 'service_role', 'app_private')).toEqual([
			'app_private.is_time_zone(zone text)',
			'app_private.json_text_length(value jsonb, cap integer)'
		]);
		expect(await executableFunctions(db, 'service_role', 'public')).toEqual([]);
	});

	test('no API role may look up or create objects in app_private', async () => {
		const { rows } = await db.query(
			`select r as role, has_schema_privilege(r, 'app_private', 'USAGE') as usage,
				has_schema_privilege(r, 'app_private', 'CREATE') as create
			from unnest(array['anon', 'authenticated', 'service_role']) as r order by r`
		);
		expect(rows).toEqual([
			{ role: 'anon', usage: false, create: false },
			{ role: 'authenticated', usage: false, create: false },
			{ role: 'service_role', usage: false, create: false }
		]);
	});

	test('security-definer functions live outside public and pin an empty search_path', async () => {
		const definers = await securityDefinerFunctions(db);
		expect(definers.map((f) => f.name)).toEqual(
			expect.arrayContaining([
				'app_private.is_member(space uuid)',
				'app_private.is_host(space uuid)'
			])
		);
		const exposed = definers.filter((f) => f.schema === 'public' || f.schema === 'auth');
		expect(exposed).toEqual([]);
		const unpinned = definers.filter((f) => !f.config?.includes('search_path=""'));
		expect(unpinned).toEqual([]);
	});

	test('service_role (server-side admin scripts) can still write, through the checks', async () => {
		await inTransaction(db, async (tx) => {
			await tx.query('set local role service_role');
			const { rows } = await tx.query<{ version: string }>(
				`insert into public.spaces (name, time_zone) values ('Admin', 'Europe/Paris')
				returning version`
			);
			expect(rows).toEqual([{ version: '1' }]);
			await expectPgError(
				tx,
				'23514',
				`insert into public.spaces (name, time_zone) values ('Admin', 'Nowhere/Else')`
			);
		});
	});

	test('objects created later in public start with no grant for anon and authenticated', async () => {
		await inTransaction(db, async (tx) => {
			await tx.query('create table public.probe_later (id int primary key)');
			await tx.query('create sequence public.probe_later_seq');
			expect(await relationPrivileges(tx, 'anon')).toEqual([]);
			expect(await relationPrivileges(tx, 'authenticated')).not.toContain(
				'public.probe_later: SELECT'
			);
			// Supabase's defaults are still in force for service_role: the revocation is targeted.
			expect(await relationPrivileges(tx, 'service_role')).toEqual(
				expect.arrayContaining(['public.probe_later: DELETE', 'public.probe_later_seq: USAGE'])
			);
		});
	});

	test('the audits catch a table without RLS and a function left to PUBLIC', async () => {
		await inTransaction(db, async (tx) => {
			await tx.query('create table public.probe_forgotten (id int primary key)');
			await tx.query(
				`create function public.probe_forgotten() returns int language sql as 'select 1'`
			);
			await tx.query('grant select on public.probe_forgotten to anon');
			expect(await tablesWithoutRls(tx)).toEqual(['public.probe_forgotten']);
			expect(await relationPrivileges(tx, 'anon')).toEqual(['public.probe_forgotten: SELECT']);
			// Postgres grants EXECUTE on new functions to PUBLIC whatever the schema defaults say:
			// each migration must revoke it, and this audit fails until it does.
			expect(await executableFunctions(tx, 'anon')).toEqual(['public.probe_forgotten()']);
		});
	});
});
