import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, asUser, connect, createUser, expectPgError, ids } from './helpers';
import {
	args,
	batch,
	checkinKey,
	count,
	failure,
	latest,
	pull,
	pullAll,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type Change,
	type World
} from './sync-helpers';

// Who may not do what in issue 4 (hours and check-ins), and what each caller reads, directly
// (row-level security) and through sync_pull.
const newTables = ['adjustments', 'space_keys', 'topup_requests'];
const find = (changes: Change[], table: string, id: string) =>
	latest(changes).get(`${table}:${id}`);

describe('hours and check-ins: security', () => {
	let db: pg.Client;
	let w: World;
	let b: World; // another space, whose host has no right here
	let plan: ReturnType<typeof args.plan>;
	let key = '';
	const rows: Record<string, string> = {};
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Atelier');
		b = await world(db, 'Fabrique');
		plan = args.plan(w.space);
		key = checkinKey();
		const contract = args.contract(w.space, plan.planId, w.member);
		const myCredit = args.adjustment(w.space, w.member, { contractId: contract.contractId });
		const theirCredit = args.adjustment(w.space, w.other, { minutes: -30 });
		const answer = await push(
			db,
			w.host,
			uuid(),
			batch(
				1,
				['plan.create@1', plan],
				['contract.grant@1', contract],
				['adjustment.create@1', myCredit],
				['adjustment.create@1', theirCredit],
				['space.rotateKey@1', { spaceId: w.space, key }]
			)
		);
		expect(answer.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
		const myRequest = args.topupRequest(w.space, { planId: plan.planId, note: 'pour moi' });
		const theirRequest = args.topupRequest(w.space, { note: 'pour elle' });
		await pushOne(db, w.member, 'topup.request@1', myRequest);
		await pushOne(db, w.other, 'topup.request@1', theirRequest);
		// The other space has its own rows of each kind.
		const bPlan = args.plan(b.space);
		await push(
			db,
			b.host,
			uuid(),
			batch(
				1,
				['plan.create@1', bPlan],
				['adjustment.create@1', args.adjustment(b.space, b.member)],
				['space.rotateKey@1', { spaceId: b.space, key: checkinKey() }]
			)
		);
		await pushOne(db, b.member, 'topup.request@1', args.topupRequest(b.space));
		Object.assign(rows, {
			contract: contract.contractId,
			myCredit: myCredit.adjustmentId,
			theirCredit: theirCredit.adjustmentId,
			myRequest: myRequest.requestId,
			theirRequest: theirRequest.requestId
		});
	});
	afterAll(async () => {
		await db.end();
	});

	/** A visit of `user` in the world's space, closed `hoursAgo` hours ago (automatically or not). */
	const closedVisit = async (
		user: string,
		{ hoursAgo = 20, autoClosed = true, reviewed = false } = {}
	) => {
		const { rows: inserted } = await db.query<{ id: string; startedAt: string; endedAt: string }>(
			`insert into public.visits (id, space_id, user_id, started_at, ended_at, auto_closed, reviewed)
			values ($1, $2, $3, now() - make_interval(hours => $4 + 9), now() - make_interval(hours => $4),
				$5, $6)
			returning id, app_private.iso_instant(started_at) as "startedAt",
				app_private.iso_instant(ended_at) as "endedAt"`,
			[uuid(), w.space, user, hoursAgo, autoClosed, reviewed]
		);
		return inserted[0]!;
	};
	const snapshot = async (id: string) =>
		(await db.query('select * from public.visits where id = $1', [id])).rows[0];
	const snapshots = async (visits: { id: string }[]) => {
		const all = [];
		for (const visit of visits) all.push(await snapshot(visit.id));
		return all;
	};
	const earlier = (iso: string, minutes: number) =>
		new Date(Date.parse(iso) - minutes * 60_000).toISOString();

	describe('row-level security on the new tables', () => {
		test('row-level security is on; anon reads nothing; authenticated may only read', async () => {
			const { rows: found } = await db.query(
				`select c.relname as name, c.relrowsecurity as rls from pg_class as c
				where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`,
				[newTables]
			);
			expect(found).toEqual(newTables.map((name) => ({ name, rls: true })));
			await asUser(db, null, async (tx) => {
				for (const table of newTables)
					await expectPgError(tx, '42501', `select * from public.${table}`);
			});
			await asUser(db, w.host, async (tx) => {
				await expectPgError(
					tx,
					'42501',
					`insert into public.adjustments (id, space_id, user_id, minutes, local_date, reason)
					values (gen_random_uuid(), $1, $2, 600, '2026-11-26', 'cadeau')`,
					[w.space, w.host]
				);
				await expectPgError(
					tx,
					'42501',
					`insert into public.space_keys (space_id, key) values ($1, $2)`,
					[w.space, checkinKey()]
				);
				await expectPgError(
					tx,
					'42501',
					`insert into public.topup_requests (id, space_id, user_id) values (gen_random_uuid(), $1, $2)`,
					[w.space, w.host]
				);
				for (const table of newTables) {
					await expectPgError(tx, '42501', `update public.${table} set deleted = true`);
					await expectPgError(tx, '42501', `delete from public.${table}`);
					await expectPgError(tx, '42501', `truncate public.${table}`);
				}
			});
		});

		test('a member reads only their own credits and requests, and never the check-in key', async () => {
			await asUser(db, w.member, async (tx) => {
				expect(await ids(tx, 'select id from public.adjustments')).toEqual([rows.myCredit]);
				expect(await ids(tx, 'select id from public.topup_requests')).toEqual([rows.myRequest]);
				expect(await ids(tx, 'select space_id as id from public.space_keys')).toEqual([]);
			});
		});

		test('a host reads those of their space, not another space’s', async () => {
			await asUser(db, w.host, async (tx) => {
				expect(await ids(tx, 'select id from public.adjustments')).toEqual(
					[rows.myCredit, rows.theirCredit].sort()
				);
				expect(await ids(tx, 'select id from public.topup_requests')).toEqual(
					[rows.myRequest, rows.theirRequest].sort()
				);
				expect(await ids(tx, 'select space_id as id from public.space_keys')).toEqual([w.space]);
			});
			await asUser(db, b.host, async (tx) => {
				for (const table of newTables) {
					const spaces = await ids(tx, `select space_id as id from public.${table}`);
					expect(spaces.length, table).toBeGreaterThan(0);
					expect(spaces.filter((s) => s !== b.space)).toEqual([]);
				}
			});
		});
	});

	describe('a member cannot', () => {
		test('credit hours: adjustment.create and contract.grant are forbidden, nothing written', async () => {
			const before = await count(db, 'public.adjustments where space_id = $1', [w.space]);
			const contractsBefore = await count(db, 'public.contracts where user_id = $1', [w.member]);
			const answer = await push(
				db,
				w.member,
				uuid(),
				batch(
					1,
					['adjustment.create@1', args.adjustment(w.space, w.member, { minutes: 6000 })],
					['contract.grant@1', args.contract(w.space, plan.planId, w.member)],
					['topup.close@1', { spaceId: w.space, requestId: rows.myRequest }]
				)
			);
			expect(answer.results).toEqual([
				rejected('forbidden', 'not a host'),
				rejected('forbidden', 'not a host'),
				rejected('forbidden', 'not a host')
			]);
			expect(await count(db, 'public.adjustments where space_id = $1', [w.space])).toBe(before);
			expect(await count(db, 'public.contracts where user_id = $1', [w.member])).toBe(
				contractsBefore
			);
			expect(
				await count(db, 'public.topup_requests where id = $1 and handled_at is null', [
					rows.myRequest
				])
			).toBe(1);
		});

		test('do anything else a host does', async () => {
			const hostOnly: [string, unknown][] = [
				['space.settings@1', args.settings(w.space)],
				['space.rotateKey@1', { spaceId: w.space, key: checkinKey() }],
				['plan.update@1', args.planUpdate(w.space, plan.planId)],
				['plan.archive@1', { spaceId: w.space, planId: plan.planId, archived: true }],
				['visit.startFor@1', { ...args.visitStart(w.space), userId: w.other }]
			];
			const answer = await push(db, w.member, uuid(), batch(1, ...hostOnly));
			expect(answer.results).toEqual(hostOnly.map(() => rejected('forbidden', 'not a host')));
			expect(
				(await db.query('select key from public.space_keys where space_id = $1', [w.space])).rows
			).toEqual([{ key }]);
			expect(
				(await db.query('select name, archived from public.plans where id = $1', [plan.planId]))
					.rows
			).toEqual([{ name: plan.name, archived: false }]);
		});

		test('end, correct or confirm someone else’s visit', async () => {
			const open = args.visitStart(w.space);
			await pushOne(db, w.other, 'visit.start@1', open);
			const closed = await closedVisit(w.other);
			const [openBefore, closedBefore] = [await snapshot(open.visitId), await snapshot(closed.id)];
			const answer = await push(
				db,
				w.member,
				uuid(),
				batch(
					1,
					['visit.end@1', args.visitEnd(w.space, open.visitId)],
					[
						'visit.correct@1',
						{
							spaceId: w.space,
							visitId: closed.id,
							startedAt: closed.startedAt,
							endedAt: earlier(closed.endedAt, 60)
						}
					],
					['visit.confirm@1', { spaceId: w.space, visitId: closed.id }]
				)
			);
			expect(answer.results).toEqual([
				rejected('forbidden', 'not your visit'),
				rejected('forbidden', 'not_yours'),
				rejected('forbidden', 'not_yours')
			]);
			expect(await snapshot(open.visitId)).toEqual(openBefore);
			expect(await snapshot(closed.id)).toEqual(closedBefore);
		});

		test('correct their own visit beyond what a correction allows; nothing changes', async () => {
			const user = await createUser(db);
			await addMember(db, w.space, user);
			const auto = await closedVisit(user);
			const byHand = await closedVisit(user, { autoClosed: false });
			const old = await closedVisit(user, { hoursAgo: 8 * 24 });
			const reviewed = await closedVisit(user, { reviewed: true });
			const correct = (
				v: { id: string; startedAt: string; endedAt: string },
				to: { startedAt?: string; endedAt?: string } = {}
			) => ({
				spaceId: w.space,
				visitId: v.id,
				startedAt: to.startedAt ?? v.startedAt,
				endedAt: to.endedAt ?? earlier(v.endedAt, 60)
			});
			const cases: [string, unknown, string][] = [
				[
					'after the automatic close',
					correct(auto, { endedAt: earlier(auto.endedAt, -1) }),
					'after_auto_close'
				],
				['a visit they closed themselves', correct(byHand), 'not_auto_closed'],
				[
					'the start moved',
					correct(auto, { startedAt: earlier(auto.startedAt, 30) }),
					'start_changed'
				],
				['after 7 days', correct(old), 'too_late'],
				['a second time', correct(reviewed), 'already_reviewed']
			];
			const before = await snapshots([auto, byHand, old, reviewed]);
			const answer = await push(
				db,
				user,
				uuid(),
				batch(1, ...cases.map(([, a]) => ['visit.correct@1', a] as [string, unknown]))
			);
			expect(answer.results).toEqual(cases.map(([, , why]) => rejected('forbidden', why)));
			// Confirming is a correction to the same times: the same limits.
			const confirm = await push(
				db,
				user,
				uuid(),
				batch(
					1,
					['visit.confirm@1', { spaceId: w.space, visitId: byHand.id }],
					['visit.confirm@1', { spaceId: w.space, visitId: old.id }],
					['visit.confirm@1', { spaceId: w.space, visitId: reviewed.id }]
				)
			);
			expect(confirm.results).toEqual([
				rejected('forbidden', 'not_auto_closed'),
				rejected('forbidden', 'too_late'),
				rejected('forbidden', 'already_reviewed')
			]);
			expect(await snapshots([auto, byHand, old, reviewed])).toEqual(before);
			// And then the allowed one, once.
			expect(await pushOne(db, user, 'visit.correct@1', correct(auto))).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(await pushOne(db, user, 'visit.correct@1', correct(auto))).toEqual(
				rejected('forbidden', 'already_reviewed')
			);
		});
	});

	test('a host is a host only in their own space: every host action elsewhere is forbidden', async () => {
		const closed = await closedVisit(w.member);
		const open = args.visitStart(w.space);
		const visitor = await createUser(db);
		await addMember(db, w.space, visitor);
		expect(await pushOne(db, visitor, 'visit.start@1', open)).toEqual({ id: 1, status: 'applied' });
		const hostActions: [string, unknown][] = [
			['space.settings@1', args.settings(w.space)],
			['space.rotateKey@1', { spaceId: w.space, key: checkinKey() }],
			['plan.update@1', args.planUpdate(w.space, plan.planId)],
			['plan.archive@1', { spaceId: w.space, planId: plan.planId, archived: true }],
			['contract.grant@1', args.contract(w.space, plan.planId, w.member)],
			['adjustment.create@1', args.adjustment(w.space, w.member)],
			['topup.close@1', { spaceId: w.space, requestId: rows.theirRequest }],
			['visit.startFor@1', { ...args.visitStart(w.space), userId: w.member }],
			['visit.end@1', args.visitEnd(w.space, open.visitId)],
			[
				'visit.correct@1',
				{
					spaceId: w.space,
					visitId: closed.id,
					startedAt: closed.startedAt,
					endedAt: closed.startedAt
				}
			],
			['visit.confirm@1', { spaceId: w.space, visitId: closed.id }]
		];
		const version = async () =>
			(
				await db.query('select version from app_private.space_versions where space_id = $1', [
					w.space
				])
			).rows[0].version;
		const before = await version();
		const stranger = await push(db, b.host, uuid(), batch(1, ...hostActions));
		expect(stranger.results).toEqual(hostActions.map(() => rejected('forbidden', 'not a member')));
		// A host of another space who is a plain member here is a member here.
		await addMember(db, w.space, b.host);
		try {
			const member = await push(db, b.host, uuid(), batch(1, ...hostActions.slice(0, 8)));
			expect(member.results).toEqual(
				hostActions.slice(0, 8).map(() => rejected('forbidden', 'not a host'))
			);
			const visits = await push(db, b.host, uuid(), batch(1, ...hostActions.slice(8)));
			expect(visits.results).toEqual([
				rejected('forbidden', 'not your visit'),
				rejected('forbidden', 'not_yours'),
				rejected('forbidden', 'not_yours')
			]);
		} finally {
			await db.query('delete from public.memberships where space_id = $1 and user_id = $2', [
				w.space,
				b.host
			]);
		}
		// Nothing of the space was written (the membership added and removed above aside).
		expect(
			await count(db, 'public.visits where space_id = $1 and version > $2', [w.space, before])
		).toBe(0);
		for (const table of ['plans', 'contracts', 'adjustments', 'topup_requests', 'space_keys'])
			expect(
				await count(db, `public.${table} where space_id = $1 and version > $2`, [w.space, before]),
				table
			).toBe(0);
		expect(await count(db, 'public.spaces where id = $1 and version > $2', [w.space, before])).toBe(
			0
		);
	});

	describe('check-in by QR code', () => {
		test('a rotated (revoked) key is refused forbidden qr_key and opens no visit; the current one does', async () => {
			const h = await world(db, 'Affiches');
			const [old, current] = [checkinKey(), checkinKey()];
			await pushOne(db, h.host, 'space.rotateKey@1', { spaceId: h.space, key: old });
			await pushOne(db, h.host, 'space.rotateKey@1', { spaceId: h.space, key: current });
			const withOld = { ...args.visitStart(h.space), key: old };
			expect(await pushOne(db, h.member, 'visit.scan@1', withOld)).toEqual(
				rejected('forbidden', 'qr_key')
			);
			// Another space's current key is no key here either.
			const elsewhere = { ...args.visitStart(h.space), key };
			expect(await pushOne(db, h.member, 'visit.scan@1', elsewhere)).toEqual(
				rejected('forbidden', 'qr_key')
			);
			expect(await count(db, 'public.visits where user_id = $1', [h.member])).toBe(0);
			const withCurrent = { ...args.visitStart(h.space), key: current };
			expect(await pushOne(db, h.member, 'visit.scan@1', withCurrent)).toEqual({
				id: 1,
				status: 'applied'
			});
			expect(
				await count(db, 'public.visits where user_id = $1 and id = $2 and ended_at is null', [
					h.member,
					withCurrent.visitId
				])
			).toBe(1);
		});

		test('no key set yet: every scan is refused; a non-member is not a member', async () => {
			const h = await world(db, 'Sans affiche');
			expect(
				await pushOne(db, h.member, 'visit.scan@1', {
					...args.visitStart(h.space),
					key: checkinKey()
				})
			).toEqual(rejected('forbidden', 'qr_key'));
			expect(
				await pushOne(db, h.stranger, 'visit.scan@1', {
					...args.visitStart(w.space),
					key
				})
			).toEqual(rejected('forbidden', 'not a member'));
			expect(
				await count(db, 'public.visits where user_id = any($1)', [[h.member, h.stranger]])
			).toBe(0);
		});
	});

	describe('sync_pull shapes the new rows per caller', () => {
		test('a host receives every credit, request and the key, as the app’s types', async () => {
			const { changes } = await pullAll(db, w.host, uuid(), w.space);
			expect(find(changes, 'adjustments', rows.myCredit!)?.row).toEqual({
				id: rows.myCredit,
				spaceId: w.space,
				userId: w.member,
				minutes: 90,
				contractId: rows.contract,
				localDate: '2026-11-26',
				reason: 'Panne de wifi',
				createdBy: w.host,
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
			});
			expect(find(changes, 'adjustments', rows.theirCredit!)?.row).toMatchObject({
				userId: w.other,
				minutes: -30,
				contractId: null
			});
			expect(find(changes, 'topupRequests', rows.myRequest!)?.row).toEqual({
				id: rows.myRequest,
				spaceId: w.space,
				userId: w.member,
				planId: plan.planId,
				note: 'pour moi',
				createdAt: expect.stringMatching(/Z$/),
				handledAt: null
			});
			expect(find(changes, 'topupRequests', rows.theirRequest!)?.deleted).toBe(false);
			expect(find(changes, 'spaceKeys', w.space)).toEqual({
				table: 'spaceKeys',
				id: w.space,
				deleted: false,
				row: {
					id: w.space,
					spaceId: w.space,
					key,
					rotatedAt: expect.stringMatching(/Z$/)
				}
			});
			expect(find(changes, 'spaces', w.space)?.row).toMatchObject({
				lowThresholdMinutes: 60,
				overdraftLimitMinutes: 600
			});
			expect(JSON.stringify(changes)).not.toContain(b.space);
		});

		test('a member receives only their own credits and requests, and never the key', async () => {
			const client = uuid();
			const first = await pullAll(db, w.member, client, w.space);
			expect(first.changes.filter((c) => c.table === 'adjustments').map((c) => c.id)).toEqual([
				rows.myCredit
			]);
			expect(first.changes.filter((c) => c.table === 'topupRequests').map((c) => c.id)).toEqual([
				rows.myRequest
			]);
			expect(first.changes.filter((c) => c.table === 'spaceKeys')).toEqual([]);
			expect(JSON.stringify(first.changes)).not.toContain(key);
			// Later changes: a rotation, a handled request and new credits of someone else reach the
			// member as nothing at all (not even tombstones); their own handled request comes back.
			const rotated = checkinKey();
			await push(
				db,
				w.host,
				uuid(),
				batch(
					1,
					['space.rotateKey@1', { spaceId: w.space, key: rotated }],
					['adjustment.create@1', args.adjustment(w.space, w.other)],
					['topup.close@1', { spaceId: w.space, requestId: rows.theirRequest }],
					['topup.close@1', { spaceId: w.space, requestId: rows.myRequest }]
				)
			);
			const next = await pullAll(db, w.member, client, w.space, first.cursor);
			expect(next.changes.map((c) => `${c.table}:${c.id}`)).toEqual([
				`topupRequests:${rows.myRequest}`
			]);
			expect(next.changes[0]!.row).toMatchObject({ handledAt: expect.stringMatching(/Z$/) });
			expect(JSON.stringify(next.changes)).not.toContain(rotated);
			// The host's device receives the new key.
			const host = await pullAll(db, w.host, uuid(), w.space);
			expect(find(host.changes, 'spaceKeys', w.space)?.row).toMatchObject({ key: rotated });
		});

		test('another space’s host pulling this space gets reset: not_member', async () => {
			expect(await pull(db, b.host, uuid(), w.space)).toMatchObject({
				reset: true,
				reason: 'not_member'
			});
			expect(await failure(pull(db, null, uuid(), w.space))).toBe('42501');
		});
	});
});
