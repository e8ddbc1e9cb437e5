import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendPid, connect, createUser, waitUntilBlocked } from './helpers';
import {
	args,
	batch,
	count,
	failure,
	pull,
	pullAll,
	push,
	rejected,
	uuid,
	world,
	type World
} from './sync-helpers';

/** Opens a request as `userId` on `db` without ending it (the caller commits or rolls back). */
async function beginAs(db: pg.ClientBase, userId: string, isolation = 'read committed') {
	await db.query(`begin isolation level ${isolation}`);
	await db.query('set local role authenticated');
	await db.query(`select set_config('request.jwt.claims', $1, true)`, [
		JSON.stringify({ sub: userId, role: 'authenticated' })
	]);
}

const visitsOf = (db: pg.ClientBase, userId: string) =>
	count(db, 'public.visits where user_id = $1', [userId]);

describe('sync_push: exactly once, in order', () => {
	let db: pg.Client;
	let w: World;
	beforeAll(async () => {
		db = await connect();
		w = await world(db);
	});
	afterAll(async () => {
		await db.end();
	});

	test('applies a batch in id order and answers with each result and the last id', async () => {
		const client = uuid();
		const visit = args.visitStart(w.space);
		const answer = await push(
			db,
			w.member,
			client,
			batch(1, ['visit.start@1', visit], ['visit.end@1', args.visitEnd(w.space, visit.visitId)])
		);
		expect(answer).toEqual({
			lastMutationId: 2,
			results: [
				{ id: 1, status: 'applied' },
				{ id: 2, status: 'applied' }
			]
		});
		const { rows } = await db.query(
			'select ended_at is not null as ended from public.visits where id = $1',
			[visit.visitId]
		);
		expect(rows).toEqual([{ ended: true }]);
	});

	test('#1 a push that never committed (network drop before commit) is applied once on retry', async () => {
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const client = uuid();
		const mutations = batch(1, ['visit.start@1', args.visitStart(w.space)]);
		await push(db, user, client, mutations, { commit: false });
		expect(await visitsOf(db, user)).toBe(0);
		const retry = await push(db, user, client, mutations);
		expect(retry.results).toEqual([{ id: 1, status: 'applied' }]);
		expect(await visitsOf(db, user)).toBe(1);
	});

	test('#2 a lost acknowledgement: the retry is recognised item by item as duplicates', async () => {
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const client = uuid();
		const ritual = args.ritual(w.space);
		await push(db, w.host, uuid(), batch(1, ['ritual.create@1', ritual]));
		const mutations = batch(
			1,
			['visit.start@1', args.visitStart(w.space)],
			['signup.create@1', args.signup(w.space, ritual.ritualId)]
		);
		await push(db, user, client, mutations);
		// The answer was lost; the device sends the same batch, plus one more.
		const retry = await push(db, user, client, [
			...mutations,
			...batch(3, [
				'signup.create@1',
				args.signup(w.space, ritual.ritualId, { occurrence: '2036-12-11T12:30' })
			])
		]);
		expect(retry).toEqual({
			lastMutationId: 3,
			results: [
				{ id: 1, status: 'duplicate' },
				{ id: 2, status: 'duplicate' },
				{ id: 3, status: 'applied' }
			]
		});
		expect(await visitsOf(db, user)).toBe(1);
		expect(await count(db, 'public.signups where user_id = $1', [user])).toBe(2);
	});

	test('#3 the same body replayed one after the other has one effect', async () => {
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const client = uuid();
		const body = batch(1, ['visit.start@1', args.visitStart(w.space)]);
		const answers = [];
		for (let i = 0; i < 3; i++) answers.push(await push(db, user, client, body));
		expect(answers.map((a) => a.results[0]?.status)).toEqual(['applied', 'duplicate', 'duplicate']);
		expect(await visitsOf(db, user)).toBe(1);
	});

	test('#3 the same body sent concurrently on two connections has one effect', async () => {
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const client = uuid();
		const body = JSON.stringify(batch(1, ['visit.start@1', args.visitStart(w.space)]));
		const [first, second] = [await connect(), await connect()];
		try {
			const secondPid = await backendPid(second);
			await beginAs(first, user);
			await beginAs(second, user);
			const sql = 'select public.sync_push($1, 1, $2::jsonb) as answer';
			const one = await first.query(sql, [client, body]);
			// The second request waits for the first one's client row…
			const pending = second.query(sql, [client, body]);
			await waitUntilBlocked(db, secondPid);
			await first.query('commit');
			// …and then sees that mutation 1 is done.
			const two = await pending;
			await second.query('commit');
			expect(one.rows[0].answer.results).toEqual([{ id: 1, status: 'applied' }]);
			expect(two.rows[0].answer.results).toEqual([{ id: 1, status: 'duplicate' }]);
			expect(await visitsOf(db, user)).toBe(1);
		} finally {
			await Promise.all([first.end(), second.end()]);
		}
	});

	test('#4 a gap in the ids refuses the whole push (CL002) and applies nothing', async () => {
		const client = uuid();
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const start = args.visitStart(w.space);
		// The server has seen nothing from this client: it expects 1.
		const gap = failure(push(db, user, client, batch(2, ['visit.start@1', start])));
		expect(await gap).toBe('CL002');
		await push(
			db,
			user,
			client,
			batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: true }])
		);
		// 2 would be next; 2 then 4 is a gap inside the batch: 2 is not applied either.
		let message = '';
		await push(db, user, client, [
			...batch(2, ['visit.start@1', start]),
			...batch(4, ['visit.end@1', args.visitEnd(w.space, start.visitId)])
		]).catch((error: { code: string; message: string }) => {
			message = `${error.code} ${error.message}`;
		});
		expect(message).toBe('CL002 sync_push: expected 3 got 4');
		expect(await visitsOf(db, user)).toBe(0);
		// The client pulls to learn where the server is, and resends from there.
		const page = await pull(db, user, client, w.space);
		expect(page.lastMutationId).toBe(1);
		const resent = await push(db, user, client, batch(2, ['visit.start@1', start]));
		expect(resent.results).toEqual([{ id: 2, status: 'applied' }]);
	});

	test('#5 a rejection does not block the queue; every device of the user pulls it', async () => {
		const phone = uuid();
		const laptop = uuid();
		const ghostRitual = uuid();
		const signup = args.signup(w.space, ghostRitual);
		const visit = args.visitStart(w.space);
		const answer = await push(
			db,
			w.other,
			phone,
			batch(1, ['signup.create@1', signup], ['visit.start@1', visit])
		);
		expect(answer.lastMutationId).toBe(2);
		expect(answer.results).toEqual([
			{ id: 1, status: 'rejected', code: 'not_found', detail: 'ritual' },
			{ id: 2, status: 'applied' }
		]);
		expect(await count(db, 'public.visits where id = $1', [visit.visitId])).toBe(1);

		const onLaptop = await pullAll(db, w.other, laptop, w.space);
		expect(onLaptop.results).toEqual([
			expect.objectContaining({
				clientId: phone,
				mutationId: 1,
				name: 'signup.create@1',
				args: signup,
				status: 'rejected',
				code: 'not_found',
				detail: 'ritual',
				data: null
			})
		]);
		expect(onLaptop.results[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		// The laptop's own counter is separate: it has pushed nothing.
		expect(onLaptop.lastMutationId).toBe(0);
		// Applied mutations without data leave no result behind.
		expect(await count(db, 'app_private.mutation_results where client_id = $1', [phone])).toBe(1);
	});

	test('an applied mutation that answers with data is stored and pulled by the other devices', async () => {
		const joiner = await createUser(db);
		const invitation = args.invitation(w.space);
		await push(db, w.host, uuid(), batch(1, ['invitation.create@1', invitation]));
		const answer = await push(
			db,
			joiner,
			uuid(),
			batch(1, ['membership.join@1', { code: invitation.code, displayName: 'Nouvelle' }])
		);
		expect(answer.results).toEqual([{ id: 1, status: 'applied', data: { spaceId: w.space } }]);
		// A second device of the new member learns it too, even before it knows any space.
		const other = await pullAll(db, joiner, uuid(), null);
		expect(other.results).toEqual([
			expect.objectContaining({ status: 'applied', data: { spaceId: w.space }, code: null })
		]);
		expect(other.changes).toEqual([]);
	});

	test('#6 an unexpected error (lock timeout) fails the whole call; nothing is applied', async () => {
		// Another transaction holds the space's version counter (it writes to the space and does
		// not commit); the push, with a short lock_timeout, fails with 55P03 lock_not_available
		// while taking that counter. That is not a refusal: the call fails, even the mutation of
		// the batch that touched another space is rolled back, and last_mutation_id stays put.
		const user = await createUser(db);
		const elsewhere = await world(db, 'Ailleurs');
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2), ($3, $2)`, [
			w.space,
			user,
			elsewhere.space
		]);
		const client = uuid();
		const holder = await connect();
		const pusher = await connect();
		try {
			await holder.query('begin');
			await holder.query(`update public.spaces set name = 'Verrouillé' where id = $1`, [w.space]);
			await beginAs(pusher, user);
			await pusher.query(`set local lock_timeout = '200ms'`);
			const call = pusher.query('select public.sync_push($1, 1, $2::jsonb)', [
				client,
				JSON.stringify(
					batch(
						1,
						['profile.presence@1', { spaceId: elsewhere.space, showPresence: true }],
						['visit.start@1', args.visitStart(w.space)]
					)
				)
			]);
			expect(await failure(call)).toBe('55P03');
			await pusher.query('rollback');
			await holder.query('rollback');
		} finally {
			await Promise.all([holder.end(), pusher.end()]);
		}
		expect(await visitsOf(db, user)).toBe(0);
		expect(await count(db, 'public.memberships where user_id = $1 and show_presence', [user])).toBe(
			0
		);
		expect(await count(db, 'app_private.sync_clients where id = $1', [client])).toBe(0);
		// The client retries later, and it goes through.
		const retry = await push(
			db,
			user,
			client,
			batch(1, ['profile.presence@1', { spaceId: elsewhere.space, showPresence: true }])
		);
		expect(retry.results).toEqual([{ id: 1, status: 'applied' }]);
	});

	test('#6 a serialization failure is re-raised, not recorded as a rejection', async () => {
		// Under REPEATABLE READ, a handler that writes to a space whose counter another
		// transaction updated after the snapshot fails with 40001: transient, the client retries.
		const user = await createUser(db);
		await db.query(`insert into public.memberships (space_id, user_id) values ($1, $2)`, [
			w.space,
			user
		]);
		const client = uuid();
		const pusher = await connect();
		try {
			await beginAs(pusher, user, 'repeatable read');
			await pusher.query('select 1 from public.visits limit 1'); // takes the snapshot
			await db.query(`update public.spaces set capacity = capacity where id = $1`, [w.space]);
			const call = pusher.query('select public.sync_push($1, 1, $2::jsonb)', [
				client,
				JSON.stringify(batch(1, ['visit.start@1', args.visitStart(w.space)]))
			]);
			expect(await failure(call)).toBe('40001');
			await pusher.query('rollback');
		} finally {
			await pusher.end();
		}
		expect(await count(db, 'app_private.mutation_results where client_id = $1', [client])).toBe(0);
		expect(await visitsOf(db, user)).toBe(0);
	});

	test('an unknown mutation is rejected (unknown_mutation) and the queue goes on', async () => {
		const answer = await push(
			db,
			w.member,
			uuid(),
			batch(
				1,
				['visit.teleport@1', { spaceId: w.space }],
				['visit.start@2', args.visitStart(w.space)],
				['profile.presence@1', { spaceId: w.space, showPresence: false }]
			)
		);
		expect(answer.results).toEqual([
			rejected('unknown_mutation', 'visit.teleport@1'),
			rejected('unknown_mutation', 'visit.start@2'),
			{ id: 3, status: 'applied' }
		]);
	});

	test('a client too old for the server is refused with CL001 before anything else', async () => {
		const mutations = batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: true }]);
		expect(await failure(push(db, w.member, uuid(), mutations, { schemaVersion: 0 }))).toBe(
			'CL001'
		);
		expect(
			await failure(push(db, w.member, uuid(), 'not even a batch', { schemaVersion: 0 }))
		).toBe('CL001');
	});

	test('two devices of one member keep separate counters', async () => {
		const [phone, laptop] = [uuid(), uuid()];
		const a = await push(
			db,
			w.other,
			phone,
			batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: true }])
		);
		const b = await push(
			db,
			w.other,
			laptop,
			batch(1, ['profile.presence@1', { spaceId: w.space, showPresence: false }])
		);
		expect([a.lastMutationId, b.lastMutationId]).toEqual([1, 1]);
		const { rows } = await db.query(
			'select user_id, last_mutation_id from app_private.sync_clients where id = any($1) order by last_mutation_id',
			[[phone, laptop]]
		);
		expect(rows).toEqual([
			{ user_id: w.other, last_mutation_id: '1' },
			{ user_id: w.other, last_mutation_id: '1' }
		]);
	});
});
