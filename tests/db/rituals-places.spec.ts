import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { promotedSince, seatsOf, type SeatStatus } from '$lib/domain/rituals/signups';
import type { Ritual, Signup } from '$lib/domain/types';
import { addMember, backendPid, connect, createUser, waitUntilBlocked } from './helpers';
import { dayAt, rargs } from './rituals-helpers';
import {
	batch,
	latest,
	pull,
	pullAll,
	push,
	pushOne,
	uuid,
	world,
	type World
} from './sync-helpers';

// Reliability item 8: places at a ritual with a capacity go in the server's commit order. Many
// members sign up at once through concurrent sync_push calls; every sign-up gets a distinct rank
// (the space's version at its insert, handed out under the counter's lock, so in commit order);
// the app's own `seatsOf`, run on the rows a device pulls, confirms the first `capacity` and puts
// the others on a gap-free waitlist; a cancellation promotes exactly one.

const CAPACITY = 5;
const PEOPLE = 12;

describe('rituals: places in commit order', () => {
	let db: pg.Client;
	let w: World;
	let members: string[] = [];
	let ritual: ReturnType<typeof rargs.ritual>;
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Grande tablée');
		members = [];
		for (let i = 0; i < PEOPLE; i++) {
			const user = await createUser(db);
			await addMember(db, w.space, user);
			members.push(user);
		}
		ritual = rargs.ritual(w.space, {
			capacity: CAPACITY,
			roles: [{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true }]
		});
		expect(await pushOne(db, w.host, 'ritual.create@1', ritual)).toEqual({
			id: 1,
			status: 'applied'
		});
	});
	afterAll(async () => {
		await db.end();
	});

	/** What a device of `userId` shows for one occurrence: the pulled ritual and sign-ups. */
	async function seen(userId: string, occurrence: string) {
		const rows = latest((await pullAll(db, userId, uuid(), w.space)).changes);
		const series = rows.get(`rituals:${ritual.ritualId}`)!.row as unknown as Ritual;
		const signups = [...rows.values()]
			.filter((c) => c.table === 'signups' && !c.deleted)
			.map((c) => c.row as unknown as Signup)
			.filter((s) => s.ritualId === ritual.ritualId && s.occurrence === occurrence);
		return { series, signups, seats: seatsOf(series, signups) };
	}

	test(`${PEOPLE} members sign up at once for ${CAPACITY} places: distinct ranks, ${CAPACITY} confirmed, a gap-free waitlist, one promoted by a cancellation`, async () => {
		const occurrence = dayAt(10);
		const connections = await Promise.all(members.map(() => connect()));
		try {
			const signups = members.map((_, i) =>
				rargs.signup(w.space, ritual.ritualId, occurrence, {
					roleKey: i % 3 === 0 ? 'cooking' : null
				})
			);
			const answers = await Promise.all(
				connections.map((connection, i) =>
					push(connection, members[i]!, uuid(), batch(1, ['signup.create@1', signups[i]]))
				)
			);
			expect(answers.map((a) => a.results)).toEqual(
				members.map(() => [{ id: 1, status: 'applied' }])
			);
		} finally {
			await Promise.all(connections.map((connection) => connection.end()));
		}

		const stored = await db.query<{ rank: string; version: string; role_rank: string }>(
			`select rank, version, role_rank from public.signups
			where ritual_id = $1 and occurrence = $2 and not cancelled order by rank`,
			[ritual.ritualId, occurrence]
		);
		expect(stored.rows).toHaveLength(PEOPLE);
		expect(new Set(stored.rows.map((r) => r.rank)).size).toBe(PEOPLE);
		for (const row of stored.rows) {
			expect(row.rank).toBe(row.version);
			expect(row.role_rank).toBe(row.rank);
		}

		// As a member's device sees it: others' names hidden, ranks there.
		const viewer = members[0]!;
		const before = await seen(viewer, occurrence);
		expect(before.signups).toHaveLength(PEOPLE);
		expect(before.signups.every((s) => typeof s.rank === 'number')).toBe(true);
		expect(before.signups.filter((s) => s.userId !== null).map((s) => s.userId)).toEqual([viewer]);
		expect(before.seats).toMatchObject({
			confirmed: CAPACITY,
			waitlisted: PEOPLE - CAPACITY,
			pending: 0,
			placesLeft: 0
		});
		expect(before.seats.seats.map((s) => s.status)).toEqual([
			...Array(CAPACITY).fill('confirmed'),
			...Array(PEOPLE - CAPACITY).fill('waitlisted')
		]);
		expect(before.seats.seats.map((s) => s.position)).toEqual([
			...Array(CAPACITY).fill(null),
			...Array.from({ length: PEOPLE - CAPACITY }, (_, i) => i + 1)
		]);
		// Role slots go to confirmed holders in role-rank order.
		const cooks = before.seats.seats.filter((s) => s.signup.roleKey === 'cooking');
		const confirmedCooks = cooks.filter((s) => s.status === 'confirmed');
		expect(before.seats.roles[0]).toMatchObject({
			key: 'cooking',
			filled: Math.min(2, confirmedCooks.length)
		});

		// The order a device receives them in (the pull's version order) is the rank order.
		const pulledOrder = (await pull(db, viewer, uuid(), w.space)).changes
			.filter(
				(c) => c.table === 'signups' && (c.row as unknown as Signup)?.occurrence === occurrence
			)
			.map((c) => (c.row as unknown as Signup).rank);
		expect(pulledOrder).toEqual([...pulledOrder].sort((a, b) => a! - b!));
		expect(pulledOrder).toHaveLength(PEOPLE);

		// The second confirmed member cancels: the first on the waitlist, and only they, get a place.
		const statuses: Record<string, SeatStatus> = Object.fromEntries(
			before.seats.seats.map((s) => [s.signup.id, s.status])
		);
		const leaving = before.seats.seats[1]!.signup;
		const next = before.seats.seats[CAPACITY]!.signup;
		const owner = await db.query<{ user_id: string }>(
			'select user_id from public.signups where id = $1',
			[leaving.id]
		);
		expect(
			await pushOne(
				db,
				owner.rows[0]!.user_id,
				'signup.cancel@1',
				rargs.cancel(w.space, leaving.id)
			)
		).toEqual({ id: 1, status: 'applied' });
		const after = await seen(viewer, occurrence);
		expect(after.seats).toMatchObject({
			confirmed: CAPACITY,
			waitlisted: PEOPLE - CAPACITY - 1,
			placesLeft: 0
		});
		expect(after.seats.seats.map((s) => s.position)).toEqual([
			...Array(CAPACITY).fill(null),
			...Array.from({ length: PEOPLE - CAPACITY - 1 }, (_, i) => i + 1)
		]);
		const promoted = promotedSince(statuses, after.seats.seats);
		expect(promoted.map((s) => s.signup.id)).toEqual([next.id]);
	});

	test('a sign-up whose push began first but committed later ranks after the one committed before it', async () => {
		const occurrence = dayAt(17);
		const [first, second] = [members[1]!, members[2]!];
		const firstClient = uuid();
		// The client row exists (a first pull), so that it can be held.
		await pull(db, first, firstClient, w.space);
		const [locker, slow, observer] = [await connect(), await connect(), await connect()];
		try {
			// Hold the first member's client row: their push waits on it, before it takes the
			// space's counter.
			await locker.query('begin');
			await locker.query('select 1 from app_private.sync_clients where id = $1 for update', [
				firstClient
			]);
			const early = rargs.signup(w.space, ritual.ritualId, occurrence);
			const pending = push(slow, first, firstClient, batch(1, ['signup.create@1', early]));
			await waitUntilBlocked(observer, await backendPid(slow));
			// Meanwhile another member signs up, and commits.
			const late = rargs.signup(w.space, ritual.ritualId, occurrence);
			expect(await pushOne(db, second, 'signup.create@1', late)).toEqual({
				id: 1,
				status: 'applied'
			});
			await locker.query('commit');
			expect((await pending).results).toEqual([{ id: 1, status: 'applied' }]);

			const ranks = await db.query<{ id: string; rank: string }>(
				'select id, rank from public.signups where id = any($1) order by rank',
				[[early.signupId, late.signupId]]
			);
			// The one committed first has the lower rank: the place is theirs.
			expect(ranks.rows.map((r) => r.id)).toEqual([late.signupId, early.signupId]);
			const { seats } = await seen(w.host, occurrence);
			expect(seats.seats.map((s) => s.signup.id)).toEqual([late.signupId, early.signupId]);
		} finally {
			await locker.query('rollback').catch(() => undefined);
			await Promise.all([locker.end(), slow.end(), observer.end()]);
		}
	});

	test('while a push holds the space, another waits and is ranked after it commits', async () => {
		const occurrence = dayAt(24);
		const [first, second] = [members[3]!, members[4]!];
		const [holding, waiting, observer] = [await connect(), await connect(), await connect()];
		try {
			// The first push runs in a transaction left open (a slow request): it holds the space.
			const early = rargs.signup(w.space, ritual.ritualId, occurrence);
			await holding.query('begin');
			await holding.query('set local role authenticated');
			await holding.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ sub: first, role: 'authenticated' })
			]);
			await holding.query('select public.sync_push($1, 1, $2::jsonb)', [
				uuid(),
				JSON.stringify(batch(1, ['signup.create@1', early]))
			]);
			const late = rargs.signup(w.space, ritual.ritualId, occurrence);
			const pending = push(waiting, second, uuid(), batch(1, ['signup.create@1', late]));
			await waitUntilBlocked(observer, await backendPid(waiting));
			await holding.query('commit');
			expect((await pending).results).toEqual([{ id: 1, status: 'applied' }]);
			const ranks = await db.query<{ id: string }>(
				'select id from public.signups where id = any($1) order by rank',
				[[early.signupId, late.signupId]]
			);
			expect(ranks.rows.map((r) => r.id)).toEqual([early.signupId, late.signupId]);
		} finally {
			await holding.query('rollback').catch(() => undefined);
			await Promise.all([holding.end(), waiting.end(), observer.end()]);
		}
	});
});
