import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asUser, connect, expectPgError, ids } from './helpers';
import {
	args,
	batch,
	count,
	failure,
	pull,
	pullAll,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type World
} from './sync-helpers';

// The security list of ../shared/design/reliability.md, items 1-10, for the sync schema.
const synced = ['plans', 'contracts', 'visits', 'rituals', 'signups', 'invitations'];
const privateTables = [
	'app_private.sync_clients',
	'app_private.mutation_results',
	'app_private.user_result_versions',
	'app_private.space_versions'
];

describe('sync security', () => {
	let db: pg.Client;
	let w: World;
	let b: World; // another space
	let plan: ReturnType<typeof args.plan>;
	let ritual: ReturnType<typeof args.ritual>;
	const rows: Record<string, string> = {};
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Atelier');
		b = await world(db, 'Fabrique');
		plan = args.plan(w.space);
		ritual = args.ritual(w.space);
		const invitation = args.invitation(w.space);
		await push(
			db,
			w.host,
			uuid(),
			batch(
				1,
				['plan.create@1', plan],
				['ritual.create@1', ritual],
				['invitation.create@1', invitation]
			)
		);
		const mine = args.contract(w.space, plan.planId, w.member);
		const theirs = args.contract(w.space, plan.planId, w.other);
		await push(
			db,
			w.host,
			uuid(),
			batch(1, ['contract.grant@1', mine], ['contract.grant@1', theirs])
		);
		const myVisit = args.visitStart(w.space);
		const theirVisit = args.visitStart(w.space);
		const mySignup = args.signup(w.space, ritual.ritualId);
		const theirSignup = args.signup(w.space, ritual.ritualId);
		await push(
			db,
			w.member,
			uuid(),
			batch(1, ['visit.start@1', myVisit], ['signup.create@1', mySignup])
		);
		await push(
			db,
			w.other,
			uuid(),
			batch(1, ['visit.start@1', theirVisit], ['signup.create@1', theirSignup])
		);
		Object.assign(rows, {
			myContract: mine.contractId,
			theirContract: theirs.contractId,
			myVisit: myVisit.visitId,
			theirVisit: theirVisit.visitId,
			mySignup: mySignup.signupId,
			theirSignup: theirSignup.signupId,
			invitation: invitation.invitationId
		});
	});
	afterAll(async () => {
		await db.end();
	});

	test('1. row-level security is on for every new table, private ones included', async () => {
		const { rows: found } = await db.query<{ name: string; rls: boolean }>(
			`select format('%I.%I', n.nspname, c.relname) as name, c.relrowsecurity as rls
			from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
			where format('%I.%I', n.nspname, c.relname) = any($1) order by 1`,
			[[...synced.map((t) => `public.${t}`), ...privateTables]]
		);
		expect(found).toHaveLength(synced.length + privateTables.length);
		expect(found.filter((t) => !t.rls)).toEqual([]);
	});

	test('2. anon reads nothing and cannot call the RPCs', async () => {
		await asUser(db, null, async (tx) => {
			for (const table of synced) await expectPgError(tx, '42501', `select * from public.${table}`);
		});
		expect(
			await failure(push(db, null, uuid(), batch(1, ['visit.start@1', args.visitStart(w.space)])))
		).toBe('42501');
		expect(await failure(pull(db, null, uuid(), w.space))).toBe('42501');
	});

	test.each(synced)('2. authenticated cannot write public.%s directly (42501)', async (table) => {
		await asUser(db, w.host, async (tx) => {
			await expectPgError(
				tx,
				'42501',
				`insert into public.${table} (id) values (gen_random_uuid())`
			);
			await expectPgError(tx, '42501', `update public.${table} set deleted = true`);
			await expectPgError(tx, '42501', `delete from public.${table}`);
			await expectPgError(tx, '42501', `truncate public.${table}`);
		});
	});

	test('2. authenticated cannot touch the private tables, nor call the implementations by name', async () => {
		await asUser(db, w.host, async (tx) => {
			for (const table of privateTables) {
				await expectPgError(tx, '42501', `select * from ${table}`);
				await expectPgError(tx, '42501', `delete from ${table}`);
			}
			await expectPgError(tx, '42501', `select app_private.push_mutations($1, 1, '[]')`, [uuid()]);
			await expectPgError(
				tx,
				'42501',
				`select app_private.apply_mutation($1, 'visit.start@1', '{}')`,
				[w.host]
			);
		});
	});

	test('3. EXECUTE on sync_push and sync_pull for authenticated only', async () => {
		const { rows: grants } = await db.query(
			`select r as role,
				has_function_privilege(r, 'public.sync_push(uuid, integer, jsonb)', 'EXECUTE') as push,
				has_function_privilege(r, 'public.sync_pull(uuid, uuid, jsonb, integer)', 'EXECUTE') as pull
			from unnest(array['anon', 'authenticated', 'service_role', 'authenticator']) as r order by r`
		);
		expect(grants).toEqual([
			{ role: 'anon', push: false, pull: false },
			{ role: 'authenticated', push: true, pull: true },
			{ role: 'authenticator', push: false, pull: false },
			{ role: 'service_role', push: false, pull: false }
		]);
	});

	test('4. the RPCs are plain wrappers; the definer code is in app_private with an empty search_path', async () => {
		const { rows: fns } = await db.query(
			`select format('%I.%I', n.nspname, p.proname) as name, p.prosecdef as definer, p.proconfig as config
			from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
			where p.proname in ('sync_push', 'sync_pull', 'push_mutations', 'pull_changes') order by 1`
		);
		expect(fns).toEqual([
			{ name: 'app_private.pull_changes', definer: true, config: ['search_path=""'] },
			{ name: 'app_private.push_mutations', definer: true, config: ['search_path=""'] },
			{ name: 'public.sync_pull', definer: false, config: null },
			{ name: 'public.sync_push', definer: false, config: null }
		]);
	});

	describe('5. a member cannot', () => {
		test('read another member’s visits, contracts or sign-ups, nor any invitation', async () => {
			await asUser(db, w.member, async (tx) => {
				expect(await ids(tx, 'select id from public.visits')).toEqual([rows.myVisit]);
				expect(await ids(tx, 'select id from public.contracts')).toEqual([rows.myContract]);
				expect(await ids(tx, 'select id from public.signups')).toEqual([rows.mySignup]);
				expect(await ids(tx, 'select id from public.invitations')).toEqual([]);
				expect(await ids(tx, 'select id from public.plans')).toEqual([plan.planId]);
				expect(await ids(tx, 'select id from public.rituals')).toEqual([ritual.ritualId]);
			});
			await asUser(db, w.host, async (tx) => {
				expect(await ids(tx, 'select id from public.visits')).toEqual(
					[rows.myVisit, rows.theirVisit].sort()
				);
				expect(await ids(tx, 'select id from public.contracts')).toEqual(
					[rows.myContract, rows.theirContract].sort()
				);
				expect(await ids(tx, 'select id from public.invitations')).toEqual([rows.invitation]);
			});
			// Another space's host sees none of it.
			await asUser(db, b.host, async (tx) => {
				for (const table of synced)
					expect(await ids(tx, `select id from public.${table}`)).toEqual([]);
			});
		});

		test('credit hours, or do anything a host does', async () => {
			const hostOnly: [string, unknown][] = [
				['contract.grant@1', args.contract(w.space, plan.planId, w.member)],
				['plan.create@1', args.plan(w.space)],
				['ritual.create@1', args.ritual(w.space)],
				['invitation.create@1', args.invitation(w.space)],
				['invitation.revoke@1', { spaceId: w.space, invitationId: rows.invitation }],
				[
					'membership.add@1',
					{ spaceId: w.space, userId: w.member, displayName: 'Moi', role: 'host' }
				]
			];
			const answer = await push(db, w.member, uuid(), batch(1, ...hostOnly));
			expect(answer.results).toEqual(hostOnly.map(() => rejected('forbidden', 'not a host')));
			expect(await count(db, 'public.contracts where user_id = $1', [w.member])).toBe(1);
			expect(
				await count(db, `public.memberships where user_id = $1 and role = 'host'`, [w.member])
			).toBe(0);
		});

		test('end someone else’s visit, cancel their sign-up, or act in a space they do not belong to', async () => {
			const answer = await push(
				db,
				w.member,
				uuid(),
				batch(
					1,
					['visit.end@1', args.visitEnd(w.space, rows.theirVisit!)],
					['signup.cancel@1', { spaceId: w.space, signupId: rows.theirSignup }],
					['visit.start@1', args.visitStart(b.space)],
					['signup.create@1', args.signup(b.space, ritual.ritualId)],
					['profile.presence@1', { spaceId: b.space, showPresence: true }]
				)
			);
			expect(answer.results).toEqual([
				rejected('forbidden', 'not your visit'),
				rejected('forbidden', 'not your signup'),
				rejected('forbidden', 'not a member'),
				rejected('forbidden', 'not a member'),
				rejected('forbidden', 'not a member')
			]);
			expect(
				await count(db, 'public.visits where id = $1 and ended_at is null', [rows.theirVisit])
			).toBe(1);
		});
	});

	test('6. a host is a host only in their own space; host actions record who did them', async () => {
		const answer = await push(
			db,
			w.host,
			uuid(),
			batch(
				1,
				['plan.create@1', args.plan(b.space)],
				['contract.grant@1', args.contract(b.space, plan.planId, b.member)],
				['invitation.create@1', args.invitation(b.space)]
			)
		);
		expect(answer.results).toEqual([
			rejected('forbidden', 'not a member'),
			rejected('forbidden', 'not a member'),
			rejected('forbidden', 'not a member')
		]);
		const { rows: recorded } = await db.query(
			`select (select granted_by from public.contracts where id = $1) as granted_by,
				(select created_by from public.plans where id = $2) as plan_by,
				(select created_by from public.invitations where id = $3) as invitation_by,
				(select created_by from public.rituals where id = $4) as ritual_by`,
			[rows.myContract, plan.planId, rows.invitation, ritual.ritualId]
		);
		expect(recorded).toEqual([
			{ granted_by: w.host, plan_by: w.host, invitation_by: w.host, ritual_by: w.host }
		]);
	});

	test('7. a role claimed in the JWT or user metadata is ignored', async () => {
		const forged = {
			user_role: 'host',
			app_metadata: { role: 'host', roles: ['host'] },
			user_metadata: { role: 'host' }
		};
		const answer = await push(
			db,
			w.member,
			uuid(),
			batch(1, ['plan.create@1', args.plan(w.space)]),
			{
				claims: forged
			}
		);
		expect(answer.results).toEqual([rejected('forbidden', 'not a host')]);
		const page = await pull(db, w.member, uuid(), w.space, null, 1000, { claims: forged });
		expect(page.changes.filter((c) => c.table === 'invitations')).toEqual([]);
		expect(page.cursor.role).toBe('member');
	});

	test('8. a user id in the arguments cannot impersonate: the actor is auth.uid()', async () => {
		const answer = await push(
			db,
			w.member,
			uuid(),
			batch(
				1,
				['visit.start@1', { ...args.visitStart(w.space), userId: w.other }],
				['signup.create@1', { ...args.signup(w.space, ritual.ritualId), userId: w.other }],
				['profile.update@1', { displayName: 'Pirate', locale: 'fr', userId: w.other }]
			)
		);
		expect(answer.results).toEqual([
			rejected('invalid_args', 'userId: unknown key'),
			rejected('invalid_args', 'userId: unknown key'),
			rejected('invalid_args', 'userId: unknown key')
		]);
		// profile.update renames only the actor.
		const before = await db.query('select display_name from public.profiles where id = $1', [
			w.other
		]);
		await pushOne(db, w.member, 'profile.update@1', { displayName: 'Moi', locale: 'fr' });
		expect(
			(await db.query('select display_name from public.profiles where id = $1', [w.other])).rows
		).toEqual(before.rows);
		// A signup is always the actor's, whoever the client says it is for.
		// Another occurrence than the member's sign-up above (one active per occurrence).
		const s = args.signup(w.space, ritual.ritualId, { occurrence: '2036-12-11T12:30' });
		await pushOne(db, w.member, 'signup.create@1', s);
		expect(
			(await db.query('select user_id from public.signups where id = $1', [s.signupId])).rows
		).toEqual([{ user_id: w.member }]);
	});

	test('9. someone else’s client id is refused, in push and in pull, and changes nothing', async () => {
		const client = uuid();
		await push(
			db,
			w.other,
			client,
			batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: false }])
		);
		expect(
			await failure(
				push(db, w.member, client, batch(2, ['visit.end@1', args.visitEnd(w.space, rows.myVisit!)]))
			)
		).toBe('42501');
		expect(await failure(pull(db, w.member, client, w.space))).toBe('42501');
		const { rows: state } = await db.query(
			'select user_id, last_mutation_id from app_private.sync_clients where id = $1',
			[client]
		);
		expect(state).toEqual([{ user_id: w.other, last_mutation_id: '1' }]);
	});

	test('10. results and tombstones never leak across members or spaces', async () => {
		const otherClient = uuid();
		await push(
			db,
			w.other,
			otherClient,
			batch(1, ['signup.create@1', args.signup(w.space, uuid(), { note: 'privé' })])
		);
		const mine = await pullAll(db, w.member, uuid(), w.space);
		expect(mine.results.filter((r) => r.clientId === otherClient)).toEqual([]);
		const host = await pullAll(db, w.host, uuid(), w.space);
		expect(host.results.filter((r) => r.clientId === otherClient)).toEqual([]);
		// A space one does not belong to: a reset, no rows.
		expect(await pull(db, w.member, uuid(), b.space)).toMatchObject({
			reset: true,
			reason: 'not_member'
		});
		expect(JSON.stringify(mine.changes)).not.toContain(b.space);
		// Tombstones carry the table and id only.
		const client = uuid();
		const start = await pullAll(db, w.member, client, w.space);
		await pushOne(db, w.other, 'signup.cancel@1', { spaceId: w.space, signupId: rows.theirSignup });
		const next = await pullAll(db, w.member, client, w.space, start.cursor);
		expect(next.changes).toEqual([
			{ table: 'signups', id: rows.theirSignup, deleted: true, row: null }
		]);
	});
});
