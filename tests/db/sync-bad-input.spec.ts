import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asUser, connect } from './helpers';
import {
	args,
	batch,
	count,
	failure,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type World
} from './sync-helpers';

// Hostile or broken clients: malformed batches are refused whole (CL003); bad arguments are
// rejected one by one (invalid_args) and the queue goes on; nothing stored is touched.
describe('sync_push with bad input', () => {
	let db: pg.Client;
	let w: World;
	let ritual: ReturnType<typeof args.ritual>;
	beforeAll(async () => {
		db = await connect();
		w = await world(db);
		ritual = args.ritual(w.space);
		await pushOne(db, w.host, 'ritual.create@1', ritual);
	});
	afterAll(async () => {
		await db.end();
	});

	const item = (o: Record<string, unknown> = {}) => ({
		id: 1,
		name: 'profile.presence@1',
		args: { spaceId: '00000000-0000-4000-8000-000000000000', showPresence: true },
		createdAt: '2026-11-26T09:00:00.000Z',
		...o
	});

	const malformed: [string, unknown, string][] = [
		['not an array', { id: 1 }, 'mutations: not an array'],
		['a JSON null', null, 'mutations: not an array'],
		['empty', [], 'mutations: empty'],
		[
			'more than 500 items',
			Array.from({ length: 501 }, (_, i) => item({ id: i + 1 })),
			'more than 500'
		],
		['an item that is not an object', [item(), 'visit.start@1'], 'item 1: not an object'],
		['an id that is a string', [item({ id: '1' })], 'item 0: id is not a positive integer'],
		['an id of zero', [item({ id: 0 })], 'item 0: id is not a positive integer'],
		['a fractional id', [item({ id: 1.5 })], 'item 0: id is not a positive integer'],
		['a negative id', [item({ id: -3 })], 'item 0: id is not a positive integer'],
		['a missing id', [{ name: 'x', args: {} }], 'item 0: id is not a positive integer'],
		[
			'ids not increasing',
			[item({ id: 2 }), item({ id: 2 })],
			'item 1: ids not strictly increasing'
		],
		['ids going down', [item({ id: 3 }), item({ id: 2 })], 'item 1: ids not strictly increasing'],
		['a name that is not a string', [item({ name: 7 })], 'item 0: name is not a string'],
		['args that are an array', [item({ args: [] })], 'item 0: args is not an object'],
		['args missing', [{ id: 1, name: 'x' }], 'item 0: args is not an object'],
		['an extra key on an item', [item({ userId: uuid() })], 'item 0: unknown key userId']
	];

	test.each(malformed)('a batch with %s is refused whole (CL003)', async (_, mutations, fault) => {
		const client = uuid();
		let message = '';
		const code = await failure(
			push(db, w.member, client, mutations).catch((error: Error) => {
				message = error.message;
				throw error;
			})
		);
		expect(code).toBe('CL003');
		expect(message).toContain(fault);
		expect(await count(db, 'app_private.sync_clients where id = $1', [client])).toBe(0);
	});

	test('a batch over 1 MB is refused whole, even with few items', async () => {
		const big = 'x'.repeat(600_000);
		const mutations = batch(
			1,
			['signup.create@1', args.signup(w.space, ritual.ritualId, { note: big })],
			['signup.create@1', args.signup(w.space, ritual.ritualId, { note: big })]
		);
		const client = uuid();
		let message = '';
		await push(db, w.member, client, mutations).catch(
			(error: { code: string; message: string }) => {
				message = `${error.code} ${error.message}`;
			}
		);
		expect(message).toBe('CL003 sync_push: mutations: larger than 1 MB');
		expect(await count(db, 'public.signups where user_id = $1', [w.member])).toBe(0);
	});

	test('a NUL byte cannot even reach the server as JSON: the call fails with 22P05, nothing applied', async () => {
		// jsonb cannot hold \u0000: Postgres refuses the parameter before sync_push runs. The app
		// never sends one (its schemas refuse control characters); a hostile client gets an error.
		const client = uuid();
		const code = await failure(
			asUser(
				db,
				w.member,
				(tx) =>
					tx.query('select public.sync_push($1, 1, $2::jsonb)', [
						client,
						JSON.stringify(
							batch(1, [
								'signup.create@1',
								args.signup(w.space, ritual.ritualId, { note: 'a\u0000b' })
							])
						)
					]),
				{ commit: true }
			)
		);
		expect(code).toBe('22P05');
		expect(await count(db, 'app_private.sync_clients where id = $1', [client])).toBe(0);
	});

	const badArgs: [string, string, unknown, string][] = [
		['a missing key', 'visit.start@1', { spaceId: 'S', visitId: uuid() }, 'at: missing'],
		['an extra key', 'visit.start@1', { ...args.visitStart('S'), extra: 1 }, 'extra: unknown key'],
		['args that are null-ish', 'signup.cancel@1', {}, 'spaceId: missing'],
		[
			'a uuid of the wrong form',
			'visit.start@1',
			args.visitStart('S', { visitId: 'abc' }),
			'visitId: not a uuid'
		],
		[
			'a uuid without dashes (Postgres would take it)',
			'visit.start@1',
			args.visitStart('S', { visitId: uuid().replaceAll('-', '') }),
			'visitId: not a uuid'
		],
		[
			'a number for a string',
			'visit.start@1',
			args.visitStart('S', { at: 1764147600000 }),
			'at: not a string'
		],
		[
			'a string for a boolean',
			'profile.presence@1',
			{ spaceId: 'S', showPresence: 'true' },
			'showPresence: not a boolean'
		],
		[
			'a date that does not exist',
			'visit.start@1',
			args.visitStart('S', { at: '2026-02-30T09:00:00.000Z' }),
			'at: not a calendar date'
		],
		[
			'an instant with an offset',
			'visit.start@1',
			args.visitStart('S', { at: '2026-11-26T09:00:00+01:00' }),
			'at: not a UTC instant'
		],
		[
			'hour 24',
			'visit.start@1',
			args.visitStart('S', { at: '2026-11-26T24:00:00.000Z' }),
			'at: not a UTC instant'
		],
		[
			'an over-long title',
			'ritual.create@1',
			args.ritual('S', { title: 'x'.repeat(121) }),
			'title: longer than 120'
		],
		[
			'a title of 61 emoji (122 UTF-16 units, as the app counts)',
			'ritual.create@1',
			args.ritual('S', { title: '🎉'.repeat(61) }),
			'title: longer than 120'
		],
		['a blank title', 'ritual.create@1', args.ritual('S', { title: ' \u00a0\t ' }), 'title: empty'],
		[
			'a control character',
			'ritual.create@1',
			args.ritual('S', { title: 'Yo\u0007ga' }),
			'title: control characters are not allowed'
		],
		[
			'a zero capacity',
			'ritual.create@1',
			args.ritual('S', { capacity: 0 }),
			'capacity: not between 1 and 1000'
		],
		[
			'a huge duration',
			'ritual.create@1',
			args.ritual('S', { durationMinutes: 1e9 }),
			'durationMinutes: not between 5 and 1440'
		],
		[
			'a fractional number',
			'ritual.create@1',
			args.ritual('S', { durationMinutes: 30.5 }),
			'durationMinutes: not an integer'
		],
		[
			'a bad role key',
			'ritual.create@1',
			args.ritual('S', { roles: [{ key: 'Cook', label: 'C', slots: 1 }] }),
			'roles.0.key: not a role key'
		],
		[
			'an extra key in a role',
			'ritual.create@1',
			args.ritual('S', { roles: [{ key: 'a', label: 'A', slots: 1, x: 1 }] }),
			'roles.0.x: unknown key'
		],
		[
			'21 roles',
			'ritual.create@1',
			args.ritual('S', {
				roles: Array.from({ length: 21 }, (_, i) => ({ key: `r${i}`, label: 'R', slots: 1 }))
			}),
			'roles: more than 20'
		],
		[
			'an unknown enum value',
			'plan.create@1',
			args.plan('S', { kind: 'lifetime' }),
			'kind: not one of pack, monthly, resident'
		],
		[
			'a rule out of range',
			'plan.create@1',
			args.plan('S', {
				rules: {
					incrementMinutes: 0,
					rounding: 'up',
					graceMinutes: 0,
					minimumMinutes: 0,
					dailyCapMinutes: null
				}
			}),
			'rules.incrementMinutes: not between 1 and 1440'
		],
		[
			'a missing rule',
			'plan.create@1',
			args.plan('S', { rules: { incrementMinutes: 15 } }),
			'rules.rounding: missing'
		],
		[
			'an unknown time zone',
			'space.create@1',
			args.spaceCreate({ timeZone: 'Mars/Olympus' }),
			'timeZone: unknown time zone'
		],
		[
			'a POSIX time zone',
			'space.create@1',
			args.spaceCreate({ timeZone: 'XYZ+3' }),
			'timeZone: unknown time zone'
		],
		[
			'a closing time of 25:00',
			'space.create@1',
			args.spaceCreate({ closingTime: '25:00' }),
			'closingTime: not a time of day'
		],
		[
			'a local date of 31 April',
			'contract.grant@1',
			args.contract('S', uuid(), uuid(), { startsOn: '2026-04-31' }),
			'startsOn: not a calendar date'
		],
		[
			'29 February of a common year',
			'contract.grant@1',
			args.contract('S', uuid(), uuid(), { startsOn: '2027-02-29' }),
			'startsOn: not a calendar date'
		],
		[
			'a lower-case invitation code',
			'membership.join@1',
			{ code: 'abcdefgh', displayName: 'X' },
			'code: not an invitation code'
		],
		[
			'an O in an invitation code',
			'membership.join@1',
			{ code: 'ABCDEFGO', displayName: 'X' },
			'code: not an invitation code'
		],
		[
			'an over-long note',
			'signup.create@1',
			args.signup('S', uuid(), { note: 'n'.repeat(501) }),
			'note: longer than 500'
		]
	];

	test.each(badArgs)(
		'%s is rejected invalid_args and the queue goes on',
		async (_, name, raw, detail) => {
			const a = JSON.parse(JSON.stringify(raw).replaceAll('"S"', JSON.stringify(w.space)));
			const answer = await push(
				db,
				w.host,
				uuid(),
				batch(1, [name, a], ['profile.presence@1', { spaceId: w.space, showPresence: false }])
			);
			expect(answer.results).toEqual([
				rejected('invalid_args', detail),
				{ id: 2, status: 'applied' }
			]);
		}
	);

	test('unicode that is not control characters is stored as sent (emoji, right-to-left, accents)', async () => {
		const title = '🎉 שלום مرحبا Çà';
		const r = args.ritual(w.space, { title, description: 'ligne 1\nligne 2\ttab' });
		expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual({ id: 1, status: 'applied' });
		const { rows } = await db.query('select title, description from public.rituals where id = $1', [
			r.ritualId
		]);
		expect(rows).toEqual([{ title, description: 'ligne 1\nligne 2\ttab' }]);
	});

	test('nothing already stored changes when a rejected mutation targets it', async () => {
		const before = await db.query('select * from public.rituals where id = $1', [ritual.ritualId]);
		const answer = await push(
			db,
			w.host,
			uuid(),
			batch(1, ['ritual.create@1', { ...ritual, title: '' }], ['ritual.create@1', ritual])
		);
		expect(answer.results).toEqual([
			rejected('invalid_args', 'title: empty'),
			rejected('conflict', 'ritual exists')
		]);
		expect(
			(await db.query('select * from public.rituals where id = $1', [ritual.ritualId])).rows
		).toEqual(before.rows);
	});
});
