import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	addMember,
	asUser,
	connect,
	createUser,
	expectPgError,
	ids,
	inTransaction
} from './helpers';
import { pargs, participationSnapshot } from './participation-helpers';
import { pulled, rowsOf, type Rows } from './rituals-helpers';
import {
	batch,
	latest,
	pullAll,
	push,
	pushOne,
	rejected,
	uuid,
	world,
	type World
} from './sync-helpers';

// Issue 6: who may not do what with participation facts, and what each caller reads, directly
// (row-level security) and through sync_pull (docs/community.md, "Who reads what").

const newTables = ['welcomes', 'participation_prefs', 'contests', 'participation_settings'];
const pulledTables = ['welcomes', 'participationPrefs', 'contests', 'participationSettings'];
const forged = {
	user_role: 'host',
	app_metadata: { role: 'host', roles: ['host'] },
	user_metadata: { role: 'host' }
};
const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('participation: security', () => {
	let db: pg.Client;
	let w: World;
	let b: World; // another space: its host has no right here
	let third = ''; // a third member of w
	const r: Record<string, string> = {};
	const welcomeAt = '2026-12-05T18:30:00.000Z';
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Maison commune');
		b = await world(db, 'Autre maison');
		third = await createUser(db);
		await addMember(db, w.space, third);
		// Welcomes: the member names `other`, `other` nobody, the third member the host.
		const mine = pargs.welcome(w.space, w.other, { at: welcomeAt });
		const theirs = pargs.welcome(w.space, null);
		const thirds = pargs.welcome(w.space, w.host);
		const myContest = pargs.contest(w.space, {
			subject: 'attendance:1',
			reason: 'Absente ce jour'
		});
		const theirContest = pargs.contest(w.space);
		const memberBatch: [string, unknown][] = [
			['welcome.confirm@1', mine],
			['participation.prefs@1', pargs.prefs(w.space, { optedOut: true, happyToBeAsked: false })],
			['participation.contest@1', myContest]
		];
		const answers = [
			await push(db, w.member, uuid(), batch(1, ...memberBatch)),
			await push(
				db,
				w.other,
				uuid(),
				batch(
					1,
					['welcome.confirm@1', theirs],
					['participation.prefs@1', pargs.prefs(w.space)],
					['participation.contest@1', theirContest]
				)
			),
			await push(db, third, uuid(), batch(1, ['welcome.confirm@1', thirds]))
		];
		const settings = pargs.settings(w.space, { validFrom: '2027-03-01' });
		answers.push(
			await push(
				db,
				w.host,
				uuid(),
				batch(
					1,
					['participation.settings@1', settings],
					['participation.resolve@1', pargs.resolve(w.space, theirContest.contestId)]
				)
			)
		);
		// The other space has rows of each kind too.
		const bContest = pargs.contest(b.space);
		answers.push(
			await push(
				db,
				b.member,
				uuid(),
				batch(
					1,
					['welcome.confirm@1', pargs.welcome(b.space, b.host)],
					['participation.prefs@1', pargs.prefs(b.space)],
					['participation.contest@1', bContest]
				)
			),
			await push(
				db,
				b.host,
				uuid(),
				batch(1, ['participation.settings@1', pargs.settings(b.space)])
			)
		);
		for (const answer of answers)
			expect(answer.results.every((a) => a.status === 'applied')).toBe(true);
		Object.assign(r, {
			myWelcome: mine.welcomeId,
			theirWelcome: theirs.welcomeId,
			thirdWelcome: thirds.welcomeId,
			myContest: myContest.contestId,
			theirContest: theirContest.contestId,
			settings: settings.settingsId
		});
	});
	afterAll(async () => {
		await db.end();
	});

	const snapshot = () => participationSnapshot(db, w.space);

	describe('row-level security on the new tables', () => {
		test('on; anon reads nothing; authenticated may only read', async () => {
			const { rows } = await db.query(
				`select c.relname as name, c.relrowsecurity as rls from pg_class as c
				where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`,
				[newTables]
			);
			expect(rows).toEqual([...newTables].sort().map((name) => ({ name, rls: true })));
			await asUser(db, null, async (tx) => {
				for (const table of newTables)
					await expectPgError(tx, '42501', `select * from public.${table}`);
			});
			await asUser(db, w.host, async (tx) => {
				await expectPgError(
					tx,
					'42501',
					`insert into public.participation_prefs (space_id, user_id) values ($1, $2)`,
					[w.space, w.host]
				);
				await expectPgError(
					tx,
					'42501',
					`insert into public.welcomes (id, space_id, newcomer_id, confirmed_at)
					values (gen_random_uuid(), $1, $2, now())`,
					[w.space, w.host]
				);
				for (const table of newTables) {
					await expectPgError(tx, '42501', `update public.${table} set deleted = true`);
					await expectPgError(tx, '42501', `delete from public.${table}`);
					await expectPgError(tx, '42501', `truncate public.${table}`);
				}
			});
		});

		test('a member reads their own switches, contests and welcome, and the welcomes naming them', async () => {
			await asUser(db, w.member, async (tx) => {
				expect(await ids(tx, 'select id from public.welcomes')).toEqual([r.myWelcome]);
				expect(await ids(tx, 'select user_id as id from public.participation_prefs')).toEqual([
					w.member
				]);
				expect(await ids(tx, 'select id from public.contests')).toEqual([r.myContest]);
			});
			await asUser(db, w.other, async (tx) => {
				// Their own answer, and the member's that names them.
				expect(await ids(tx, 'select id from public.welcomes')).toEqual(
					[r.myWelcome, r.theirWelcome].sort()
				);
				expect(await ids(tx, 'select id from public.contests')).toEqual([r.theirContest]);
				expect(await ids(tx, 'select user_id as id from public.participation_prefs')).toEqual([
					w.other
				]);
			});
			await asUser(db, third, async (tx) => {
				expect(await ids(tx, 'select id from public.welcomes')).toEqual([r.thirdWelcome]);
				expect(await ids(tx, 'select id from public.contests')).toEqual([]);
				expect(await ids(tx, 'select user_id as id from public.participation_prefs')).toEqual([]);
			});
		});

		test('the settings to every member of the space and to nobody else', async () => {
			for (const member of [w.member, w.other, third, w.host])
				await asUser(db, member, async (tx) => {
					expect(await ids(tx, 'select id from public.participation_settings')).toEqual([
						r.settings
					]);
				});
			for (const outsider of [b.member, b.host, w.stranger])
				await asUser(db, outsider, async (tx) => {
					const spaces = await ids(tx, 'select space_id as id from public.participation_settings');
					expect(spaces.filter((s) => s === w.space)).toEqual([]);
				});
		});

		test('a host reads all of their space, another space’s host none of it, a stranger nothing', async () => {
			await asUser(db, w.host, async (tx) => {
				expect(await ids(tx, 'select id from public.welcomes')).toEqual(
					[r.myWelcome, r.theirWelcome, r.thirdWelcome].sort()
				);
				expect(await ids(tx, 'select user_id as id from public.participation_prefs')).toEqual(
					[w.member, w.other].sort()
				);
				expect(await ids(tx, 'select id from public.contests')).toEqual(
					[r.myContest, r.theirContest].sort()
				);
			});
			await asUser(db, b.host, async (tx) => {
				for (const table of newTables) {
					const spaces = await ids(tx, `select space_id as id from public.${table}`);
					expect(spaces.length, table).toBeGreaterThan(0);
					expect(spaces.filter((s) => s !== b.space)).toEqual([]);
				}
			});
			await asUser(db, w.stranger, async (tx) => {
				for (const table of newTables)
					expect(await ids(tx, `select space_id as id from public.${table}`)).toEqual([]);
			});
		});

		test('roles in JWT claims give a member nothing more', async () => {
			await asUser(
				db,
				w.member,
				async (tx) => {
					expect(await ids(tx, 'select id from public.welcomes')).toEqual([r.myWelcome]);
					expect(await ids(tx, 'select id from public.contests')).toEqual([r.myContest]);
					expect(await ids(tx, 'select user_id as id from public.participation_prefs')).toEqual([
						w.member
					]);
				},
				{ claims: forged }
			);
		});

		test('service_role (admin scripts) writes through the same checks', async () => {
			await inTransaction(db, async (tx) => {
				await tx.query('set local role service_role');
				await tx.query(
					`insert into public.participation_settings (id, space_id, valid_from, values)
					values (gen_random_uuid(), $1, '2027-06-01', '{"weights": {"welcome": 2}}')`,
					[w.space]
				);
				await expectPgError(
					tx,
					'23514',
					`insert into public.participation_settings (id, space_id, valid_from, values)
					values (gen_random_uuid(), $1, '2027-06-01', $2::jsonb)`,
					[w.space, JSON.stringify({ a: 'x'.repeat(8000) })]
				);
			});
		});
	});

	describe('host actions', () => {
		const hostActions = (): [string, unknown][] => [
			['participation.resolve@1', pargs.resolve(w.space, r.myContest!)],
			['participation.settings@1', pargs.settings(w.space)]
		];

		test.each([
			['a member', () => w.member, 'not a host', {}],
			[
				'the member who contested, claiming to be a host in the JWT',
				() => w.member,
				'not a host',
				forged
			],
			['the host of another space', () => b.host, 'not a member', {}],
			[
				'the host of another space, claiming this one in the JWT',
				() => b.host,
				'not a member',
				forged
			],
			['someone in no space', () => w.stranger, 'not a member', {}]
		])('%s is refused every one, and nothing changes', async (_who, actor, detail, claims) => {
			const before = await snapshot();
			const actions = hostActions();
			const answer = await push(db, actor(), uuid(), batch(1, ...actions), { claims });
			expect(answer.results).toEqual(actions.map(() => rejected('forbidden', detail)));
			expect(await snapshot()).toEqual(before);
		});

		test('a host of another space cannot answer this space’s contest from their own', async () => {
			const before = await snapshot();
			expect(
				await pushOne(db, b.host, 'participation.resolve@1', pargs.resolve(b.space, r.myContest!))
			).toEqual(rejected('not_found', 'contest'));
			expect(await snapshot()).toEqual(before);
		});

		test('the host’s own actions record who did them', async () => {
			const { rows } = await db.query(
				`select (select created_by from public.participation_settings where id = $1) as settings,
					(select resolved_by from public.contests where id = $2) as resolved`,
				[r.settings, r.theirContest]
			);
			expect(rows[0]).toEqual({ settings: w.host, resolved: w.host });
		});
	});

	describe('member actions', () => {
		test('nobody outside the space may take them', async () => {
			const before = await snapshot();
			const actions: [string, unknown][] = [
				['welcome.confirm@1', pargs.welcome(w.space, w.host)],
				['welcome.confirm@1', pargs.welcome(w.space, null)],
				['participation.prefs@1', pargs.prefs(w.space)],
				['participation.contest@1', pargs.contest(w.space)]
			];
			for (const actor of [b.host, b.member, w.stranger]) {
				const answer = await push(db, actor, uuid(), batch(1, ...actions), { claims: forged });
				expect(answer.results).toEqual(actions.map(() => rejected('forbidden', 'not a member')));
			}
			expect(await snapshot()).toEqual(before);
		});

		test('nobody acts as someone else: the arguments name nobody, the actor is the caller', async () => {
			const before = await snapshot();
			const answer = await push(
				db,
				w.member,
				uuid(),
				batch(
					1,
					['welcome.confirm@1', { ...pargs.welcome(w.space, w.host), newcomerId: w.other }],
					['participation.prefs@1', { ...pargs.prefs(w.space), userId: w.other }],
					['participation.contest@1', { ...pargs.contest(w.space), userId: w.other }],
					// Another's welcome id: it stays theirs.
					['welcome.confirm@1', pargs.welcome(w.space, w.host, { welcomeId: r.theirWelcome })]
				),
				{ claims: { ...forged, sub: w.member, user_id: w.other } }
			);
			expect(answer.results.slice(0, 3)).toEqual([
				rejected('invalid_args', 'newcomerId: unknown key'),
				rejected('invalid_args', 'userId: unknown key'),
				rejected('invalid_args', 'userId: unknown key')
			]);
			// The last one is the member's own answer again (their row, its id kept).
			expect(answer.results[3]).toEqual({ id: 4, status: 'applied' });
			const after = await snapshot();
			const welcomes = after!.welcomes as Record<string, unknown>[];
			expect(welcomes.find((x) => x.id === r.theirWelcome)).toEqual(
				(before!.welcomes as Record<string, unknown>[]).find((x) => x.id === r.theirWelcome)
			);
			expect(welcomes.find((x) => x.id === r.myWelcome)).toMatchObject({
				newcomer_id: w.member,
				welcomer_id: w.host,
				former_welcomers: [w.other]
			});
			expect(after!.prefs).toEqual(before!.prefs);
			expect(after!.contests).toEqual(before!.contests);
			// Put back as it was for the other tests: the member names `other` again.
			await pushOne(
				db,
				w.member,
				'welcome.confirm@1',
				pargs.welcome(w.space, w.other, { at: welcomeAt })
			);
		});
	});

	describe('what sync_pull shows', () => {
		const find = (rows: Rows, table: string, id: string) => rows.get(`${table}:${id}`);
		const idsOf = (rows: Rows, table: string) =>
			rowsOf(rows, table)
				.map((row) => row.id as string)
				.sort();

		test('a member: their own rows in the app’s shapes, the welcome naming them, the settings', async () => {
			const member = await pulled(db, w.member, w.space);
			expect(find(member, 'welcomes', r.myWelcome!)?.row).toEqual({
				id: r.myWelcome,
				spaceId: w.space,
				newcomerId: w.member,
				welcomerId: w.other,
				confirmedAt: welcomeAt
			});
			expect(idsOf(member, 'welcomes')).toEqual([r.myWelcome]);
			expect(find(member, 'participationPrefs', `${w.space}:${w.member}`)?.row).toEqual({
				id: `${w.space}:${w.member}`,
				spaceId: w.space,
				userId: w.member,
				optedOut: true,
				optedOutAt: expect.stringMatching(isoMs),
				happyToBeAsked: false
			});
			expect(idsOf(member, 'participationPrefs')).toEqual([`${w.space}:${w.member}`]);
			expect(find(member, 'contests', r.myContest!)?.row).toEqual({
				id: r.myContest,
				spaceId: w.space,
				userId: w.member,
				subject: 'attendance:1',
				reason: 'Absente ce jour',
				createdAt: expect.stringMatching(isoMs),
				resolvedAt: null,
				resolution: ''
			});
			expect(idsOf(member, 'contests')).toEqual([r.myContest]);
			expect(find(member, 'participationSettings', r.settings!)?.row).toEqual({
				id: r.settings,
				spaceId: w.space,
				validFrom: '2027-03-01',
				values: { weights: { welcome: 3 }, levels: { thresholds: [1, 4, 9] } },
				createdBy: w.host,
				createdAt: expect.stringMatching(isoMs)
			});
			// Nothing at all of others' rows, not even a tombstone; nothing of the other space.
			const others = [r.theirWelcome, r.thirdWelcome, r.theirContest, `${w.space}:${w.other}`];
			expect([...member.values()].filter((c) => others.includes(c.id))).toEqual([]);
			expect(
				[...member.values()].filter(
					(c) => c.row && c.row.spaceId !== w.space && c.row.id !== w.space
				)
			).toEqual([]);
		});

		test('the welcomer named gets the welcome (their credit); the answer shows to its newcomer', async () => {
			const other = await pulled(db, w.other, w.space);
			expect(idsOf(other, 'welcomes')).toEqual([r.myWelcome, r.theirWelcome].sort());
			expect(find(other, 'welcomes', r.theirWelcome!)?.row).toMatchObject({
				newcomerId: w.other,
				welcomerId: null
			});
			expect(find(other, 'contests', r.theirContest!)?.row).toMatchObject({
				resolvedAt: expect.stringMatching(isoMs),
				resolution: 'Corrigé, merci.'
			});
			const thirdRows = await pulled(db, third, w.space);
			expect(idsOf(thirdRows, 'welcomes')).toEqual([r.thirdWelcome]);
			expect(idsOf(thirdRows, 'participationSettings')).toEqual([r.settings]);
			expect(idsOf(thirdRows, 'contests')).toEqual([]);
			expect(idsOf(thirdRows, 'participationPrefs')).toEqual([]);
		});

		test('a host: everything of the space, nothing of another; the other space’s host nothing of this one', async () => {
			const host = await pulled(db, w.host, w.space);
			expect(idsOf(host, 'welcomes')).toEqual([r.myWelcome, r.theirWelcome, r.thirdWelcome].sort());
			expect(idsOf(host, 'participationPrefs')).toEqual(
				[`${w.space}:${w.member}`, `${w.space}:${w.other}`].sort()
			);
			expect(idsOf(host, 'contests')).toEqual([r.myContest, r.theirContest].sort());
			expect(idsOf(host, 'participationSettings')).toEqual([r.settings]);
			const bHost = await pulled(db, b.host, b.space);
			for (const table of pulledTables) {
				expect(rowsOf(bHost, table).length, table).toBeGreaterThan(0);
				expect(rowsOf(bHost, table).filter((row) => row.spaceId !== b.space)).toEqual([]);
			}
			// Asking for this space is a reset, not rows.
			const page = await asUser(db, b.host, async (tx) =>
				tx.query(`select public.sync_pull($1, $2, null, 100) as answer`, [uuid(), w.space])
			);
			expect(page.rows[0].answer).toMatchObject({ reset: true, reason: 'not_member' });
		});

		test('once a member’s device pulled, others’ switches, contests and welcomes send it nothing', async () => {
			const v = await world(db, 'Discrétion');
			const client = uuid();
			const first = await pullAll(db, v.member, client, v.space);
			const contest = pargs.contest(v.space);
			await push(
				db,
				v.other,
				uuid(),
				batch(
					1,
					['welcome.confirm@1', pargs.welcome(v.space, v.host)],
					['welcome.confirm@1', pargs.welcome(v.space, null)],
					['participation.prefs@1', pargs.prefs(v.space, { optedOut: true })],
					['participation.contest@1', contest]
				)
			);
			await pushOne(
				db,
				v.host,
				'participation.resolve@1',
				pargs.resolve(v.space, contest.contestId)
			);
			await db.query('update public.contests set deleted = true where id = $1', [
				contest.contestId
			]);
			const next = await pullAll(db, v.member, client, v.space, first.cursor);
			expect(next.changes.filter((c) => pulledTables.includes(c.table))).toEqual([]);
		});

		test('a welcomer no longer named gets a tombstone, and only tombstones after; a new device nothing', async () => {
			const v = await world(db, 'Changement');
			const answer = pargs.welcome(v.space, v.other);
			await pushOne(db, v.member, 'welcome.confirm@1', answer);
			const client = uuid();
			const first = await pullAll(db, v.other, client, v.space);
			expect(first.changes.filter((c) => c.table === 'welcomes')).toEqual([
				expect.objectContaining({ id: answer.welcomeId, deleted: false })
			]);
			// The newcomer now names the host.
			await pushOne(db, v.member, 'welcome.confirm@1', pargs.welcome(v.space, v.host));
			const second = await pullAll(db, v.other, client, v.space, first.cursor);
			expect(second.changes.filter((c) => c.table === 'welcomes')).toEqual([
				{ table: 'welcomes', id: answer.welcomeId, deleted: true, row: null }
			]);
			const host = await pulled(db, v.host, v.space);
			expect(find(host, 'welcomes', answer.welcomeId)?.row).toMatchObject({
				newcomerId: v.member,
				welcomerId: v.host
			});
			// Nobody in particular: the former welcomers' devices learn nothing but a tombstone.
			await pushOne(db, v.member, 'welcome.confirm@1', pargs.welcome(v.space, null));
			const third = await pullAll(db, v.other, client, v.space, second.cursor);
			expect(third.changes.filter((c) => c.table === 'welcomes')).toEqual([
				{ table: 'welcomes', id: answer.welcomeId, deleted: true, row: null }
			]);
			// A device of theirs that starts now never had it: not even the tombstone.
			const fresh = await pulled(db, v.other, v.space);
			expect([...fresh.values()].filter((c) => c.table === 'welcomes')).toEqual([]);
			// Named again: the row comes back.
			await pushOne(db, v.member, 'welcome.confirm@1', pargs.welcome(v.space, v.other));
			const back = await pullAll(db, v.other, client, v.space, third.cursor);
			expect(back.changes.filter((c) => c.table === 'welcomes')).toEqual([
				expect.objectContaining({
					id: answer.welcomeId,
					deleted: false,
					row: expect.objectContaining({ welcomerId: v.other })
				})
			]);
		});

		test('a host’s answer and a change of switches reach the member’s device', async () => {
			const v = await world(db, 'Réponse');
			const contest = pargs.contest(v.space);
			await pushOne(db, v.member, 'participation.contest@1', contest);
			const client = uuid();
			const first = await pullAll(db, v.member, client, v.space);
			await pushOne(
				db,
				v.host,
				'participation.resolve@1',
				pargs.resolve(v.space, contest.contestId, { resolution: 'Présence retirée.' })
			);
			await pushOne(
				db,
				v.member,
				'participation.prefs@1',
				pargs.prefs(v.space, { optedOut: true })
			);
			const next = latest((await pullAll(db, v.member, client, v.space, first.cursor)).changes);
			expect(next.get(`contests:${contest.contestId}`)?.row).toMatchObject({
				resolution: 'Présence retirée.',
				resolvedAt: expect.stringMatching(isoMs)
			});
			expect(next.get(`participationPrefs:${v.space}:${v.member}`)?.row).toMatchObject({
				optedOut: true,
				optedOutAt: expect.stringMatching(isoMs)
			});
		});
	});
});
