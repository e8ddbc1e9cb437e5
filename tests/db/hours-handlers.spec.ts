import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, connect, createUser, inTransaction } from './helpers';
import {
	args,
	batch,
	checkinKey,
	count,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type World
} from './sync-helpers';

// The handlers of issue 4 (hours and check-ins), 20261126000600_hours.sql, for the right callers.
// Who may not: tests/db/hours-security.spec.ts; closing times: tests/db/forgotten-checkouts.spec.ts.
const applied = { id: 1, status: 'applied' };

describe('hours and check-ins: handlers', () => {
	let db: pg.Client;
	let w: World;
	let plan: ReturnType<typeof args.plan>;
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Heures');
		plan = args.plan(w.space);
		expect(await pushOne(db, w.host, 'plan.create@1', plan)).toEqual(applied);
	});
	afterAll(async () => {
		await db.end();
	});

	const row = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rows[0];
	const version = async (table: string, where: string, values: unknown[]) =>
		Number((await row(`select version from public.${table} where ${where}`, values)).version);
	/** A user who is a member of the world's space and nothing else. */
	const newMember = async () => {
		const user = await createUser(db);
		await addMember(db, w.space, user);
		return user;
	};

	describe('space.settings@1', () => {
		test('a host sets capacity, hours and the balance thresholds; the same again writes nothing', async () => {
			const h = await world(db, 'Réglages');
			const settings = args.settings(h.space);
			expect(await pushOne(db, h.host, 'space.settings@1', settings)).toEqual(applied);
			expect(
				await row(
					`select capacity, opening_time::text, closing_time::text, low_threshold_minutes,
						overdraft_limit_minutes
					from public.spaces where id = $1`,
					[h.space]
				)
			).toEqual({
				capacity: 25,
				opening_time: '07:00:00',
				closing_time: '21:30:00',
				low_threshold_minutes: 90,
				overdraft_limit_minutes: null
			});
			const before = await version('spaces', 'id = $1', [h.space]);
			expect(await pushOne(db, h.host, 'space.settings@1', settings)).toEqual(applied);
			expect(await version('spaces', 'id = $1', [h.space])).toBe(before);
			expect(
				await pushOne(
					db,
					h.host,
					'space.settings@1',
					args.settings(h.space, { overdraftLimitMinutes: 0, lowThresholdMinutes: 0 })
				)
			).toEqual(applied);
			expect(
				await row(
					'select low_threshold_minutes, overdraft_limit_minutes from public.spaces where id = $1',
					[h.space]
				)
			).toEqual({ low_threshold_minutes: 0, overdraft_limit_minutes: 0 });
		});

		test('new spaces start with the defaults; opening at or after closing is invalid', async () => {
			const founder = await createUser(db);
			const a = args.spaceCreate();
			await pushOne(db, founder, 'space.create@1', a);
			expect(
				await row(
					'select low_threshold_minutes, overdraft_limit_minutes from public.spaces where id = $1',
					[a.spaceId]
				)
			).toEqual({ low_threshold_minutes: 60, overdraft_limit_minutes: 600 });
			expect(
				await pushOne(
					db,
					founder,
					'space.settings@1',
					args.settings(a.spaceId, { openingTime: '21:30', closingTime: '21:30' })
				)
			).toEqual(rejected('invalid_args', 'openingTime: opens after it closes'));
		});
	});

	describe('space.rotateKey@1', () => {
		test('sets the key, then replaces it, recording who and when', async () => {
			const h = await world(db, 'Clés');
			const [first, second] = [checkinKey(), checkinKey()];
			expect(
				await pushOne(db, h.host, 'space.rotateKey@1', { spaceId: h.space, key: first })
			).toEqual(applied);
			expect(
				await row(
					`select key, rotated_by, abs(extract(epoch from rotated_at - now())) < 60 as recent
					from public.space_keys where space_id = $1`,
					[h.space]
				)
			).toEqual({ key: first, rotated_by: h.host, recent: true });
			const cohost = await createUser(db);
			await addMember(db, h.space, cohost, 'host');
			expect(
				await pushOne(db, cohost, 'space.rotateKey@1', { spaceId: h.space, key: second })
			).toEqual(applied);
			expect(
				await row('select key, rotated_by from public.space_keys where space_id = $1', [h.space])
			).toEqual({ key: second, rotated_by: cohost });
			expect(await count(db, 'public.space_keys where space_id = $1', [h.space])).toBe(1);
		});
	});

	describe('plan.update@1 and plan.archive@1', () => {
		test('a host edits name, hours, validity and rules; the kind stays, contracts keep their copy', async () => {
			const p = args.plan(w.space);
			await pushOne(db, w.host, 'plan.create@1', p);
			const contract = args.contract(w.space, p.planId, w.member);
			await pushOne(db, w.host, 'contract.grant@1', contract);
			const contractBefore = await row('select * from public.contracts where id = $1', [
				contract.contractId
			]);
			const update = args.planUpdate(w.space, p.planId);
			expect(await pushOne(db, w.host, 'plan.update@1', update)).toEqual(applied);
			expect(
				await row(
					'select name, kind, hours, validity_days, rules, archived from public.plans where id = $1',
					[p.planId]
				)
			).toEqual({
				name: 'Carnet 20 h',
				kind: 'pack',
				hours: 20,
				validity_days: 180,
				rules: update.rules,
				archived: false
			});
			expect(
				await row('select * from public.contracts where id = $1', [contract.contractId])
			).toEqual(contractBefore);
			// The same again writes nothing.
			const before = await version('plans', 'id = $1', [p.planId]);
			expect(await pushOne(db, w.host, 'plan.update@1', update)).toEqual(applied);
			expect(await version('plans', 'id = $1', [p.planId])).toBe(before);
		});

		test('a plan of another space, or none, is not_found', async () => {
			const elsewhere = await world(db, 'Ailleurs');
			const foreign = args.plan(elsewhere.space);
			await pushOne(db, elsewhere.host, 'plan.create@1', foreign);
			for (const planId of [foreign.planId, uuid()]) {
				expect(
					await pushOne(db, w.host, 'plan.update@1', args.planUpdate(w.space, planId))
				).toEqual(rejected('not_found', 'plan'));
				expect(
					await pushOne(db, w.host, 'plan.archive@1', {
						spaceId: w.space,
						planId,
						archived: true
					})
				).toEqual(rejected('not_found', 'plan'));
			}
			expect(
				await row('select name, archived from public.plans where id = $1', [foreign.planId])
			).toEqual({ name: foreign.name, archived: false });
		});

		test('archiving and restoring; archiving twice writes once', async () => {
			const p = args.plan(w.space);
			await pushOne(db, w.host, 'plan.create@1', p);
			const archive = (archived: boolean) =>
				pushOne(db, w.host, 'plan.archive@1', { spaceId: w.space, planId: p.planId, archived });
			expect(await archive(true)).toEqual(applied);
			const archivedAt = await version('plans', 'id = $1', [p.planId]);
			expect(await archive(true)).toEqual(applied);
			expect(await version('plans', 'id = $1', [p.planId])).toBe(archivedAt);
			expect(await row('select archived from public.plans where id = $1', [p.planId])).toEqual({
				archived: true
			});
			expect(await archive(false)).toEqual(applied);
			expect(await row('select archived from public.plans where id = $1', [p.planId])).toEqual({
				archived: false
			});
		});
	});

	describe('top-up requests', () => {
		test('a member asks (for themselves), optionally naming a plan of the space', async () => {
			const user = await newMember();
			const request = args.topupRequest(w.space, { planId: plan.planId, note: '  10 h svp ' });
			expect(await pushOne(db, user, 'topup.request@1', request)).toEqual(applied);
			expect(
				await row(
					`select user_id, plan_id, note, handled_at, handled_by from public.topup_requests
					where id = $1`,
					[request.requestId]
				)
			).toEqual({
				user_id: user,
				plan_id: plan.planId,
				note: '10 h svp',
				handled_at: null,
				handled_by: null
			});
			expect(await pushOne(db, user, 'topup.request@1', request)).toEqual(
				rejected('conflict', 'request exists')
			);
		});

		test('a plan of another space, or an unknown one, is not_found', async () => {
			const elsewhere = await world(db, 'Ailleurs');
			const foreign = args.plan(elsewhere.space);
			await pushOne(db, elsewhere.host, 'plan.create@1', foreign);
			for (const planId of [foreign.planId, uuid()]) {
				expect(
					await pushOne(db, w.member, 'topup.request@1', args.topupRequest(w.space, { planId }))
				).toEqual(rejected('not_found', 'plan'));
			}
		});

		test('a host closes a request; closing it again changes nothing', async () => {
			const user = await newMember();
			const request = args.topupRequest(w.space);
			await pushOne(db, user, 'topup.request@1', request);
			const close = { spaceId: w.space, requestId: request.requestId };
			expect(await pushOne(db, w.host, 'topup.close@1', close)).toEqual(applied);
			const handled = await row(
				`select handled_at, handled_by, version from public.topup_requests where id = $1`,
				[request.requestId]
			);
			expect(handled).toEqual({
				handled_at: expect.any(Date),
				handled_by: w.host,
				version: expect.any(String)
			});
			expect(await pushOne(db, w.host, 'topup.close@1', close)).toEqual(applied);
			expect(
				await row(
					`select handled_at, handled_by, version from public.topup_requests where id = $1`,
					[request.requestId]
				)
			).toEqual(handled);
			expect(
				await pushOne(db, w.host, 'topup.close@1', { spaceId: w.space, requestId: uuid() })
			).toEqual(rejected('not_found', 'request'));
		});

		test('granting a contract handles the member’s open requests in that space, only theirs', async () => {
			const [user, neighbour] = [await newMember(), await newMember()];
			const elsewhere = await world(db, 'Ailleurs');
			await addMember(db, elsewhere.space, user);
			const open = args.topupRequest(w.space);
			const closedEarlier = args.topupRequest(w.space);
			const theirs = args.topupRequest(w.space);
			const otherSpace = args.topupRequest(elsewhere.space);
			await push(
				db,
				user,
				uuid(),
				batch(
					1,
					['topup.request@1', open],
					['topup.request@1', closedEarlier],
					['topup.request@1', otherSpace]
				)
			);
			await pushOne(db, neighbour, 'topup.request@1', theirs);
			await pushOne(db, w.host, 'topup.close@1', {
				spaceId: w.space,
				requestId: closedEarlier.requestId
			});
			const earlier = await row('select handled_at from public.topup_requests where id = $1', [
				closedEarlier.requestId
			]);
			const cohost = await createUser(db);
			await addMember(db, w.space, cohost, 'host');
			expect(
				await pushOne(db, cohost, 'contract.grant@1', args.contract(w.space, plan.planId, user))
			).toEqual(applied);
			const { rows } = await db.query(
				`select id, handled_at is not null as handled, handled_by from public.topup_requests
				where id = any($1) order by id`,
				[[open.requestId, closedEarlier.requestId, theirs.requestId, otherSpace.requestId]]
			);
			const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
			expect(byId[open.requestId]).toEqual({
				id: open.requestId,
				handled: true,
				handled_by: cohost
			});
			expect(byId[closedEarlier.requestId]).toEqual({
				id: closedEarlier.requestId,
				handled: true,
				handled_by: w.host
			});
			expect(byId[theirs.requestId]).toMatchObject({ handled: false });
			expect(byId[otherSpace.requestId]).toMatchObject({ handled: false });
			expect(
				await row('select handled_at from public.topup_requests where id = $1', [
					closedEarlier.requestId
				])
			).toEqual(earlier);
		});
	});

	describe('adjustment.create@1', () => {
		test('a host credits a member on one of their contracts, or debits them standalone', async () => {
			const user = await newMember();
			const contract = args.contract(w.space, plan.planId, user);
			await pushOne(db, w.host, 'contract.grant@1', contract);
			const credit = args.adjustment(w.space, user, {
				contractId: contract.contractId,
				minutes: 120,
				reason: '  Panne de wifi  '
			});
			const debit = args.adjustment(w.space, user, { minutes: -45, localDate: '2026-11-27' });
			expect(
				await push(
					db,
					w.host,
					uuid(),
					batch(1, ['adjustment.create@1', credit], ['adjustment.create@1', debit])
				)
			).toEqual({
				lastMutationId: 2,
				results: [
					{ id: 1, status: 'applied' },
					{ id: 2, status: 'applied' }
				]
			});
			const { rows } = await db.query(
				`select id, user_id, minutes, contract_id, local_date::text, reason, created_by
				from public.adjustments where user_id = $1 order by minutes desc`,
				[user]
			);
			expect(rows).toEqual([
				{
					id: credit.adjustmentId,
					user_id: user,
					minutes: 120,
					contract_id: contract.contractId,
					local_date: '2026-11-26',
					reason: 'Panne de wifi',
					created_by: w.host
				},
				{
					id: debit.adjustmentId,
					user_id: user,
					minutes: -45,
					contract_id: null,
					local_date: '2026-11-27',
					reason: 'Panne de wifi',
					created_by: w.host
				}
			]);
			expect(await pushOne(db, w.host, 'adjustment.create@1', credit)).toEqual(
				rejected('conflict', 'adjustment exists')
			);
		});

		test('someone not (or no longer) a member, or a contract that is not theirs here, is not_found', async () => {
			const user = await newMember();
			const removed = await createUser(db);
			await addMember(db, w.space, removed, 'member', true);
			const neighbourContract = args.contract(w.space, plan.planId, w.other);
			await pushOne(db, w.host, 'contract.grant@1', neighbourContract);
			for (const who of [w.stranger, removed]) {
				expect(
					await pushOne(db, w.host, 'adjustment.create@1', args.adjustment(w.space, who))
				).toEqual(rejected('not_found', 'member'));
			}
			for (const contractId of [neighbourContract.contractId, uuid()]) {
				expect(
					await pushOne(
						db,
						w.host,
						'adjustment.create@1',
						args.adjustment(w.space, user, { contractId })
					)
				).toEqual(rejected('not_found', 'contract'));
			}
			expect(
				await count(db, 'public.adjustments where user_id = any($1)', [[user, removed, w.stranger]])
			).toBe(0);
		});
	});

	describe('check-ins by QR code and on behalf', () => {
		test('visit.scan with the current key opens a visit like visit.start', async () => {
			const h = await world(db, 'Scan');
			const key = checkinKey();
			await pushOne(db, h.host, 'space.rotateKey@1', { spaceId: h.space, key });
			const scan = { ...args.visitStart(h.space), key };
			expect(await pushOne(db, h.member, 'visit.scan@1', scan)).toEqual(applied);
			expect(
				await row(
					'select user_id, started_at = $2::timestamptz as exact, ended_at, flagged from public.visits where id = $1',
					[scan.visitId, scan.at]
				)
			).toEqual({ user_id: h.member, exact: true, ended_at: null, flagged: false });
			// Scanning again while checked in there: the same conflict as visit.start.
			expect(
				await pushOne(db, h.member, 'visit.scan@1', { ...args.visitStart(h.space), key })
			).toEqual(rejected('conflict', 'already checked in'));
		});

		test('visit.startFor: a host checks a member in, and out, on their behalf', async () => {
			const user = await newMember();
			const start = { ...args.visitStart(w.space), userId: user };
			expect(await pushOne(db, w.host, 'visit.startFor@1', start)).toEqual(applied);
			expect(
				await row('select user_id, space_id, ended_at from public.visits where id = $1', [
					start.visitId
				])
			).toEqual({ user_id: user, space_id: w.space, ended_at: null });
			// Their open visit is theirs: checking them in again is the same conflict.
			expect(
				await pushOne(db, w.host, 'visit.startFor@1', { ...args.visitStart(w.space), userId: user })
			).toEqual(rejected('conflict', 'already checked in'));
			const end = args.visitEnd(w.space, start.visitId);
			expect(await pushOne(db, w.host, 'visit.end@1', end)).toEqual(applied);
			expect(
				await row(
					'select ended_at = $2::timestamptz as exact, auto_closed from public.visits where id = $1',
					[start.visitId, end.at]
				)
			).toEqual({ exact: true, auto_closed: false });
		});

		test('visit.startFor: someone not (or no longer) a member of the space is not_found', async () => {
			const removed = await createUser(db);
			await addMember(db, w.space, removed, 'member', true);
			for (const userId of [w.stranger, removed, uuid()]) {
				expect(
					await pushOne(db, w.host, 'visit.startFor@1', { ...args.visitStart(w.space), userId })
				).toEqual(rejected('not_found', 'member'));
			}
			expect(
				await count(db, 'public.visits where user_id = any($1)', [[w.stranger, removed]])
			).toBe(0);
		});

		test('device times of the new check-ins are clamped and flagged like visit.start', async () => {
			const h = await world(db, 'Horloges');
			const key = checkinKey();
			await pushOne(db, h.host, 'space.rotateKey@1', { spaceId: h.space, key });
			const future = new Date(Date.now() + 2 * 86400_000).toISOString();
			const scan = { ...args.visitStart(h.space, { at: future }), key };
			const forOther = { ...args.visitStart(h.space, { at: future }), userId: h.other };
			await pushOne(db, h.member, 'visit.scan@1', scan);
			await pushOne(db, h.host, 'visit.startFor@1', forOther);
			const { rows } = await db.query(
				`select flagged, abs(extract(epoch from started_at - now())) < 60 as at_server_time
				from public.visits where id = any($1)`,
				[[scan.visitId, forOther.visitId]]
			);
			expect(rows).toEqual([
				{ flagged: true, at_server_time: true },
				{ flagged: true, at_server_time: true }
			]);
		});
	});

	describe('visit.correct@1 and visit.confirm@1', () => {
		/** A visit of `user` closed automatically at `end`, `hoursAgo` hours ago. */
		const autoClosed = async (user: string, hoursAgo = 20) => {
			const id = uuid();
			await db.query(
				`insert into public.visits (id, space_id, user_id, started_at, ended_at, auto_closed)
				values ($1, $2, $3, now() - make_interval(hours => $4 + 9), now() - make_interval(hours => $4), true)`,
				[id, w.space, user, hoursAgo]
			);
			return (
				await db.query<{ startedAt: string; endedAt: string }>(
					`select id, app_private.iso_instant(started_at) as "startedAt",
						app_private.iso_instant(ended_at) as "endedAt"
					from public.visits where id = $1`,
					[id]
				)
			).rows[0]! as { id: string; startedAt: string; endedAt: string };
		};
		const state = (id: string) =>
			row(
				`select app_private.iso_instant(started_at) as started, app_private.iso_instant(ended_at) as ended,
					auto_closed, flagged, reviewed
				from public.visits where id = $1`,
				[id]
			);

		test('a member sets the real end of their own auto-closed visit, once; the facts stay', async () => {
			const user = await newMember();
			const visit = await autoClosed(user);
			const realEnd = new Date(Date.parse(visit.endedAt) - 2 * 3600_000).toISOString();
			const correct = {
				spaceId: w.space,
				visitId: visit.id,
				startedAt: visit.startedAt,
				endedAt: realEnd
			};
			expect(await pushOne(db, user, 'visit.correct@1', correct)).toEqual(applied);
			expect(await state(visit.id)).toEqual({
				started: visit.startedAt,
				ended: realEnd,
				auto_closed: true,
				flagged: false,
				reviewed: true
			});
			expect(await pushOne(db, user, 'visit.correct@1', correct)).toEqual(
				rejected('forbidden', 'already_reviewed')
			);
			expect(
				await pushOne(db, user, 'visit.confirm@1', { spaceId: w.space, visitId: visit.id })
			).toEqual(rejected('forbidden', 'already_reviewed'));
		});

		test('a member confirms the automatic end: reviewed, times unchanged', async () => {
			const user = await newMember();
			const visit = await autoClosed(user);
			expect(
				await pushOne(db, user, 'visit.confirm@1', { spaceId: w.space, visitId: visit.id })
			).toEqual(applied);
			expect(await state(visit.id)).toEqual({
				started: visit.startedAt,
				ended: visit.endedAt,
				auto_closed: true,
				flagged: false,
				reviewed: true
			});
		});

		test('a host corrects any visit of the space, start included, again and later', async () => {
			const user = await newMember();
			const visit = await autoClosed(user, 24 * 30);
			const to = {
				spaceId: w.space,
				visitId: visit.id,
				startedAt: new Date(Date.parse(visit.startedAt) + 3600_000).toISOString(),
				endedAt: new Date(Date.parse(visit.endedAt) + 3600_000).toISOString()
			};
			expect(await pushOne(db, w.host, 'visit.correct@1', to)).toEqual(applied);
			expect(await state(visit.id)).toMatchObject({
				started: to.startedAt,
				ended: to.endedAt,
				reviewed: true
			});
			expect(
				await pushOne(db, w.host, 'visit.correct@1', { ...to, endedAt: to.startedAt })
			).toEqual(applied);
			expect(
				await pushOne(db, w.host, 'visit.confirm@1', { spaceId: w.space, visitId: visit.id })
			).toEqual(applied);
			expect(await state(visit.id)).toMatchObject({ ended: to.startedAt, reviewed: true });
		});

		test('an open visit cannot be corrected nor confirmed (conflict); unknown ones are not_found', async () => {
			const user = await newMember();
			const open = args.visitStart(w.space);
			await pushOne(db, user, 'visit.start@1', open);
			const to = {
				spaceId: w.space,
				visitId: open.visitId,
				startedAt: open.at,
				endedAt: new Date().toISOString()
			};
			for (const caller of [user, w.host]) {
				expect(await pushOne(db, caller, 'visit.correct@1', to)).toEqual(
					rejected('conflict', 'not_closed')
				);
				expect(
					await pushOne(db, caller, 'visit.confirm@1', { spaceId: w.space, visitId: open.visitId })
				).toEqual(rejected('conflict', 'not_closed'));
			}
			expect(await pushOne(db, w.host, 'visit.correct@1', { ...to, visitId: uuid() })).toEqual(
				rejected('not_found', 'visit')
			);
			expect(
				await pushOne(db, w.host, 'visit.correct@1', { ...to, endedAt: '2020-01-01T00:00:00.000Z' })
			).toEqual(rejected('invalid_args', 'endedAt: ends before it starts'));
			expect(await state(open.visitId)).toMatchObject({ ended: null, reviewed: false });
		});
	});
	describe('purge', () => {
		test('old tombstones of the new tables go; a contract or plan still referred to stays', async () => {
			const h = await world(db, 'Purge');
			const [kept, gone] = [args.plan(h.space), args.plan(h.space)];
			const contract = args.contract(h.space, kept.planId, h.member);
			const onContract = args.adjustment(h.space, h.member, { contractId: contract.contractId });
			const standalone = args.adjustment(h.space, h.member);
			const request = args.topupRequest(h.space, { planId: gone.planId });
			await push(
				db,
				h.host,
				uuid(),
				batch(
					1,
					['plan.create@1', kept],
					['plan.create@1', gone],
					['contract.grant@1', contract],
					['adjustment.create@1', onContract],
					['adjustment.create@1', standalone],
					['space.rotateKey@1', { spaceId: h.space, key: checkinKey() }]
				)
			);
			await pushOne(db, h.member, 'topup.request@1', request);
			const exists = async (table: string, column: string, id: string) =>
				(await count(db, `public.${table} where ${column} = $1`, [id])) === 1;
			// Rolled back: the purge is global and other test files share the database.
			await inTransaction(db, async () => {
				// Deleted, then aged (the trigger stamps deleted_at when `deleted` turns true).
				for (const [table, column, id] of [
					['contracts', 'id', contract.contractId],
					['adjustments', 'id', standalone.adjustmentId],
					['topup_requests', 'id', request.requestId],
					['plans', 'id', gone.planId],
					['space_keys', 'space_id', h.space]
				]) {
					await db.query(`update public.${table} set deleted = true where ${column} = $1`, [id]);
					await db.query(
						`update public.${table} set deleted_at = now() - interval '31 days' where ${column} = $1`,
						[id]
					);
				}
				const { rows: versions } = await db.query(
					`select max(version)::int as v from (
						select version from public.adjustments where id = $1
						union all select version from public.topup_requests where id = $2
						union all select version from public.space_keys where space_id = $3
					) as t`,
					[standalone.adjustmentId, request.requestId, h.space]
				);
				await db.query(`select app_private.purge_deleted('30 days')`);
				expect(await exists('adjustments', 'id', standalone.adjustmentId)).toBe(false);
				expect(await exists('topup_requests', 'id', request.requestId)).toBe(false);
				expect(await exists('space_keys', 'space_id', h.space)).toBe(false);
				// Referred to by a live adjustment: kept.
				expect(await exists('contracts', 'id', contract.contractId)).toBe(true);
				// Named by a request removed in the same run: taken by the next one.
				expect(await exists('plans', 'id', gone.planId)).toBe(true);
				const { rows: purged } = await db.query(
					'select purged_through::int as p from app_private.space_versions where space_id = $1',
					[h.space]
				);
				expect(purged[0].p).toBeGreaterThanOrEqual(versions[0].v);
				await db.query(`select app_private.purge_deleted('30 days')`);
				expect(await exists('plans', 'id', gone.planId)).toBe(false);
				expect(await exists('contracts', 'id', contract.contractId)).toBe(true);
				expect(await exists('adjustments', 'id', onContract.adjustmentId)).toBe(true);
			});
		});
	});
});
