import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, asUser, connect, createUser } from './helpers';
import { nowIso, pargs, participationSnapshot } from './participation-helpers';
import { one } from './rituals-helpers';
import {
	batch,
	count,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type PushAnswer,
	type World
} from './sync-helpers';

// Issue 6, the server handlers: each mutation's effect and each refusal of docs/community.md
// ("Mutations"), with the detail the app reads.

describe('participation: server handlers', () => {
	let db: pg.Client;
	let w: World;
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Participation');
	});
	afterAll(async () => {
		await db.end();
	});

	const ok = { id: 1, status: 'applied' };
	const welcomeOf = (spaceId: string, newcomer: string) =>
		one(db, 'select * from public.welcomes where space_id = $1 and newcomer_id = $2', [
			spaceId,
			newcomer
		]);
	const prefsOf = (spaceId: string, userId: string) =>
		one(db, 'select * from public.participation_prefs where space_id = $1 and user_id = $2', [
			spaceId,
			userId
		]);
	const contestRow = (id: string) => one(db, 'select * from public.contests where id = $1', [id]);
	const settingsRow = (id: string) =>
		one(db, 'select * from public.participation_settings where id = $1', [id]);

	describe('welcome.confirm@1', () => {
		test('stores the caller’s answer: newcomer, welcomer, the device’s time, when it arrived', async () => {
			const v = await world(db, 'Accueil');
			const at = new Date(Date.now() - 3_600_000).toISOString();
			const a = pargs.welcome(v.space, v.host, { at });
			expect(await pushOne(db, v.member, 'welcome.confirm@1', a)).toEqual(ok);
			const row = await welcomeOf(v.space, v.member);
			expect(row).toMatchObject({
				id: a.welcomeId,
				newcomer_id: v.member,
				welcomer_id: v.host,
				former_welcomers: [],
				deleted: false
			});
			expect((row!.confirmed_at as Date).toISOString()).toBe(at);
			expect(Math.abs((row!.received_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
		});

		test('answering again replaces the answer, the row keeps its id; the same answer again writes nothing', async () => {
			const v = await world(db, 'Réponses');
			const first = pargs.welcome(v.space, v.host);
			expect(await pushOne(db, v.member, 'welcome.confirm@1', first)).toEqual(ok);
			const second = pargs.welcome(v.space, v.other, { at: nowIso() });
			expect(await pushOne(db, v.member, 'welcome.confirm@1', second)).toEqual(ok);
			const row = await welcomeOf(v.space, v.member);
			expect(row).toMatchObject({
				id: first.welcomeId,
				welcomer_id: v.other,
				former_welcomers: [v.host]
			});
			expect((row!.confirmed_at as Date).toISOString()).toBe(second.at);
			// The id sent the second time names no row.
			expect(await count(db, 'public.welcomes where id = $1', [second.welcomeId])).toBe(0);
			// Nobody in particular.
			const third = pargs.welcome(v.space, null);
			expect(await pushOne(db, v.member, 'welcome.confirm@1', third)).toEqual(ok);
			const nobody = await welcomeOf(v.space, v.member);
			expect(nobody).toMatchObject({
				id: first.welcomeId,
				welcomer_id: null,
				former_welcomers: [v.host, v.other]
			});
			expect(await pushOne(db, v.member, 'welcome.confirm@1', third)).toEqual(ok);
			expect((await welcomeOf(v.space, v.member))!.version).toBe(nobody!.version);
			// Back to the first welcomer: named once in the list.
			expect(
				await pushOne(db, v.member, 'welcome.confirm@1', pargs.welcome(v.space, v.host))
			).toEqual(ok);
			expect(await welcomeOf(v.space, v.member)).toMatchObject({
				welcomer_id: v.host,
				former_welcomers: [v.host, v.other]
			});
			expect(await count(db, 'public.welcomes where space_id = $1', [v.space])).toBe(1);
		});

		test('device times are clamped like check-ins', async () => {
			const v = await world(db, 'Horloges');
			await pushOne(
				db,
				v.member,
				'welcome.confirm@1',
				pargs.welcome(v.space, v.host, { at: '2036-01-01T00:00:00.000Z' })
			);
			await pushOne(
				db,
				v.other,
				'welcome.confirm@1',
				pargs.welcome(v.space, v.host, { at: '2020-01-01T00:00:00.000Z' })
			);
			const { rows } = await db.query(
				`select newcomer_id,
					confirmed_at = date_trunc('milliseconds', received_at) as now,
					confirmed_at = date_trunc('milliseconds', received_at) - interval '168 hours' as oldest
				from public.welcomes where space_id = $1`,
				[v.space]
			);
			expect(Object.fromEntries(rows.map((r) => [r.newcomer_id, [r.now, r.oldest]]))).toEqual({
				[v.member]: [true, false],
				[v.other]: [false, true]
			});
		});

		test('refused: oneself, someone who is not an active member of the space, a reused id', async () => {
			const v = await world(db, 'Refus');
			const gone = await createUser(db);
			await addMember(db, v.space, gone, 'member', true);
			const before = await participationSnapshot(db, v.space);
			const cases: [unknown, string, string][] = [
				[pargs.welcome(v.space, v.member), 'invalid_args', 'welcomerId: yourself'],
				[pargs.welcome(v.space, v.stranger), 'not_found', 'member'],
				[pargs.welcome(v.space, gone), 'not_found', 'member'],
				[pargs.welcome(v.space, w.host), 'not_found', 'member'],
				[pargs.welcome(v.space, uuid()), 'not_found', 'member']
			];
			for (const [a, code, detail] of cases)
				expect(await pushOne(db, v.member, 'welcome.confirm@1', a)).toEqual(rejected(code, detail));
			expect(await participationSnapshot(db, v.space)).toEqual(before);
			// Another newcomer's welcome id: the first answer of this one cannot take it.
			const theirs = pargs.welcome(v.space, v.host);
			expect(await pushOne(db, v.other, 'welcome.confirm@1', theirs)).toEqual(ok);
			expect(
				await pushOne(
					db,
					v.member,
					'welcome.confirm@1',
					pargs.welcome(v.space, v.host, { welcomeId: theirs.welcomeId })
				)
			).toEqual(rejected('conflict', 'welcome exists'));
			expect(await welcomeOf(v.space, v.member)).toBeUndefined();
		});

		test('a host is a member too: may answer as a newcomer, naming a member', async () => {
			const v = await world(db, 'Hôtes');
			expect(
				await pushOne(db, v.host, 'welcome.confirm@1', pargs.welcome(v.space, v.member))
			).toEqual(ok);
			expect(await welcomeOf(v.space, v.host)).toMatchObject({ welcomer_id: v.member });
		});
	});

	describe('participation.prefs@1', () => {
		test('the caller’s switches: optedOutAt set when it turns on, kept while on, cleared when off', async () => {
			const v = await world(db, 'Réglages');
			expect(await pushOne(db, v.member, 'participation.prefs@1', pargs.prefs(v.space))).toEqual(
				ok
			);
			expect(await prefsOf(v.space, v.member)).toMatchObject({
				opted_out: false,
				opted_out_at: null,
				happy_to_be_asked: true,
				deleted: false
			});
			await pushOne(
				db,
				v.member,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: true, happyToBeAsked: true })
			);
			const out = await prefsOf(v.space, v.member);
			expect(out).toMatchObject({ opted_out: true, happy_to_be_asked: true });
			expect(Math.abs((out!.opted_out_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
			// Still out, another switch: the time it turned on stays.
			await pushOne(
				db,
				v.member,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: true, happyToBeAsked: false })
			);
			const still = await prefsOf(v.space, v.member);
			expect(still).toMatchObject({ opted_out: true, happy_to_be_asked: false });
			expect(still!.opted_out_at).toEqual(out!.opted_out_at);
			expect(Number(still!.version)).toBeGreaterThan(Number(out!.version));
			// The same again writes nothing.
			await pushOne(
				db,
				v.member,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: true, happyToBeAsked: false })
			);
			expect((await prefsOf(v.space, v.member))!.version).toBe(still!.version);
			// Back in: cleared.
			await pushOne(
				db,
				v.member,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: false, happyToBeAsked: false })
			);
			expect(await prefsOf(v.space, v.member)).toMatchObject({
				opted_out: false,
				opted_out_at: null
			});
			// One row per member and space; nobody else's touched.
			expect(await count(db, 'public.participation_prefs where space_id = $1', [v.space])).toBe(1);
		});

		test('opting out on a first answer stamps it at once', async () => {
			const v = await world(db, 'Dehors');
			await pushOne(
				db,
				v.other,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: true, happyToBeAsked: false })
			);
			const row = await prefsOf(v.space, v.other);
			expect(row).toMatchObject({ opted_out: true, happy_to_be_asked: false });
			expect(row!.opted_out_at).toBeInstanceOf(Date);
		});

		test('the database holds optedOutAt exactly when opted out, whatever writes it', async () => {
			await db.query('begin');
			try {
				await db.query('savepoint s');
				await expect(
					db.query(
						`insert into public.participation_prefs (space_id, user_id, opted_out, opted_out_at)
						values ($1, $2, true, null)`,
						[w.space, w.member]
					)
				).rejects.toMatchObject({ code: '23514' });
				await db.query('rollback to savepoint s');
				await expect(
					db.query(
						`insert into public.participation_prefs (space_id, user_id, opted_out, opted_out_at)
						values ($1, $2, false, now())`,
						[w.space, w.member]
					)
				).rejects.toMatchObject({ code: '23514' });
			} finally {
				await db.query('rollback');
			}
		});
	});

	describe('participation.contest@1', () => {
		test('the caller contests an entry of their log: trimmed, the device’s time clamped, unanswered', async () => {
			const c = pargs.contest(w.space, {
				subject: '  attendance:42 ',
				reason: ' Je suis arrivée après le dessert. ',
				at: '2036-01-01T00:00:00.000Z'
			});
			expect(await pushOne(db, w.member, 'participation.contest@1', c)).toEqual(ok);
			const row = await contestRow(c.contestId);
			expect(row).toMatchObject({
				space_id: w.space,
				user_id: w.member,
				subject: 'attendance:42',
				reason: 'Je suis arrivée après le dessert.',
				resolved_at: null,
				resolution: '',
				resolved_by: null,
				deleted: false
			});
			const clamped = await one(
				db,
				`select created_at = date_trunc('milliseconds', received_at) as now
				from public.contests where id = $1`,
				[c.contestId]
			);
			expect(clamped).toEqual({ now: true });
		});

		test('refused: a reused id (the caller’s or anyone’s), conflict `contest exists`', async () => {
			const c = pargs.contest(w.space);
			expect(await pushOne(db, w.member, 'participation.contest@1', c)).toEqual(ok);
			const before = await contestRow(c.contestId);
			for (const actor of [w.member, w.other])
				expect(
					await pushOne(db, actor, 'participation.contest@1', { ...c, reason: 'Autre chose' })
				).toEqual(rejected('conflict', 'contest exists'));
			expect(await contestRow(c.contestId)).toEqual(before);
		});

		test.each([
			['a subject of 201', { subject: 'x'.repeat(201) }, 'subject: longer than 200'],
			['a blank subject', { subject: '   ' }, 'subject: empty'],
			['a reason of 1001', { reason: 'x'.repeat(1001) }, 'reason: longer than 1000'],
			['an empty reason', { reason: '' }, 'reason: empty'],
			[
				'a BEL in the reason',
				{ reason: 'Mal\u0007noté' },
				'reason: control characters are not allowed'
			],
			['a local time', { at: '2026-12-06 10:00' }, 'at: not a UTC instant'],
			[
				'someone else named',
				{ userId: '00000000-0000-4000-8000-000000000000' },
				'userId: unknown key'
			]
		])('bad arguments are refused: %s', async (_label, o, detail) => {
			const c = pargs.contest(w.space, o);
			expect(await pushOne(db, w.member, 'participation.contest@1', c)).toEqual(
				rejected('invalid_args', detail)
			);
			expect(await contestRow(c.contestId)).toBeUndefined();
		});
	});

	describe('participation.resolve@1', () => {
		test('a host answers: when, what, who; answering again replaces it; the same again writes nothing', async () => {
			const c = pargs.contest(w.space);
			await pushOne(db, w.member, 'participation.contest@1', c);
			const r = pargs.resolve(w.space, c.contestId, {
				resolution: '  Corrigé : présence ajoutée. '
			});
			expect(await pushOne(db, w.host, 'participation.resolve@1', r)).toEqual(ok);
			const first = await contestRow(c.contestId);
			expect(first).toMatchObject({
				resolution: 'Corrigé : présence ajoutée.',
				resolved_by: w.host,
				user_id: w.member
			});
			expect(Math.abs((first!.resolved_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
			expect(await pushOne(db, w.host, 'participation.resolve@1', r)).toEqual(ok);
			expect((await contestRow(c.contestId))!.version).toBe(first!.version);
			const again = pargs.resolve(w.space, c.contestId, { resolution: 'Finalement non.' });
			expect(await pushOne(db, w.host, 'participation.resolve@1', again)).toEqual(ok);
			expect(await contestRow(c.contestId)).toMatchObject({
				resolution: 'Finalement non.',
				resolved_by: w.host
			});
		});

		test('refused: an unknown contest, another space’s, a deleted one (not_found `contest`)', async () => {
			const b = await world(db, 'Ailleurs');
			const elsewhere = pargs.contest(b.space);
			await pushOne(db, b.member, 'participation.contest@1', elsewhere);
			const removed = pargs.contest(w.space);
			await pushOne(db, w.member, 'participation.contest@1', removed);
			await db.query('update public.contests set deleted = true where id = $1', [
				removed.contestId
			]);
			for (const id of [uuid(), elsewhere.contestId, removed.contestId])
				expect(
					await pushOne(db, w.host, 'participation.resolve@1', pargs.resolve(w.space, id))
				).toEqual(rejected('not_found', 'contest'));
			expect(await contestRow(elsewhere.contestId)).toMatchObject({ resolved_at: null });
			expect(await contestRow(removed.contestId)).toMatchObject({ resolved_at: null });
		});

		test.each([
			['an empty answer', { resolution: '' }, 'resolution: empty'],
			['an answer of 1001', { resolution: 'x'.repeat(1001) }, 'resolution: longer than 1000'],
			['a contest id that is no uuid', { contestId: 'C1' }, 'contestId: not a uuid'],
			['who resolved it', { resolvedBy: null }, 'resolvedBy: unknown key']
		])('bad arguments are refused: %s', async (_label, o, detail) => {
			const c = pargs.contest(w.space);
			await pushOne(db, w.member, 'participation.contest@1', c);
			expect(
				await pushOne(db, w.host, 'participation.resolve@1', pargs.resolve(w.space, c.contestId, o))
			).toEqual(rejected('invalid_args', detail));
			expect(await contestRow(c.contestId)).toMatchObject({ resolved_at: null, resolution: '' });
		});
	});

	describe('participation.settings@1', () => {
		test('a dated version: date, values, who, when; several may share a date', async () => {
			const s = pargs.settings(w.space);
			expect(await pushOne(db, w.host, 'participation.settings@1', s)).toEqual(ok);
			const row = await settingsRow(s.settingsId);
			expect(row).toMatchObject({
				space_id: w.space,
				values: s.values,
				created_by: w.host,
				deleted: false
			});
			const date = await one(
				db,
				`select to_char(valid_from, 'YYYY-MM-DD') as d from public.participation_settings where id = $1`,
				[s.settingsId]
			);
			expect(date).toEqual({ d: '2027-01-01' });
			const same = pargs.settings(w.space, { values: { weights: { welcome: 4 } } });
			expect(await pushOne(db, w.host, 'participation.settings@1', same)).toEqual(ok);
			expect(await settingsRow(same.settingsId)).toMatchObject({
				values: { weights: { welcome: 4 } }
			});
		});

		test('versions pushed together are stamped in the push’s order, to the millisecond', async () => {
			const v = await world(db, 'Versions');
			const versions = [1, 2, 3].map((n) =>
				pargs.settings(v.space, { validFrom: '2027-01-01', values: { n } })
			);
			const answer = await push(
				db,
				v.host,
				uuid(),
				batch(1, ...versions.map((s): [string, unknown] => ['participation.settings@1', s]))
			);
			expect(answer.results.map((a) => a.status)).toEqual(['applied', 'applied', 'applied']);
			const { rows } = await db.query<{ id: string; at: string; whole: boolean }>(
				`select id, app_private.iso_instant(created_at) as at,
					created_at = date_trunc('milliseconds', created_at) as whole
				from public.participation_settings where space_id = $1 order by created_at`,
				[v.space]
			);
			expect(rows.map((row) => row.id)).toEqual(versions.map((s) => s.settingsId));
			expect(new Set(rows.map((row) => row.at)).size).toBe(3);
			expect(rows.every((row) => row.whole)).toBe(true);
			// The app orders them by createdAt as text: the same order.
			expect(rows.map((row) => row.at)).toEqual(rows.map((row) => row.at).sort());
		});

		test('refused: a reused id, conflict `settings exist`', async () => {
			const s = pargs.settings(w.space);
			await pushOne(db, w.host, 'participation.settings@1', s);
			expect(
				await pushOne(db, w.host, 'participation.settings@1', { ...s, validFrom: '2028-01-01' })
			).toEqual(rejected('conflict', 'settings exist'));
			expect(await settingsRow(s.settingsId)).toMatchObject({ values: s.values });
		});

		test('values as the catalogue leaves them: an array becomes an object by index; __proto__, prototype, constructor left out at the top', async () => {
			const cases: [unknown, unknown][] = [
				[['a', { b: 1 }], { 0: 'a', 1: { b: 1 } }],
				[[], {}],
				[
					JSON.parse(
						'{"__proto__": {"x": 1}, "prototype": 2, "constructor": 3, "kept": {"constructor": 4}}'
					),
					{ kept: { constructor: 4 } }
				],
				[
					{ '': 'empty key', 'é😀': [null, true, 1.5, 'x'] },
					{ '': 'empty key', 'é😀': [null, true, 1.5, 'x'] }
				]
			];
			for (const [values, stored] of cases) {
				const s = pargs.settings(w.space, { values });
				expect(await pushOne(db, w.host, 'participation.settings@1', s)).toEqual(ok);
				expect((await settingsRow(s.settingsId))!.values).toEqual(stored);
			}
		});

		test('at most 8,000 characters of JSON.stringify: emoji count 2, escapes count', async () => {
			// {"a":"…"}: 8 characters around the text.
			const sized = (text: string) => pargs.settings(w.space, { values: { a: text } });
			const fits = [
				sized('x'.repeat(7992)),
				sized('😀'.repeat(3996)),
				sized('\n'.repeat(3996)),
				sized('"'.repeat(3996))
			];
			for (const s of fits)
				expect(await pushOne(db, w.host, 'participation.settings@1', s)).toEqual(ok);
			const over = [
				sized('x'.repeat(7993)),
				sized(`${'😀'.repeat(3996)}x`),
				sized('\u0001'.repeat(1333)),
				pargs.settings(w.space, { values: Array.from({ length: 1600 }, () => 1) }),
				pargs.settings(w.space, { values: { a: Array.from({ length: 100_000 }, () => 0) } })
			];
			for (const s of over) {
				expect(await pushOne(db, w.host, 'participation.settings@1', s)).toEqual(
					rejected('invalid_args', 'values: too large')
				);
				expect(await settingsRow(s.settingsId)).toBeUndefined();
			}
		});

		test('values nested deeper than a walk may go are too large, not a failed push', async () => {
			// Built as text: JSON.stringify itself cannot go that deep. 15,000 levels still parse as jsonb
			// (about 17,000 do not: then the whole call fails before any handler runs), but a walk of
			// the value would exhaust the stack from about 12,000 on.
			const v = await world(db, 'Profondeurs');
			const pushValues = async (valuesJson: string) => {
				const s = pargs.settings(v.space, { values: '@' });
				const text = JSON.stringify(batch(1, ['participation.settings@1', s])).replace(
					'"@"',
					valuesJson
				);
				const answer = await asUser(
					db,
					v.host,
					async (tx) =>
						(
							await tx.query<{ answer: PushAnswer }>(
								'select public.sync_push($1, 1, $2::jsonb) as answer',
								[uuid(), text]
							)
						).rows[0]!.answer,
					{ commit: true }
				);
				return { result: answer.results[0], row: await settingsRow(s.settingsId) };
			};
			const deep = await pushValues(`{"a":${'['.repeat(15_000)}${']'.repeat(15_000)}}`);
			expect(deep.result).toEqual(rejected('invalid_args', 'values: too large'));
			expect(deep.row).toBeUndefined();
			// 3,996 levels fit in 8,000 characters: measured, and stored.
			const fits = await pushValues(`{"a":${'['.repeat(3996)}${']'.repeat(3996)}}`);
			expect(fits.result).toEqual({ id: 1, status: 'applied' });
			expect(fits.row).toBeDefined();
		});

		test.each([
			[{ values: null }, 'values: not an object'],
			[{ values: 'weights' }, 'values: not an object'],
			[{ values: 3 }, 'values: not an object'],
			[{ values: true }, 'values: not an object'],
			[{ validFrom: '2027-02-30' }, 'validFrom: not a calendar date'],
			[{ validFrom: '2027-01-01T00:00' }, 'validFrom: not a date'],
			[{ settingsId: 42 }, 'settingsId: not a string'],
			[{ createdBy: null }, 'createdBy: unknown key']
		])('bad arguments are refused: %j', async (o, detail) => {
			const s = pargs.settings(w.space, o);
			expect(await pushOne(db, w.host, 'participation.settings@1', s)).toEqual(
				rejected('invalid_args', detail)
			);
		});

		test('the database refuses values that are not an object or too large, whatever writes them', async () => {
			await db.query('begin');
			try {
				for (const values of ['[]', '"x"', JSON.stringify({ a: 'x'.repeat(7993) })]) {
					await db.query('savepoint s');
					await expect(
						db.query(
							`insert into public.participation_settings (id, space_id, valid_from, values)
							values (gen_random_uuid(), $1, '2027-01-01', $2::jsonb)`,
							[w.space, values]
						)
					).rejects.toMatchObject({ code: '23514' });
					await db.query('rollback to savepoint s');
				}
			} finally {
				await db.query('rollback');
			}
		});
	});

	test('the purge takes old tombstones of the four tables and raises purged_through', async () => {
		const v = await world(db, 'Purge');
		const c = pargs.contest(v.space);
		await push(
			db,
			v.member,
			uuid(),
			batch(
				1,
				['welcome.confirm@1', pargs.welcome(v.space, v.host)],
				['participation.prefs@1', pargs.prefs(v.space)],
				['participation.contest@1', c]
			)
		);
		await pushOne(db, v.host, 'participation.settings@1', pargs.settings(v.space));
		// A live row of each stays.
		const kept = pargs.contest(v.space);
		await pushOne(db, v.other, 'participation.contest@1', kept);
		const tables = ['welcomes', 'participation_prefs', 'contests', 'participation_settings'];
		for (const table of tables) {
			await db.query(
				`update public.${table} set deleted = true
				where space_id = $1 and ${table === 'contests' ? `id = '${c.contestId}'` : 'true'}`,
				[v.space]
			);
			await db.query(
				`update public.${table} set deleted_at = now() - interval '31 days'
				where space_id = $1 and deleted`,
				[v.space]
			);
		}
		const removed = await one(
			db,
			`select max(version) as version from (
				select version from public.welcomes where space_id = $1 and deleted
				union all select version from public.participation_prefs where space_id = $1 and deleted
				union all select version from public.contests where space_id = $1 and deleted
				union all select version from public.participation_settings where space_id = $1 and deleted
			) as v`,
			[v.space]
		);
		await db.query(`select app_private.purge_deleted('30 days')`);
		for (const table of tables)
			expect(await count(db, `public.${table} where space_id = $1 and deleted`, [v.space])).toBe(0);
		expect(await count(db, 'public.contests where id = $1', [kept.contestId])).toBe(1);
		const purged = await one(
			db,
			'select purged_through from app_private.space_versions where space_id = $1',
			[v.space]
		);
		expect(purged!.purged_through).toBe(removed!.version);
	});

	test('bad input for the five mutations is refused invalid_args and changes nothing stored', async () => {
		const c = pargs.contest(w.space);
		await pushOne(db, w.member, 'participation.contest@1', c);
		const before = await participationSnapshot(db, w.space);
		const huge = 'x'.repeat(100_000);
		const memberBatch = batch(
			1,
			['welcome.confirm@1', pargs.welcome(w.space, w.host, { newcomerId: w.other })],
			['welcome.confirm@1', pargs.welcome(w.space, 'someone')],
			['welcome.confirm@1', pargs.welcome(w.space, w.host, { at: 'yesterday' })],
			['welcome.confirm@1', { spaceId: w.space, welcomerId: w.host, at: nowIso() }],
			['participation.prefs@1', pargs.prefs(w.space, { optedOut: 'yes' })],
			['participation.prefs@1', pargs.prefs(w.space, { happyToBeAsked: null })],
			['participation.prefs@1', pargs.prefs(w.space, { userId: w.other })],
			['participation.contest@1', pargs.contest(w.space, { reason: huge })],
			['participation.contest@1', pargs.contest(w.space, { subject: '' })],
			['participation.contest@1', pargs.contest(w.space, { subject: 42 })]
		);
		const memberAnswer = await push(db, w.member, uuid(), memberBatch);
		expect(memberAnswer.results).toEqual(memberBatch.map(() => rejected('invalid_args')));
		const hostBatch = batch(
			1,
			['participation.resolve@1', pargs.resolve(w.space, c.contestId, { resolution: huge })],
			['participation.resolve@1', pargs.resolve(w.space, c.contestId, { resolution: ' \u3000 ' })],
			['participation.settings@1', pargs.settings(w.space, { values: { a: huge } })],
			['participation.settings@1', pargs.settings(w.space, { values: null })],
			['participation.settings@1', pargs.settings(w.space, { validFrom: null })],
			['participation.settings@1', { ...pargs.settings(w.space), extra: 1 }]
		);
		const hostAnswer = await push(db, w.host, uuid(), hostBatch);
		expect(hostAnswer.results).toEqual(hostBatch.map(() => rejected('invalid_args')));
		expect(await participationSnapshot(db, w.space)).toEqual(before);
	});
});
