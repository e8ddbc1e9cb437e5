import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendPid, connect, createUser, waitUntilBlocked } from './helpers';
import {
	args,
	batch,
	count,
	failure,
	latest,
	pull,
	pullAll,
	push,
	pushOne,
	uuid,
	world,
	type Change,
	type World
} from './sync-helpers';

const isoInstant = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const find = (changes: Change[], table: string, id: string) =>
	latest(changes).get(`${table}:${id}`);

describe('sync_pull: pages, shapes and resets', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	describe('row shapes (lib/domain/types.ts)', () => {
		test('every table arrives as the client’s domain type, camelCase, in its formats', async () => {
			const w = await world(db);
			const plan = args.plan(w.space);
			const ritual = args.ritual(w.space);
			const visit = args.visitStart(w.space, { at: '2026-11-26T08:59:59.5Z' });
			const signup = args.signup(w.space, ritual.ritualId, { note: 'Quiche' });
			const invitation = args.invitation(w.space, {
				expiresAt: '2026-12-31T23:00:00.000Z',
				maxUses: 5
			});
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
			const contract = args.contract(w.space, plan.planId, w.member, { startsOn: '2026-11-02' });
			await pushOne(db, w.host, 'contract.grant@1', contract);
			await push(
				db,
				w.member,
				uuid(),
				batch(1, ['visit.start@1', visit], ['signup.create@1', signup])
			);
			const { changes } = await pullAll(db, w.host, uuid(), w.space);
			// clamp: 2026-11-26T08:59:59.5Z may be more than 7 days old when this runs, and the pull
			// may have closed it as a forgotten check-out (tests/db/forgotten-checkouts.spec.ts):
			// read it back.
			const { rows } = await db.query<{
				started: string;
				ended: string | null;
				auto_closed: boolean;
				flagged: boolean;
			}>(
				`select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started,
					to_char(ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ended,
					auto_closed, flagged
				from public.visits where id = $1`,
				[visit.visitId]
			);
			const { rows: hours } = await db.query<{ closing: string }>(
				`select left(closing_time::text, 5) as closing from public.spaces where id = $1`,
				[w.space]
			);
			expect(find(changes, 'spaces', w.space)?.row).toEqual({
				id: w.space,
				name: 'Espace sync',
				timeZone: 'Europe/Paris',
				capacity: 30,
				openingTime: '00:00',
				closingTime: hours[0]!.closing,
				lowThresholdMinutes: 60,
				overdraftLimitMinutes: 600
			});
			expect(find(changes, 'memberships', `${w.space}:${w.member}`)?.row).toEqual({
				id: `${w.space}:${w.member}`,
				spaceId: w.space,
				userId: w.member,
				displayName: expect.any(String),
				role: 'member',
				showPresence: false
			});
			expect(find(changes, 'plans', plan.planId)?.row).toEqual({
				id: plan.planId,
				spaceId: w.space,
				name: plan.name,
				kind: 'pack',
				hours: 10,
				validityDays: 90,
				rules: plan.rules,
				archived: false
			});
			expect(find(changes, 'contracts', contract.contractId)?.row).toEqual({
				id: contract.contractId,
				spaceId: w.space,
				userId: w.member,
				planId: plan.planId,
				kind: 'pack',
				startsOn: '2026-11-02',
				expiresOn: '2027-01-30',
				minutesGranted: 600,
				rules: plan.rules
			});
			expect(find(changes, 'visits', visit.visitId)?.row).toEqual({
				id: visit.visitId,
				spaceId: w.space,
				userId: w.member,
				startedAt: rows[0]!.started,
				endedAt: rows[0]!.ended,
				autoClosed: rows[0]!.auto_closed,
				flagged: rows[0]!.flagged,
				reviewed: false
			});
			expect(rows[0]!.started).toMatch(isoInstant);
			expect(find(changes, 'rituals', ritual.ritualId)?.row).toEqual({
				id: ritual.ritualId,
				spaceId: w.space,
				kind: 'lunch',
				title: 'Déjeuner partagé',
				description: 'Chacun apporte un plat.',
				place: 'Cuisine',
				durationMinutes: 60,
				capacity: 2,
				rrule: 'FREQ=WEEKLY;BYDAY=TH',
				startsAt: '2026-11-26T12:30',
				roles: [{ key: 'cook', label: 'Cuisine', slots: 2, animates: false }],
				leadUserId: null,
				endsBefore: null,
				endMessage: '',
				continuedBy: null,
				proposalId: null
			});
			expect(find(changes, 'signups', signup.signupId)?.row).toEqual({
				id: signup.signupId,
				spaceId: w.space,
				ritualId: ritual.ritualId,
				occurrence: '2036-12-04T12:30',
				userId: w.member,
				roleKey: null,
				note: 'Quiche',
				cancelled: false,
				createdAt: new Date(signup.at).toISOString(),
				rank: expect.any(Number),
				roleRank: expect.any(Number)
			});
			expect(find(changes, 'invitations', invitation.invitationId)?.row).toEqual({
				id: invitation.invitationId,
				spaceId: w.space,
				code: invitation.code,
				createdBy: w.host,
				createdAt: expect.stringMatching(isoInstant),
				expiresAt: '2026-12-31T23:00:00.000Z',
				maxUses: 5,
				uses: 0,
				revoked: false
			});
		});

		test('the answer carries the server time, the cursor and the client’s last mutation id', async () => {
			const w = await world(db);
			const client = uuid();
			await push(
				db,
				w.member,
				client,
				batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: true }])
			);
			const before = Date.now();
			const page = await pull(db, w.member, client, w.space);
			expect(page).toMatchObject({ reset: false, hasMore: false, lastMutationId: 1, results: [] });
			expect(page.serverTime).toMatch(isoInstant);
			expect(Math.abs(Date.parse(page.serverTime) - before)).toBeLessThan(60_000);
			expect(page.cursor).toEqual({
				rows: expect.any(Number),
				results: 0,
				role: 'member',
				floor: expect.any(Number)
			});
			// Nothing new: the same cursor comes back and no change.
			const again = await pull(db, w.member, client, w.space, page.cursor);
			expect(again.changes).toEqual([]);
			expect(again.cursor).toEqual(page.cursor);
		});
	});

	describe('what each caller sees', () => {
		let w: World;
		let ritual: ReturnType<typeof args.ritual>;
		let plan: ReturnType<typeof args.plan>;
		beforeAll(async () => {
			w = await world(db);
			ritual = args.ritual(w.space);
			plan = args.plan(w.space);
			await push(
				db,
				w.host,
				uuid(),
				batch(1, ['ritual.create@1', ritual], ['plan.create@1', plan])
			);
		});

		test('another member’s open visit and sign-up come without name or note; closed and cancelled ones as tombstones', async () => {
			const client = uuid();
			const first = await pullAll(db, w.member, client, w.space);
			const open = args.visitStart(w.space);
			const closed = args.visitStart(w.space, {
				at: new Date(Date.now() - 3 * 3600_000).toISOString()
			});
			const signup = args.signup(w.space, ritual.ritualId, { note: 'secret' });
			// Another occurrence: one active sign-up per member and occurrence.
			const cancelled = args.signup(w.space, ritual.ritualId, { occurrence: '2036-12-11T12:30' });
			const contract = args.contract(w.space, plan.planId, w.other);
			await push(
				db,
				w.other,
				uuid(),
				batch(
					1,
					['visit.start@1', closed],
					['visit.end@1', args.visitEnd(w.space, closed.visitId)],
					['visit.start@1', open],
					['signup.create@1', signup],
					['signup.create@1', cancelled],
					['signup.cancel@1', { spaceId: w.space, signupId: cancelled.signupId }]
				)
			);
			await pushOne(db, w.host, 'contract.grant@1', contract);
			const next = await pullAll(db, w.member, client, w.space, first.cursor);
			expect(find(next.changes, 'visits', open.visitId)).toEqual({
				table: 'visits',
				id: open.visitId,
				deleted: false,
				row: expect.objectContaining({ userId: null, endedAt: null })
			});
			expect(find(next.changes, 'visits', closed.visitId)).toEqual({
				table: 'visits',
				id: closed.visitId,
				deleted: true,
				row: null
			});
			expect(find(next.changes, 'signups', signup.signupId)?.row).toEqual(
				expect.objectContaining({ userId: null, note: '', cancelled: false })
			);
			expect(find(next.changes, 'signups', cancelled.signupId)).toEqual({
				table: 'signups',
				id: cancelled.signupId,
				deleted: true,
				row: null
			});
			// Another member's contract does not come at all, not even as a tombstone.
			expect(find(next.changes, 'contracts', contract.contractId)).toBeUndefined();
			// Their membership (no name shown) is a tombstone; nothing in any row names them.
			expect(JSON.stringify(next.changes)).not.toContain(w.other);

			// The host sees everything, named.
			const host = await pullAll(db, w.host, uuid(), w.space);
			expect(find(host.changes, 'visits', closed.visitId)?.row).toEqual(
				expect.objectContaining({ userId: w.other, endedAt: expect.stringMatching(isoInstant) })
			);
			expect(find(host.changes, 'signups', signup.signupId)?.row).toEqual(
				expect.objectContaining({ userId: w.other, note: 'secret' })
			);
			expect(find(host.changes, 'signups', cancelled.signupId)?.row).toEqual(
				expect.objectContaining({ cancelled: true })
			);
			expect(find(host.changes, 'contracts', contract.contractId)?.deleted).toBe(false);

			// Showing one's name re-stamps the open visit and the active sign-up: re-received named.
			const cursor = next.cursor;
			await pushOne(db, w.other, 'profile.presence@1', { spaceId: w.space, showPresence: true });
			const named = await pullAll(db, w.member, client, w.space, cursor);
			expect(named.changes.map((c) => `${c.table}:${c.id}`).sort()).toEqual(
				[
					`memberships:${w.space}:${w.other}`,
					`signups:${signup.signupId}`,
					`visits:${open.visitId}`
				].sort()
			);
			expect(find(named.changes, 'visits', open.visitId)?.row).toEqual(
				expect.objectContaining({ userId: w.other })
			);
			expect(find(named.changes, 'signups', signup.signupId)?.row).toEqual(
				expect.objectContaining({ userId: w.other, note: 'secret' })
			);
			expect(find(named.changes, 'memberships', `${w.space}:${w.other}`)?.row).toEqual(
				expect.objectContaining({ userId: w.other, showPresence: true })
			);
			// And hiding it again sends them back unnamed, and the membership as a tombstone.
			await pushOne(db, w.other, 'profile.presence@1', { spaceId: w.space, showPresence: false });
			const hidden = await pullAll(db, w.member, client, w.space, named.cursor);
			expect(find(hidden.changes, 'visits', open.visitId)?.row).toEqual(
				expect.objectContaining({ userId: null })
			);
			expect(find(hidden.changes, 'memberships', `${w.space}:${w.other}`)).toEqual(
				expect.objectContaining({ deleted: true, row: null })
			);
		});

		test('a member’s own rows are complete; invitations reach hosts only', async () => {
			const own = args.visitStart(w.space);
			const invitation = args.invitation(w.space);
			await pushOne(db, w.member, 'visit.start@1', own);
			await pushOne(db, w.host, 'invitation.create@1', invitation);
			const member = await pullAll(db, w.member, uuid(), w.space);
			expect(find(member.changes, 'visits', own.visitId)?.row).toEqual(
				expect.objectContaining({ userId: w.member })
			);
			expect(member.changes.filter((c) => c.table === 'invitations')).toEqual([]);
			const host = await pullAll(db, w.host, uuid(), w.space);
			expect(find(host.changes, 'invitations', invitation.invitationId)?.deleted).toBe(false);
		});

		test('pulling from zero skips tombstones: there is nothing on the device to delete', async () => {
			const fresh = await pullAll(db, w.member, uuid(), w.space);
			expect(fresh.changes.filter((c) => c.deleted)).toEqual([]);
			expect(fresh.changes.some((c) => c.table === 'visits')).toBe(true);
		});
	});

	describe('paging', () => {
		test('#16 2,500 rows page past 1,000: exactly-the-limit pages say hasMore, every row once', async () => {
			const w = await world(db);
			await db.query(
				`insert into public.visits (id, space_id, user_id, started_at, ended_at)
				select gen_random_uuid(), $1, $2, now() - (g || ' hours')::interval,
					now() - (g || ' hours')::interval + interval '30 minutes'
				from generate_series(1, 2496) as g`,
				[w.space, w.member]
			);
			const client = uuid();
			const pages = [];
			let cursor = null;
			for (;;) {
				const page = await pull(db, w.host, client, w.space, cursor, 1000);
				pages.push(page);
				cursor = page.cursor;
				if (!page.hasMore) break;
			}
			// 1 space + 3 memberships + 2,496 visits.
			expect(pages.map((p) => [p.changes.length, p.hasMore])).toEqual([
				[1000, true],
				[1000, true],
				[500, false]
			]);
			const all = pages.flatMap((p) => p.changes);
			expect(new Set(all.map((c) => `${c.table}:${c.id}`)).size).toBe(2500);
			expect(await count(db, 'public.visits where space_id = $1', [w.space])).toBe(2496);
			const { rows } = await db.query(
				'select version from app_private.space_versions where space_id = $1',
				[w.space]
			);
			expect(pages.at(-1)!.cursor.rows).toBe(Number(rows[0].version));
		});

		test('a last page of exactly the limit: the follow-up request returns nothing more', async () => {
			const w = await world(db); // 1 space + 3 memberships = 4 rows
			const client = uuid();
			const first = await pull(db, w.host, client, w.space, null, 4);
			expect([first.changes.length, first.hasMore]).toEqual([4, false]);
			const follow = await pull(db, w.host, client, w.space, first.cursor, 4);
			expect([follow.changes, follow.hasMore]).toEqual([[], false]);
			const small = await pull(db, w.host, uuid(), w.space, null, 3);
			expect([small.changes.length, small.hasMore]).toEqual([3, true]);
		});

		test('results page too, with their own cursor', async () => {
			const w = await world(db);
			const client = uuid();
			const bad = Array.from({ length: 7 }, () => ['nope@1', {}] as [string, unknown]);
			await push(db, w.member, client, batch(1, ...bad));
			const pages = [];
			let cursor = null;
			for (;;) {
				const page = await pull(db, w.member, uuid(), w.space, cursor, 3);
				pages.push(page.results.map((r) => r.mutationId));
				cursor = page.cursor;
				if (!page.hasMore) break;
			}
			expect(pages.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
		});
	});

	test('#11 a long transaction that commits after a short one is still pulled', async () => {
		const w = await world(db);
		const client = uuid();
		const start = await pullAll(db, w.host, client, w.space);
		const longVisit = args.visitStart(w.space);
		const shortVisit = args.visitStart(w.space);
		const [long, short] = [await connect(), await connect()];
		const beginAs = async (c: pg.ClientBase, user: string) => {
			await c.query('begin');
			await c.query('set local role authenticated');
			await c.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ sub: user, role: 'authenticated' })
			]);
		};
		try {
			const shortPid = await backendPid(short);
			const sql = 'select public.sync_push($1, 1, $2::jsonb)';
			await beginAs(long, w.member);
			await long.query(sql, [uuid(), JSON.stringify(batch(1, ['visit.start@1', longVisit]))]);
			await beginAs(short, w.other);
			const pending = short.query(sql, [
				uuid(),
				JSON.stringify(batch(1, ['visit.start@1', shortVisit]))
			]);
			// The short one waits for the long one's version lock, so it cannot commit first.
			await waitUntilBlocked(db, shortPid);
			const during = await pull(db, w.host, client, w.space, start.cursor);
			expect(during.changes).toEqual([]);
			await long.query('commit');
			await pending;
			// Pulled between the two commits: the long one's row, cursor at its version.
			const between = await pull(db, w.host, client, w.space, start.cursor);
			expect(between.changes.map((c) => c.id)).toEqual([longVisit.visitId]);
			await short.query('commit');
			const after = await pull(db, w.host, client, w.space, between.cursor);
			expect(after.changes.map((c) => c.id)).toEqual([shortVisit.visitId]);
		} finally {
			await Promise.all([long.end(), short.end()]);
		}
	});

	describe('resets', () => {
		test('#17 a cursor older than the purge gets reset: expired; from zero works again', async () => {
			const w = await world(db);
			const client = uuid();
			const visit = args.visitStart(w.space);
			await pushOne(db, w.member, 'visit.start@1', visit);
			const early = await pullAll(db, w.host, client, w.space);
			// A soft delete (by a host tool or a later mutation), old enough for the purge.
			await db.query(`update public.visits set deleted = true where id = $1`, [visit.visitId]);
			await db.query(
				`update public.visits set deleted_at = now() - interval '31 days' where id = $1`,
				[visit.visitId]
			);
			const current = await pullAll(db, w.host, uuid(), w.space, early.cursor);
			expect(find(current.changes, 'visits', visit.visitId)?.deleted).toBe(true);
			const { rows } = await db.query<{ removed: string }>(
				`select app_private.purge_deleted('30 days') as removed`
			);
			expect(Number(rows[0]!.removed)).toBeGreaterThanOrEqual(1);
			expect(await count(db, 'public.visits where id = $1', [visit.visitId])).toBe(0);

			expect(await pull(db, w.host, client, w.space, early.cursor)).toEqual({
				reset: true,
				reason: 'expired',
				serverTime: expect.stringMatching(isoInstant)
			});
			// A cursor at or past the purged version is fine.
			expect((await pull(db, w.host, client, w.space, current.cursor)).reset).toBe(false);
			const again = await pullAll(db, w.host, client, w.space);
			expect(find(again.changes, 'visits', visit.visitId)).toBeUndefined();
		});

		test('a member promoted to host gets reset: role_changed, then pulls everything', async () => {
			const w = await world(db);
			const client = uuid();
			const invitation = args.invitation(w.space);
			await pushOne(db, w.host, 'invitation.create@1', invitation);
			const before = await pullAll(db, w.member, client, w.space);
			expect(before.changes.some((c) => c.table === 'invitations')).toBe(false);
			await pushOne(db, w.host, 'membership.add@1', {
				spaceId: w.space,
				userId: w.member,
				displayName: 'Promue',
				role: 'host'
			});
			expect(await pull(db, w.member, client, w.space, before.cursor)).toMatchObject({
				reset: true,
				reason: 'role_changed'
			});
			const after = await pullAll(db, w.member, client, w.space);
			expect(find(after.changes, 'invitations', invitation.invitationId)?.deleted).toBe(false);
			expect(after.cursor.role).toBe('host');
		});

		test('a removed member, or someone who never was one, gets reset: not_member', async () => {
			const w = await world(db);
			const client = uuid();
			const before = await pullAll(db, w.other, client, w.space);
			await db.query(
				'update public.memberships set deleted = true where space_id = $1 and user_id = $2',
				[w.space, w.other]
			);
			expect(await pull(db, w.other, client, w.space, before.cursor)).toMatchObject({
				reset: true,
				reason: 'not_member'
			});
			expect(await pull(db, w.stranger, uuid(), w.space)).toMatchObject({
				reset: true,
				reason: 'not_member'
			});
		});
	});

	test('malformed requests are CL003; another user’s client id is 42501', async () => {
		const w = await world(db);
		const client = uuid();
		await pull(db, w.member, client, w.space);
		expect(await failure(pull(db, w.member, client, w.space, null, 0))).toBe('CL003');
		expect(await failure(pull(db, w.member, client, w.space, null, 1001))).toBe('CL003');
		expect(await failure(pull(db, w.member, client, w.space, { rows: 'x' }, 10))).toBe('CL003');
		expect(
			await failure(
				pull(db, w.member, client, w.space, { rows: -1, results: 0, role: 'member', floor: 0 })
			)
		).toBe('CL003');
		expect(await failure(pull(db, w.other, client, w.space))).toBe('42501');
		const someoneElse = await createUser(db);
		expect(await failure(pull(db, someoneElse, client, null))).toBe('42501');
	});
});
