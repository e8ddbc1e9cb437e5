import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	addMember,
	backendPid,
	connect,
	createSpace,
	createUser,
	inTransaction,
	waitUntilBlocked
} from './helpers';
import {
	args,
	batch,
	halfADayFromNow,
	latest,
	pullAll,
	pushOne,
	rejected,
	uuid
} from './sync-helpers';

// Forgotten check-outs (docs/database.md): app_private.close_forgotten_visits closes open visits at
// their space's closing time, whenever it runs; sync_pull runs it for the pulled space; visit.start
// and visit.end apply the same closing time (lib/domain/auto-close.ts, lib/domain/visits.ts).
const applied = { id: 1, status: 'applied' };

describe('forgotten check-outs', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	const row = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows[0];
	/** A space (Paris, closing at 20:00 unless told) with a host and a member. */
	const space = async (fields: { timeZone?: string; closingTime?: string } = {}) => {
		const [host, member] = [await createUser(db), await createUser(db)];
		const id = await createSpace(db, { name: 'Fermeture', openingTime: '00:00', ...fields });
		await addMember(db, id, host, 'host');
		await addMember(db, id, member);
		return { id, host, member };
	};
	/** A member of `spaceId` with no visit yet. */
	const memberOf = async (spaceId: string) => {
		const user = await createUser(db);
		await addMember(db, spaceId, user);
		return user;
	};
	/** An open visit inserted as the owner (no clamping), started at `startedAt`. */
	const openVisit = async (spaceId: string, userId: string, startedAt: string) => {
		const id = uuid();
		await db.query(
			`insert into public.visits (id, space_id, user_id, started_at) values ($1, $2, $3, $4)`,
			[id, spaceId, userId, startedAt]
		);
		return id;
	};
	const visit = (id: string) =>
		row(
			`select app_private.iso_instant(ended_at) as ended, auto_closed, reviewed, version::int
			from public.visits where id = $1`,
			[id]
		);
	const close = async (now: string, spaceId: string | null) =>
		(
			await db.query<{ closed: number }>(
				'select app_private.close_forgotten_visits($1, $2) as closed',
				[now, spaceId]
			)
		).rows[0]!.closed;
	/** The instant the wall clock of `zone` shows `clock`, `daysAgo` local days before today. */
	const local = async (daysAgo: number, clock: string, zone = 'Europe/Paris') =>
		(
			await db.query<{ at: string }>(
				`select app_private.iso_instant(app_private.zoned_instant(
					(now() at time zone $3)::date - $1::integer, $2::time, $3
				)) as at`,
				[daysAgo, clock, zone]
			)
		).rows[0]!.at;

	describe('app_private.close_forgotten_visits', () => {
		test('closes at the closing time, marked, once it has passed; again changes nothing', async () => {
			const s = await space();
			const id = await openVisit(s.id, s.member, '2026-01-15T08:00:00.000Z'); // 09:00 in Paris
			expect(await close('2026-01-15T18:59:59.999Z', s.id)).toBe(0);
			expect(await visit(id)).toMatchObject({ ended: null, auto_closed: false });
			expect(await close('2026-01-15T19:00:00.000Z', s.id)).toBe(1);
			const closed = await visit(id);
			expect(closed).toMatchObject({ ended: '2026-01-15T19:00:00.000Z', auto_closed: true });
			expect(await close('2026-01-20T12:00:00.000Z', s.id)).toBe(0);
			expect(await visit(id)).toEqual(closed);
		});

		test('the end does not depend on when it runs (a day late, a month late)', async () => {
			const s = await space();
			const [early, late] = [
				await openVisit(s.id, s.member, '2026-01-15T08:00:00.000Z'),
				await openVisit(s.id, s.host, '2026-01-15T08:00:00.000Z')
			];
			await inTransaction(db, async () => {
				expect(await close('2026-01-16T08:00:00.000Z', s.id)).toBe(2);
				expect((await visit(early)).ended).toBe('2026-01-15T19:00:00.000Z');
			});
			expect(await close('2026-02-20T08:00:00.000Z', s.id)).toBe(2);
			expect((await visit(early)).ended).toBe('2026-01-15T19:00:00.000Z');
			expect((await visit(late)).ended).toBe('2026-01-15T19:00:00.000Z');
		});

		test('one space only when named; every zone at its own closing time, DST nights included', async () => {
			const paris = await space();
			const newYork = await space({ timeZone: 'America/New_York', closingTime: '18:00' });
			const tokyo = await space({ timeZone: 'Asia/Tokyo', closingTime: '21:00' });
			const spring = await openVisit(paris.id, paris.member, '2026-03-29T00:30:00.000Z');
			const winter = await openVisit(paris.id, paris.host, '2026-03-01T08:00:00.000Z');
			const ny = await openVisit(newYork.id, newYork.member, '2026-03-08T14:00:00.000Z');
			const late = await openVisit(tokyo.id, tokyo.member, '2026-03-10T13:00:00.000Z');
			expect(await close('2026-03-30T00:00:00.000Z', newYork.id)).toBe(1);
			expect(await visit(ny)).toMatchObject({ ended: '2026-03-08T22:00:00.000Z' });
			expect(await visit(spring)).toMatchObject({ ended: null });
			// All spaces at once (rolled back: other test files share the database).
			await inTransaction(db, async () => {
				expect(await close('2026-03-30T00:00:00.000Z', null)).toBeGreaterThanOrEqual(3);
				expect(await visit(spring)).toMatchObject({
					ended: '2026-03-29T18:00:00.000Z', // 20:00 CEST, the first summer day
					auto_closed: true
				});
				expect(await visit(winter)).toMatchObject({ ended: '2026-03-01T19:00:00.000Z' });
				expect(await visit(late)).toMatchObject({ ended: '2026-03-11T12:00:00.000Z' });
			});
			const octoberNight = await openVisit(
				paris.id,
				await memberOf(paris.id),
				'2026-10-24T23:30:00.000Z'
			);
			await inTransaction(db, async () => {
				await close('2026-10-26T00:00:00.000Z', paris.id);
				expect(await visit(octoberNight)).toMatchObject({ ended: '2026-10-25T19:00:00.000Z' });
			});
		});

		test('pg_cron is not here: the migration scheduled nothing and did not fail', async () => {
			expect(
				await row(
					`select exists (select 1 from pg_available_extensions where name = 'pg_cron') as available,
						exists (select 1 from pg_namespace where nspname = 'cron') as installed`,
					[]
				)
			).toEqual({ available: false, installed: false });
		});
	});

	describe('sync_pull closes them first', () => {
		test('a pull of the space closes its forgotten visits and sends them closed', async () => {
			const s = await space();
			const elsewhere = await space();
			const started = await local(2, '09:00');
			const mine = await openVisit(s.id, s.member, started);
			const other = await openVisit(elsewhere.id, elsewhere.member, started);
			const inserted = (await visit(mine)).version;
			const { changes } = await pullAll(db, s.member, uuid(), s.id);
			const closedAt = await local(2, '20:00');
			expect(latest(changes).get(`visits:${mine}`)?.row).toEqual({
				id: mine,
				spaceId: s.id,
				userId: s.member,
				startedAt: started,
				endedAt: closedAt,
				autoClosed: true,
				flagged: false,
				reviewed: false
			});
			const after = await visit(mine);
			expect(after).toMatchObject({ ended: closedAt, auto_closed: true });
			expect(after.version).toBeGreaterThan(inserted);
			// Only the pulled space.
			expect(await visit(other)).toMatchObject({ ended: null });
		});

		test('another member sees the closed visit go (a tombstone), after seeing it open', async () => {
			const s = await space();
			const client = uuid();
			const recent = await openVisit(s.id, s.host, new Date().toISOString());
			const first = await pullAll(db, s.member, client, s.id);
			expect(latest(first.changes).get(`visits:${recent}`)?.row).toMatchObject({ endedAt: null });
			// The visit turns out to be two days old (a device clock, a host tool): the next pull
			// closes it, and the member receives it as closed, hence a tombstone.
			await db.query('update public.visits set started_at = $2 where id = $1', [
				recent,
				await local(2, '10:00')
			]);
			const next = await pullAll(db, s.member, client, s.id, first.cursor);
			expect(latest(next.changes).get(`visits:${recent}`)).toEqual({
				table: 'visits',
				id: recent,
				deleted: true,
				row: null
			});
		});

		test('with nothing due, a pull writes nothing (no version handed out)', async () => {
			const s = await space({ closingTime: await halfADayFromNow(db) });
			await openVisit(s.id, s.member, new Date().toISOString());
			const counter = async () =>
				(
					await row('select version::int from app_private.space_versions where space_id = $1', [
						s.id
					])
				).version;
			const before = await counter();
			const client = uuid();
			const first = await pullAll(db, s.host, client, s.id);
			expect(await counter()).toBe(before);
			const again = await pullAll(db, s.host, client, s.id, first.cursor);
			expect(again.changes).toEqual([]);
			expect(await counter()).toBe(before);
		});

		test('a pull that closes a visit while a push checks it out: no deadlock, the check-out wins', async () => {
			const s = await space();
			const user = await memberOf(s.id);
			const start = args.visitStart(s.id, { at: await local(2, '09:00') });
			await pushOne(db, user, 'visit.start@1', start);
			const [pusher, puller] = [await connect(), await connect()];
			const as = async (c: pg.ClientBase, who: string) => {
				await c.query('begin');
				await c.query('set local role authenticated');
				await c.query(`select set_config('request.jwt.claims', $1, true)`, [
					JSON.stringify({ sub: who, role: 'authenticated' })
				]);
			};
			const push = 'select public.sync_push($1, 1, $2::jsonb)';
			try {
				// The push holds the space's version counter (it locks it before applying)...
				await as(pusher, user);
				await pusher.query(push, [
					uuid(),
					JSON.stringify(batch(1, ['topup.request@1', args.topupRequest(s.id)]))
				]);
				// ...so the pull, which has a visit to close, waits for it, holding no visit lock...
				await as(puller, s.host);
				const pullerPid = await backendPid(puller);
				const pulling = puller.query('select public.sync_pull($1, $2, null, 1000) as page', [
					uuid(),
					s.id
				]);
				await waitUntilBlocked(db, pullerPid);
				// ...and the push can still lock and end that visit (locking the visit first, then the
				// counter, the pull would have deadlocked with it).
				const at19 = await local(2, '19:00');
				await pusher.query(push, [
					uuid(),
					JSON.stringify(
						batch(1, ['visit.end@1', args.visitEnd(s.id, start.visitId, { at: at19 })])
					)
				]);
				await pusher.query('commit');
				const { rows } = await pulling;
				await puller.query('commit');
				const changes = rows[0].page.changes as Parameters<typeof latest>[0];
				expect(latest(changes).get(`visits:${start.visitId}`)?.row).toMatchObject({
					endedAt: at19,
					autoClosed: false
				});
				expect(await visit(start.visitId)).toMatchObject({ ended: at19, auto_closed: false });
			} finally {
				await Promise.all([pusher.end(), puller.end()]);
			}
		});
	});

	describe('check-ins and check-outs apply the closing time', () => {
		test('visit.start with a forgotten open visit in the same space closes it at closing time', async () => {
			const s = await space();
			const user = await memberOf(s.id);
			const stale = args.visitStart(s.id, { at: await local(2, '09:00') });
			expect(await pushOne(db, user, 'visit.start@1', stale)).toEqual(applied);
			// Before the closing time: still the same visit.
			expect(
				await pushOne(
					db,
					user,
					'visit.start@1',
					args.visitStart(s.id, { at: await local(2, '19:59') })
				)
			).toEqual(rejected('conflict', 'already checked in'));
			// At the closing time (or any time after): a forgotten check-out, closed then, marked.
			const next = args.visitStart(s.id, { at: await local(2, '20:00') });
			expect(await pushOne(db, user, 'visit.start@1', next)).toEqual(applied);
			expect(await visit(stale.visitId)).toMatchObject({
				ended: await local(2, '20:00'),
				auto_closed: true
			});
			expect(await visit(next.visitId)).toMatchObject({ ended: null, auto_closed: false });
		});

		test('a forgotten visit elsewhere closes at its closing time, not at the new start', async () => {
			const [s, t] = [await space(), await space({ timeZone: 'Asia/Tokyo', closingTime: '21:00' })];
			const user = await memberOf(s.id);
			await addMember(db, t.id, user);
			const stale = args.visitStart(s.id, { at: await local(3, '09:00') });
			await pushOne(db, user, 'visit.start@1', stale);
			const now = args.visitStart(t.id);
			expect(await pushOne(db, user, 'visit.start@1', now)).toEqual(applied);
			expect(await visit(stale.visitId)).toMatchObject({
				ended: await local(3, '20:00'),
				auto_closed: true
			});
		});

		test('visit.scan and visit.startFor close a forgotten visit the same way', async () => {
			const s = await space();
			const key = 'ForgottenCheckoutKey_1';
			await pushOne(db, s.host, 'space.rotateKey@1', { spaceId: s.id, key });
			const [scanner, helped] = [await memberOf(s.id), await memberOf(s.id)];
			const staleA = args.visitStart(s.id, { at: await local(2, '09:00') });
			const staleB = args.visitStart(s.id, { at: await local(2, '10:00') });
			await pushOne(db, scanner, 'visit.start@1', staleA);
			await pushOne(db, helped, 'visit.start@1', staleB);
			expect(await pushOne(db, scanner, 'visit.scan@1', { ...args.visitStart(s.id), key })).toEqual(
				applied
			);
			expect(
				await pushOne(db, s.host, 'visit.startFor@1', { ...args.visitStart(s.id), userId: helped })
			).toEqual(applied);
			for (const id of [staleA.visitId, staleB.visitId]) {
				expect(await visit(id)).toMatchObject({
					ended: await local(2, '20:00'),
					auto_closed: true
				});
			}
		});

		test('a check-out after the closing time ends the visit at the closing time, marked', async () => {
			const s = await space();
			const user = await memberOf(s.id);
			const start = args.visitStart(s.id, { at: await local(2, '09:00') });
			await pushOne(db, user, 'visit.start@1', start);
			expect(
				await pushOne(
					db,
					user,
					'visit.end@1',
					args.visitEnd(s.id, start.visitId, { at: await local(1, '08:00') })
				)
			).toEqual(applied);
			expect(await visit(start.visitId)).toMatchObject({
				ended: await local(2, '20:00'),
				auto_closed: true,
				reviewed: false
			});
		});

		test('a late check-out after the job ran: before closing it wins, after closing the close stays', async () => {
			const s = await space();
			const [early, late] = [await memberOf(s.id), await memberOf(s.id)];
			const a = args.visitStart(s.id, { at: await local(2, '09:00') });
			const b = args.visitStart(s.id, { at: await local(2, '09:00') });
			await pushOne(db, early, 'visit.start@1', a);
			await pushOne(db, late, 'visit.start@1', b);
			expect(await close(new Date().toISOString(), s.id)).toBe(2);
			const closedAt = await local(2, '20:00');
			expect(await visit(a.visitId)).toMatchObject({ ended: closedAt, auto_closed: true });
			// Checked out at 19:00, offline, pushed after the job: 19:00, not the automatic 20:00.
			const at19 = await local(2, '19:00');
			expect(
				await pushOne(db, early, 'visit.end@1', args.visitEnd(s.id, a.visitId, { at: at19 }))
			).toEqual(applied);
			expect(await visit(a.visitId)).toMatchObject({
				ended: at19,
				auto_closed: false,
				reviewed: false
			});
			// Checked out at 23:00: the space had closed; the automatic close stays, unchanged.
			const before = await visit(b.visitId);
			expect(
				await pushOne(
					db,
					late,
					'visit.end@1',
					args.visitEnd(s.id, b.visitId, { at: await local(2, '23:00') })
				)
			).toEqual(applied);
			expect(await visit(b.visitId)).toEqual(before);
			// The visit ended by its member is ended: another check-out is a conflict.
			expect(
				await pushOne(db, early, 'visit.end@1', args.visitEnd(s.id, a.visitId, { at: at19 }))
			).toEqual(rejected('conflict', 'visit already ended'));
		});

		test('once reviewed, an auto-closed visit takes no late check-out; a host’s late check-out follows the rule', async () => {
			const s = await space();
			const [user, helped] = [await memberOf(s.id), await memberOf(s.id)];
			const a = args.visitStart(s.id, { at: await local(2, '09:00') });
			const b = args.visitStart(s.id, { at: await local(2, '09:00') });
			await pushOne(db, user, 'visit.start@1', a);
			await pushOne(db, helped, 'visit.start@1', b);
			await close(new Date().toISOString(), s.id);
			expect(
				await pushOne(db, user, 'visit.confirm@1', { spaceId: s.id, visitId: a.visitId })
			).toEqual(applied);
			expect(
				await pushOne(
					db,
					user,
					'visit.end@1',
					args.visitEnd(s.id, a.visitId, { at: await local(2, '18:00') })
				)
			).toEqual(rejected('conflict', 'visit already ended'));
			const at18 = await local(2, '18:00');
			expect(
				await pushOne(db, s.host, 'visit.end@1', args.visitEnd(s.id, b.visitId, { at: at18 }))
			).toEqual(applied);
			expect(await visit(b.visitId)).toMatchObject({ ended: at18, auto_closed: false });
		});
	});
});
