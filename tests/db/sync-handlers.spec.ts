import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createUser } from './helpers';
import { args, count, pushOne, rejected, uuid, world, type World } from './sync-helpers';

// What each server handler does, on the real database (docs/sync-protocol.md and the local
// handlers in src/lib/db/handlers, which these mirror).
describe('server handlers', () => {
	let db: pg.Client;
	let w: World;
	let plan: ReturnType<typeof args.plan>;
	let ritual: ReturnType<typeof args.ritual>;
	beforeAll(async () => {
		db = await connect();
		w = await world(db);
		plan = args.plan(w.space);
		ritual = args.ritual(w.space, { roles: [{ key: 'cook', label: 'Cuisine', slots: 1 }] });
		expect(await pushOne(db, w.host, 'plan.create@1', plan)).toEqual({ id: 1, status: 'applied' });
		expect(await pushOne(db, w.host, 'ritual.create@1', ritual)).toEqual({
			id: 1,
			status: 'applied'
		});
	});
	afterAll(async () => {
		await db.end();
	});

	const row = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows[0];

	describe('space.create@1', () => {
		test('creates the space and makes the actor its host under the given name', async () => {
			const founder = await createUser(db);
			const a = args.spaceCreate({
				name: '  La Ruche  ',
				openingTime: '07:30',
				closingTime: '22:00'
			});
			expect(await pushOne(db, founder, 'space.create@1', a)).toEqual({ id: 1, status: 'applied' });
			expect(
				await row(
					`select name, time_zone, capacity, opening_time::text, closing_time::text
					from public.spaces where id = $1`,
					[a.spaceId]
				)
			).toEqual({
				name: 'La Ruche',
				time_zone: 'Europe/Paris',
				capacity: 40,
				opening_time: '07:30:00',
				closing_time: '22:00:00'
			});
			expect(
				await row(
					'select role, display_name, show_presence from public.memberships where space_id = $1',
					[a.spaceId]
				)
			).toEqual({ role: 'host', display_name: 'Hôte', show_presence: false });
		});

		test('an existing space id is a conflict; opening after closing is invalid', async () => {
			expect(
				await pushOne(db, w.stranger, 'space.create@1', args.spaceCreate({ spaceId: w.space }))
			).toEqual(rejected('conflict', 'space exists'));
			expect(
				await pushOne(
					db,
					w.stranger,
					'space.create@1',
					args.spaceCreate({ openingTime: '20:00', closingTime: '20:00' })
				)
			).toEqual(rejected('invalid_args', 'openingTime: opens after it closes'));
		});
	});

	describe('membership.add@1', () => {
		test('a host adds a member, and later restores them with another role and name', async () => {
			const newcomer = await createUser(db);
			const add = (o: Record<string, unknown>) =>
				pushOne(db, w.host, 'membership.add@1', {
					spaceId: w.space,
					userId: newcomer,
					displayName: 'Nina',
					role: 'member',
					...o
				});
			expect(await add({})).toEqual({ id: 1, status: 'applied' });
			await db.query(
				'update public.memberships set deleted = true, show_presence = true where space_id = $1 and user_id = $2',
				[w.space, newcomer]
			);
			expect(await add({ role: 'host', displayName: 'Nina B.' })).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row(
					'select role, display_name, show_presence, deleted, deleted_at from public.memberships where space_id = $1 and user_id = $2',
					[w.space, newcomer]
				)
			).toEqual({
				role: 'host',
				display_name: 'Nina B.',
				show_presence: true,
				deleted: false,
				deleted_at: null
			});
		});

		test('someone without a profile is not_found; a member may not add anyone', async () => {
			const a = { spaceId: w.space, userId: uuid(), displayName: 'X', role: 'member' };
			expect(await pushOne(db, w.host, 'membership.add@1', a)).toEqual(
				rejected('not_found', 'member')
			);
			expect(await pushOne(db, w.member, 'membership.add@1', { ...a, userId: w.stranger })).toEqual(
				rejected('forbidden', 'not a host')
			);
		});
	});

	describe('profile.presence@1 and profile.update@1', () => {
		test('showing one’s name re-stamps one’s open visits and active sign-ups only', async () => {
			const user = await createUser(db);
			await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
				w.space,
				user
			]);
			const open = args.visitStart(w.space);
			const active = args.signup(w.space, ritual.ritualId);
			// Another occurrence: one active sign-up per member and occurrence.
			const cancelled = args.signup(w.space, ritual.ritualId, { occurrence: '2036-12-11T12:30' });
			for (const [name, a] of [
				['visit.start@1', open],
				['signup.create@1', active],
				['signup.create@1', cancelled],
				['signup.cancel@1', { spaceId: w.space, signupId: cancelled.signupId }]
			] as const) {
				expect(await pushOne(db, user, name, a)).toEqual({ id: 1, status: 'applied' });
			}
			const versions = async () =>
				(
					await db.query<{ id: string; version: string }>(
						`select id, version from public.visits where user_id = $1
						union all select id, version from public.signups where user_id = $1`,
						[user]
					)
				).rows.reduce<Record<string, number>>(
					(all, r) => ({ ...all, [r.id]: Number(r.version) }),
					{}
				);
			const before = await versions();
			expect(
				await pushOne(db, user, 'profile.presence@1', { spaceId: w.space, showPresence: true })
			).toEqual({
				id: 1,
				status: 'applied'
			});
			const after = await versions();
			expect(after[open.visitId]).toBeGreaterThan(before[open.visitId]!);
			expect(after[active.signupId]).toBeGreaterThan(before[active.signupId]!);
			expect(after[cancelled.signupId]).toBe(before[cancelled.signupId]);
			// The same choice again changes nothing.
			await pushOne(db, user, 'profile.presence@1', { spaceId: w.space, showPresence: true });
			expect(await versions()).toEqual(after);
		});

		test('profile.update renames the profile and every active membership', async () => {
			const user = await createUser(db);
			const second = await world(db, 'Deuxième');
			await db.query(
				`insert into public.memberships (space_id, user_id) values ($1, $2), ($3, $2)`,
				[w.space, user, second.space]
			);
			expect(
				await pushOne(db, user, 'profile.update@1', { displayName: ' Zoé ', locale: 'en' })
			).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row('select display_name, locale from public.profiles where id = $1', [user])
			).toEqual({
				display_name: 'Zoé',
				locale: 'en'
			});
			expect(
				(await db.query('select display_name from public.memberships where user_id = $1', [user]))
					.rows
			).toEqual([{ display_name: 'Zoé' }, { display_name: 'Zoé' }]);
		});
	});

	describe('plans and contracts', () => {
		test('a plan is stored with normalised rules; a second one with the same id is a conflict', async () => {
			expect(
				await row(
					'select name, kind, hours, validity_days, rules, created_by from public.plans where id = $1',
					[plan.planId]
				)
			).toEqual({
				name: 'Carnet 10 h',
				kind: 'pack',
				hours: 10,
				validity_days: 90,
				rules: plan.rules,
				created_by: w.host
			});
			expect(await pushOne(db, w.host, 'plan.create@1', plan)).toEqual(
				rejected('conflict', 'plan exists')
			);
		});

		test('a contract copies the plan, computes minutes and expiry, and records the host', async () => {
			const c = args.contract(w.space, plan.planId, w.member, { startsOn: '2026-01-31' });
			expect(await pushOne(db, w.host, 'contract.grant@1', c)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row(
					`select user_id, kind, starts_on::text, expires_on::text, minutes_granted, rules, granted_by
					from public.contracts where id = $1`,
					[c.contractId]
				)
			).toEqual({
				user_id: w.member,
				kind: 'pack',
				starts_on: '2026-01-31',
				expires_on: '2026-04-30',
				minutes_granted: 600,
				rules: plan.rules,
				granted_by: w.host
			});
			expect(await pushOne(db, w.host, 'contract.grant@1', c)).toEqual(
				rejected('conflict', 'contract exists')
			);
		});

		test('a resident plan gives no minutes and no expiry', async () => {
			const resident = args.plan(w.space, { kind: 'resident', hours: null, validityDays: null });
			await pushOne(db, w.host, 'plan.create@1', resident);
			const c = args.contract(w.space, resident.planId, w.other);
			expect(await pushOne(db, w.host, 'contract.grant@1', c)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row('select minutes_granted, expires_on from public.contracts where id = $1', [
					c.contractId
				])
			).toEqual({
				minutes_granted: null,
				expires_on: null
			});
		});

		test('a plan of another space, or someone who is not a member, is not_found', async () => {
			const elsewhere = await world(db, 'Ailleurs');
			const foreignPlan = args.plan(elsewhere.space);
			await pushOne(db, elsewhere.host, 'plan.create@1', foreignPlan);
			expect(
				await pushOne(
					db,
					w.host,
					'contract.grant@1',
					args.contract(w.space, foreignPlan.planId, w.member)
				)
			).toEqual(rejected('not_found', 'plan'));
			expect(
				await pushOne(
					db,
					w.host,
					'contract.grant@1',
					args.contract(w.space, plan.planId, w.stranger)
				)
			).toEqual(rejected('not_found', 'member'));
		});
	});

	describe('visits', () => {
		test('checking in at another space closes the open visit at the new start', async () => {
			const user = await createUser(db);
			const elsewhere = await world(db, 'Ailleurs');
			await db.query(
				`insert into public.memberships (space_id, user_id) values ($1, $2), ($3, $2)`,
				[w.space, user, elsewhere.space]
			);
			const first = args.visitStart(w.space, { at: new Date(Date.now() - 7200_000).toISOString() });
			const second = args.visitStart(elsewhere.space);
			await pushOne(db, user, 'visit.start@1', first);
			expect(await pushOne(db, user, 'visit.start@1', args.visitStart(w.space))).toEqual(
				rejected('conflict', 'already checked in')
			);
			expect(await pushOne(db, user, 'visit.start@1', second)).toEqual({
				id: 1,
				status: 'applied'
			});
			const { rows } = await db.query(
				`select id, ended_at = (select started_at from public.visits where id = $2) as closed_at_next
				from public.visits where id = $1`,
				[first.visitId, second.visitId]
			);
			expect(rows).toEqual([{ id: first.visitId, closed_at_next: true }]);
		});

		test('#10 a time far in the future or older than 7 days is clamped and flagged', async () => {
			const user = await createUser(db);
			await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
				w.space,
				user
			]);
			const future = args.visitStart(w.space, {
				at: new Date(Date.now() + 3 * 86400_000).toISOString()
			});
			await pushOne(db, user, 'visit.start@1', future);
			const started = await row(
				`select flagged, abs(extract(epoch from started_at - now())) < 5 as at_server_time,
					received_at is not null as received
				from public.visits where id = $1`,
				[future.visitId]
			);
			expect(started).toEqual({ flagged: true, at_server_time: true, received: true });
			// A device clock 3 minutes ahead is within the tolerance: kept as is, not flagged.
			const end = new Date(Date.now() + 3 * 60_000).toISOString();
			await pushOne(db, user, 'visit.end@1', args.visitEnd(w.space, future.visitId, { at: end }));
			expect(
				await row(
					'select flagged, ended_at = $2::timestamptz as exact from public.visits where id = $1',
					[future.visitId, end]
				)
			).toEqual({
				flagged: true,
				exact: true
			});

			const old = args.visitStart(w.space, {
				at: new Date(Date.now() - 3 * 86400_000 * 4).toISOString()
			});
			await pushOne(db, user, 'visit.start@1', old);
			expect(
				await row(
					`select flagged,
						abs(extract(epoch from started_at - (now() - interval '7 days'))) < 5 as at_limit
					from public.visits where id = $1`,
					[old.visitId]
				)
			).toEqual({ flagged: true, at_limit: true });
			// A time inside the window is kept and not flagged.
			const user2 = await createUser(db);
			await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
				w.space,
				user2
			]);
			const fine = args.visitStart(w.space, { at: new Date(Date.now() - 86400_000).toISOString() });
			await pushOne(db, user2, 'visit.start@1', fine);
			expect(
				await row(
					'select flagged, started_at = $2::timestamptz as exact from public.visits where id = $1',
					[fine.visitId, fine.at]
				)
			).toEqual({
				flagged: false,
				exact: true
			});
		});

		test('visit.end: not found, not yours, already ended, end before start', async () => {
			const visit = args.visitStart(w.space);
			await pushOne(db, w.other, 'visit.start@1', visit);
			expect(await pushOne(db, w.other, 'visit.end@1', args.visitEnd(w.space, uuid()))).toEqual(
				rejected('not_found', 'visit')
			);
			expect(
				await pushOne(db, w.member, 'visit.end@1', args.visitEnd(w.space, visit.visitId))
			).toEqual(rejected('forbidden', 'not your visit'));
			expect(
				await pushOne(
					db,
					w.other,
					'visit.end@1',
					args.visitEnd(w.space, visit.visitId, {
						at: new Date(Date.now() - 2 * 3600_000).toISOString()
					})
				)
			).toEqual(rejected('invalid_args', 'at: end before start'));
			expect(
				await pushOne(db, w.other, 'visit.end@1', args.visitEnd(w.space, visit.visitId))
			).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await pushOne(db, w.other, 'visit.end@1', args.visitEnd(w.space, visit.visitId))
			).toEqual(rejected('conflict', 'visit already ended'));
		});
	});

	describe('rituals and sign-ups', () => {
		test('a ritual keeps its roles and lead; an unknown lead is not_found', async () => {
			const r = args.ritual(w.space, {
				leadUserId: w.member,
				roles: [{ key: 'dj', label: ' DJ ', slots: 1 }]
			});
			expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual({ id: 1, status: 'applied' });
			expect(
				await row(
					'select roles, lead_user_id, starts_at::text, created_by from public.rituals where id = $1',
					[r.ritualId]
				)
			).toEqual({
				roles: [{ key: 'dj', label: 'DJ', slots: 1, animates: false }],
				lead_user_id: w.member,
				starts_at: '2026-11-26 12:30:00',
				created_by: w.host
			});
			expect(
				await pushOne(
					db,
					w.host,
					'ritual.create@1',
					args.ritual(w.space, { leadUserId: w.stranger })
				)
			).toEqual(rejected('not_found', 'lead'));
			expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual(
				rejected('conflict', 'ritual exists')
			);
		});

		test('a sign-up is the actor’s; unknown ritual, unknown role, and reused id are refused', async () => {
			const s = args.signup(w.space, ritual.ritualId, { roleKey: 'cook', note: ' Tarte ' });
			expect(await pushOne(db, w.member, 'signup.create@1', s)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row(
					'select user_id, role_key, note, cancelled, occurrence::text from public.signups where id = $1',
					[s.signupId]
				)
			).toEqual({
				user_id: w.member,
				role_key: 'cook',
				note: 'Tarte',
				cancelled: false,
				occurrence: '2036-12-04 12:30:00'
			});
			expect(await pushOne(db, w.member, 'signup.create@1', args.signup(w.space, uuid()))).toEqual(
				rejected('not_found', 'ritual')
			);
			expect(
				await pushOne(
					db,
					w.member,
					'signup.create@1',
					args.signup(w.space, ritual.ritualId, { roleKey: 'dj' })
				)
			).toEqual(rejected('invalid_args', 'roleKey: unknown role'));
			expect(await pushOne(db, w.other, 'signup.create@1', s)).toEqual(
				rejected('conflict', 'signup exists')
			);
		});

		test('cancelling: one’s own only; twice changes nothing', async () => {
			const s = args.signup(w.space, ritual.ritualId);
			await pushOne(db, w.other, 'signup.create@1', s);
			const cancel = { spaceId: w.space, signupId: s.signupId };
			expect(await pushOne(db, w.member, 'signup.cancel@1', cancel)).toEqual(
				rejected('forbidden', 'not your signup')
			);
			expect(
				await pushOne(db, w.other, 'signup.cancel@1', { ...cancel, signupId: uuid() })
			).toEqual(rejected('not_found', 'signup'));
			expect(await pushOne(db, w.other, 'signup.cancel@1', cancel)).toEqual({
				id: 1,
				status: 'applied'
			});
			const version = await row('select version, cancelled from public.signups where id = $1', [
				s.signupId
			]);
			expect(await pushOne(db, w.other, 'signup.cancel@1', cancel)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row('select version, cancelled from public.signups where id = $1', [s.signupId])
			).toEqual(version);
			expect(version.cancelled).toBe(true);
		});
	});

	describe('invitations', () => {
		test('create, conflict on id or code, revoke', async () => {
			const inv = args.invitation(w.space, { maxUses: 3, expiresAt: '2027-01-01T00:00:00.000Z' });
			expect(await pushOne(db, w.host, 'invitation.create@1', inv)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row(
					'select code, created_by, max_uses, uses, revoked from public.invitations where id = $1',
					[inv.invitationId]
				)
			).toEqual({
				code: inv.code,
				created_by: w.host,
				max_uses: 3,
				uses: 0,
				revoked: false
			});
			expect(
				await pushOne(db, w.host, 'invitation.create@1', { ...inv, code: 'ABCDEFGH' })
			).toEqual(rejected('conflict', 'invitation exists'));
			expect(
				await pushOne(db, w.host, 'invitation.create@1', { ...inv, invitationId: uuid() })
			).toEqual(rejected('conflict', 'code taken'));
			const revoke = { spaceId: w.space, invitationId: inv.invitationId };
			expect(await pushOne(db, w.member, 'invitation.revoke@1', revoke)).toEqual(
				rejected('forbidden', 'not a host')
			);
			expect(
				await pushOne(db, w.host, 'invitation.revoke@1', { ...revoke, invitationId: uuid() })
			).toEqual(rejected('not_found', 'invitation'));
			expect(await pushOne(db, w.host, 'invitation.revoke@1', revoke)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await row('select revoked from public.invitations where id = $1', [inv.invitationId])
			).toEqual({ revoked: true });
		});

		test('joining: counts a use, restores a removed member, and is applied once for a member', async () => {
			const inv = args.invitation(w.space, { maxUses: 2 });
			await pushOne(db, w.host, 'invitation.create@1', inv);
			const [ana, bob, cleo] = [await createUser(db), await createUser(db), await createUser(db)];
			const join = (user: string) =>
				pushOne(db, user, 'membership.join@1', { code: inv.code, displayName: 'Invitée' });
			expect(await join(ana)).toEqual({ id: 1, status: 'applied', data: { spaceId: w.space } });
			expect(await join(ana)).toEqual({ id: 1, status: 'applied', data: { spaceId: w.space } });
			expect(
				await row('select uses from public.invitations where id = $1', [inv.invitationId])
			).toEqual({ uses: 1 });
			// A removed member comes back through a code, as a member.
			await db.query(
				`insert into public.memberships (space_id, user_id, role, deleted) values ($1, $2, 'host', true)`,
				[w.space, bob]
			);
			expect(await join(bob)).toEqual({ id: 1, status: 'applied', data: { spaceId: w.space } });
			expect(
				await row(
					'select role, deleted, display_name from public.memberships where space_id = $1 and user_id = $2',
					[w.space, bob]
				)
			).toEqual({
				role: 'member',
				deleted: false,
				display_name: 'Invitée'
			});
			// Used up.
			expect(await join(cleo)).toEqual(rejected('not_found', 'invitation'));
		});

		test('unknown, revoked, expired and used-up codes are the same not_found', async () => {
			const user = await createUser(db);
			const expired = args.invitation(w.space, { expiresAt: '2020-01-01T00:00:00.000Z' });
			const revoked = args.invitation(w.space);
			await pushOne(db, w.host, 'invitation.create@1', expired);
			await pushOne(db, w.host, 'invitation.create@1', revoked);
			await pushOne(db, w.host, 'invitation.revoke@1', {
				spaceId: w.space,
				invitationId: revoked.invitationId
			});
			for (const code of [expired.code, revoked.code, 'ZZZZ2222']) {
				expect(await pushOne(db, user, 'membership.join@1', { code, displayName: 'X' })).toEqual(
					rejected('not_found', 'invitation')
				);
			}
			expect(await count(db, 'public.memberships where user_id = $1', [user])).toBe(0);
		});
	});
});
