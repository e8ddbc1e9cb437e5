import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asUser, connect, expectPgError, ids } from './helpers';
import { dayAt, pulled, rargs, rowsOf, SERIES_START, type Rows } from './rituals-helpers';
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

// Issue 5: who may not do what with rituals, and what each caller reads, directly (row-level
// security) and through sync_pull (docs/sync-protocol.md, "What each caller sees").

const newTables = ['attendance', 'occurrence_changes', 'proposals', 'vocabularies'];
const forged = {
	user_role: 'host',
	app_metadata: { role: 'host', roles: ['host'] },
	user_metadata: { role: 'host' }
};

describe('rituals: security', () => {
	let db: pg.Client;
	let w: World;
	let b: World; // another space: its host has no right here
	let ritual: ReturnType<typeof rargs.ritual>;
	const occurrence = dayAt(9);
	const r: Record<string, string> = {};
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Maison commune');
		b = await world(db, 'Autre maison');
		ritual = rargs.ritual(w.space);
		const change = rargs.change(w.space, ritual.ritualId, dayAt(16), {
			cancelled: false,
			startsAt: dayAt(16, '13:00'),
			durationMinutes: 45,
			place: 'Jardin',
			message: 'Plus tard, dehors.'
		});
		const mark = rargs.mark(w.space, ritual.ritualId, SERIES_START, [
			{ userId: w.member },
			{ userId: w.other, part: 'contributed', roleKey: 'dessert' },
			{ userId: w.host, part: 'led' }
		]);
		const answer = await push(
			db,
			w.host,
			uuid(),
			batch(
				1,
				['ritual.create@1', ritual],
				['occurrence.change@1', change],
				['attendance.mark@1', mark],
				['space.vocabulary@1', rargs.vocabulary(w.space)]
			)
		);
		expect(answer.results.map((a) => a.status)).toEqual(Array(4).fill('applied'));
		const mine = rargs.signup(w.space, ritual.ritualId, occurrence, {
			roleKey: 'cooking',
			note: 'sans gluten'
		});
		const theirs = rargs.signup(w.space, ritual.ritualId, occurrence, { note: 'végétarien' });
		const myProposal = rargs.proposal(w.space, { title: 'Atelier couture' });
		const theirProposal = rargs.proposal(w.space, { title: 'Club de lecture' });
		await push(
			db,
			w.member,
			uuid(),
			batch(1, ['signup.create@1', mine], ['proposal.create@1', myProposal])
		);
		await push(
			db,
			w.other,
			uuid(),
			batch(1, ['signup.create@1', theirs], ['proposal.create@1', theirProposal])
		);
		// The other space has rows of each kind too.
		const bRitual = rargs.ritual(b.space);
		await push(
			db,
			b.host,
			uuid(),
			batch(
				1,
				['ritual.create@1', bRitual],
				['occurrence.change@1', rargs.change(b.space, bRitual.ritualId, dayAt(9))],
				[
					'attendance.mark@1',
					rargs.mark(b.space, bRitual.ritualId, SERIES_START, [{ userId: b.member }])
				],
				['space.vocabulary@1', rargs.vocabulary(b.space)]
			)
		);
		await pushOne(db, b.member, 'proposal.create@1', rargs.proposal(b.space));
		Object.assign(r, {
			change: change.changeId,
			mine: mine.signupId,
			theirs: theirs.signupId,
			myProposal: myProposal.proposalId,
			theirProposal: theirProposal.proposalId,
			myMark: mark.entries[0]!.attendanceId,
			theirMark: mark.entries[1]!.attendanceId,
			hostMark: mark.entries[2]!.attendanceId
		});
	});
	afterAll(async () => {
		await db.end();
	});

	/** Everything stored for the world's space, to compare before and after refused pushes. */
	const snapshot = async () =>
		(
			await db.query(
				`select (select json_agg(t order by t.id) from public.rituals as t where t.space_id = $1) as rituals,
					(select json_agg(t order by t.id) from public.signups as t where t.space_id = $1) as signups,
					(select json_agg(t order by t.id) from public.proposals as t where t.space_id = $1) as proposals,
					(select json_agg(t order by t.id) from public.occurrence_changes as t where t.space_id = $1) as changes,
					(select json_agg(t order by t.id) from public.attendance as t where t.space_id = $1) as attendance,
					(select json_agg(t) from public.vocabularies as t where t.space_id = $1) as vocabularies`,
				[w.space]
			)
		).rows[0];

	describe('row-level security on the new tables', () => {
		test('on; anon reads nothing; authenticated may only read', async () => {
			const { rows } = await db.query(
				`select c.relname as name, c.relrowsecurity as rls from pg_class as c
				where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`,
				[newTables]
			);
			expect(rows).toEqual(newTables.map((name) => ({ name, rls: true })));
			await asUser(db, null, async (tx) => {
				for (const table of newTables)
					await expectPgError(tx, '42501', `select * from public.${table}`);
			});
			await asUser(db, w.host, async (tx) => {
				await expectPgError(tx, '42501', `insert into public.vocabularies (space_id) values ($1)`, [
					w.space
				]);
				await expectPgError(
					tx,
					'42501',
					`insert into public.proposals (id, space_id, user_id, kind, title, duration_minutes, rrule,
						starts_at, created_at)
					values (gen_random_uuid(), $1, $2, 'meal', 'x', 60, 'FREQ=DAILY', now(), now())`,
					[w.space, w.host]
				);
				for (const table of newTables) {
					await expectPgError(tx, '42501', `update public.${table} set deleted = true`);
					await expectPgError(tx, '42501', `delete from public.${table}`);
					await expectPgError(tx, '42501', `truncate public.${table}`);
				}
				// Nor the new columns of existing tables.
				await expectPgError(tx, '42501', `update public.signups set rank = 0`);
				await expectPgError(tx, '42501', `update public.rituals set ends_before = null`);
			});
		});

		test('a member reads their own proposals and marks, the space’s changes and words', async () => {
			await asUser(db, w.member, async (tx) => {
				expect(await ids(tx, 'select id from public.proposals')).toEqual([r.myProposal]);
				expect(await ids(tx, 'select id from public.attendance')).toEqual([r.myMark]);
				expect(await ids(tx, 'select id from public.occurrence_changes')).toEqual([r.change]);
				expect(await ids(tx, 'select space_id as id from public.vocabularies')).toEqual([w.space]);
				expect(await ids(tx, 'select id from public.signups')).toEqual([r.mine]);
			});
		});

		test('a host reads all of their space, another space’s host none of it', async () => {
			await asUser(db, w.host, async (tx) => {
				expect(await ids(tx, 'select id from public.proposals')).toEqual(
					[r.myProposal, r.theirProposal].sort()
				);
				expect(await ids(tx, 'select id from public.attendance')).toEqual(
					[r.myMark, r.theirMark, r.hostMark].sort()
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
	});

	describe('host actions', () => {
		const hostActions = (): [string, unknown][] => [
			['ritual.create@1', rargs.ritual(w.space)],
			['ritual.update@1', rargs.update(w.space, ritual.ritualId)],
			['ritual.split@1', rargs.split(w.space, ritual.ritualId, dayAt(30))],
			['ritual.end@1', rargs.end(w.space, ritual.ritualId, dayAt(30))],
			['occurrence.change@1', rargs.change(w.space, ritual.ritualId, occurrence)],
			['proposal.accept@1', rargs.accept(w.space, r.myProposal!)],
			['proposal.decline@1', rargs.decline(w.space, r.theirProposal!)],
			[
				'attendance.mark@1',
				rargs.mark(w.space, ritual.ritualId, SERIES_START, [{ userId: w.member, part: 'led' }])
			],
			['space.vocabulary@1', rargs.vocabulary(w.space, { kinds: [] })]
		];

		test.each([
			['a member', () => w.member, 'not a host', {}],
			['a member claiming to be a host in the JWT', () => w.member, 'not a host', forged],
			['the host of another space', () => b.host, 'not a member', {}],
			['someone in no space', () => w.stranger, 'not a member', {}]
		])('%s is refused every one, and nothing changes', async (_who, actor, detail, claims) => {
			const before = await snapshot();
			const actions = hostActions();
			const answer = await push(db, actor(), uuid(), batch(1, ...actions), { claims });
			expect(answer.results).toEqual(actions.map(() => rejected('forbidden', detail)));
			expect(await snapshot()).toEqual(before);
		});

		test('the host’s own actions record who did them', async () => {
			const rows = await db.query(
				`select (select created_by from public.rituals where id = $1) as ritual,
					(select changed_by from public.occurrence_changes where id = $2) as change,
					(select array_agg(distinct marked_by) from public.attendance where space_id = $3) as marks,
					(select updated_by from public.vocabularies where space_id = $3) as words`,
				[ritual.ritualId, r.change, w.space]
			);
			expect(rows.rows[0]).toEqual({
				ritual: w.host,
				change: w.host,
				marks: [w.host],
				words: w.host
			});
		});
	});

	describe('a member cannot', () => {
		test('sign someone else up, nor update or cancel another’s sign-up, nor withdraw another’s proposal', async () => {
			const before = await snapshot();
			const answer = await push(
				db,
				w.member,
				uuid(),
				batch(
					1,
					[
						'signup.create@1',
						{ ...rargs.signup(w.space, ritual.ritualId, dayAt(23)), userId: w.other }
					],
					['signup.update@1', rargs.signupUpdate(w.space, r.theirs!)],
					['signup.cancel@1', rargs.cancel(w.space, r.theirs!)],
					['proposal.withdraw@1', { spaceId: w.space, proposalId: r.theirProposal }]
				),
				{ claims: forged }
			);
			expect(answer.results).toEqual([
				rejected('invalid_args', 'userId: unknown key'),
				rejected('forbidden', 'not your signup'),
				rejected('forbidden', 'not your signup'),
				rejected('forbidden', 'not your proposal')
			]);
			expect(await snapshot()).toEqual(before);
		});

		test('act in a space they do not belong to', async () => {
			const before = await snapshot();
			const actions: [string, unknown][] = [
				['signup.create@1', rargs.signup(w.space, ritual.ritualId, dayAt(23))],
				['signup.update@1', rargs.signupUpdate(w.space, r.mine!)],
				['signup.cancel@1', rargs.cancel(w.space, r.mine!)],
				['proposal.create@1', rargs.proposal(w.space)],
				['proposal.withdraw@1', { spaceId: w.space, proposalId: r.myProposal }]
			];
			for (const actor of [b.host, b.member, w.stranger]) {
				const answer = await push(db, actor, uuid(), batch(1, ...actions));
				expect(answer.results).toEqual(actions.map(() => rejected('forbidden', 'not a member')));
			}
			// Naming another space's ritual from one's own space finds nothing.
			const bRitual = await db.query<{ id: string }>(
				'select id from public.rituals where space_id = $1',
				[b.space]
			);
			expect(
				await pushOne(
					db,
					w.member,
					'signup.create@1',
					rargs.signup(w.space, bRitual.rows[0]!.id, dayAt(23))
				)
			).toEqual(rejected('not_found', 'ritual'));
			expect(await snapshot()).toEqual(before);
		});
	});

	describe('what sync_pull shows', () => {
		const find = (rows: Rows, table: string, id: string) => rows.get(`${table}:${id}`);

		test('sign-ups: others’ without name or note unless they show it, ranks always; hosts see all', async () => {
			const ranks = await db.query<{ id: string; rank: string; role_rank: string }>(
				'select id, rank, role_rank from public.signups where id = any($1)',
				[[r.mine, r.theirs]]
			);
			const rank = Object.fromEntries(ranks.rows.map((x) => [x.id, Number(x.rank)]));
			const member = await pulled(db, w.member, w.space);
			expect(find(member, 'signups', r.mine!)?.row).toEqual({
				id: r.mine,
				spaceId: w.space,
				ritualId: ritual.ritualId,
				occurrence,
				userId: w.member,
				roleKey: 'cooking',
				note: 'sans gluten',
				cancelled: false,
				createdAt: expect.any(String),
				rank: rank[r.mine!],
				roleRank: rank[r.mine!]
			});
			expect(find(member, 'signups', r.theirs!)?.row).toMatchObject({
				userId: null,
				note: '',
				rank: rank[r.theirs!],
				roleRank: rank[r.theirs!]
			});
			const host = await pulled(db, w.host, w.space);
			expect(find(host, 'signups', r.theirs!)?.row).toMatchObject({
				userId: w.other,
				note: 'végétarien'
			});
		});

		test('proposals: the proposer’s own and the hosts’, nothing for other members, not even a tombstone', async () => {
			const member = await pulled(db, w.member, w.space);
			expect(rowsOf(member, 'proposals').map((p) => p.id)).toEqual([r.myProposal]);
			expect(find(member, 'proposals', r.theirProposal!)).toBeUndefined();
			expect(find(member, 'proposals', r.myProposal!)?.row).toEqual({
				id: r.myProposal,
				spaceId: w.space,
				userId: w.member,
				kind: 'workshop',
				title: 'Atelier couture',
				description: 'Chacun apporte un plat.',
				place: 'Cuisine',
				durationMinutes: 60,
				rrule: 'FREQ=MONTHLY;BYDAY=1SA',
				startsAt: dayAt(30, '10:00'),
				roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }],
				willLead: true,
				status: 'open',
				response: '',
				ritualId: null,
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
				decidedAt: null
			});
			const host = await pulled(db, w.host, w.space);
			expect(
				rowsOf(host, 'proposals')
					.map((p) => p.id)
					.sort()
			).toEqual([r.myProposal, r.theirProposal].sort());
			// Once a member's device has pulled, another's proposal changing sends it nothing either.
			const client = uuid();
			const first = await pullAll(db, w.member, client, w.space);
			const other = rargs.proposal(w.space);
			await pushOne(db, w.other, 'proposal.create@1', other);
			await pushOne(db, w.other, 'proposal.withdraw@1', {
				spaceId: w.space,
				proposalId: other.proposalId
			});
			const next = await pullAll(db, w.member, client, w.space, first.cursor);
			expect(next.changes.filter((c) => c.table === 'proposals')).toEqual([]);
		});

		test('attendance: own marks named, others’ anonymous unless a public part or a shown name; hosts see all', async () => {
			const member = await pulled(db, w.member, w.space);
			expect(find(member, 'attendance', r.myMark!)?.row).toEqual({
				id: r.myMark,
				spaceId: w.space,
				ritualId: ritual.ritualId,
				occurrence: SERIES_START,
				userId: w.member,
				part: 'attended',
				roleKey: null,
				markedBy: w.host,
				markedAt: expect.stringMatching(/Z$/)
			});
			expect(find(member, 'attendance', r.theirMark!)?.row).toMatchObject({
				userId: null,
				part: 'contributed',
				roleKey: 'dessert',
				markedBy: null
			});
			expect(find(member, 'attendance', r.hostMark!)?.row).toMatchObject({
				userId: w.host,
				part: 'led',
				markedBy: null
			});
			const host = await pulled(db, w.host, w.space);
			expect(find(host, 'attendance', r.theirMark!)?.row).toMatchObject({
				userId: w.other,
				markedBy: w.host
			});
		});

		test('showing one’s name re-sends one’s sign-ups and marks, named', async () => {
			const v = await world(db, 'Présence');
			const series = rargs.ritual(v.space);
			await pushOne(db, v.host, 'ritual.create@1', series);
			const signup = rargs.signup(v.space, series.ritualId, occurrence, { note: 'allergie' });
			await pushOne(db, v.other, 'signup.create@1', signup);
			const mark = rargs.mark(v.space, series.ritualId, SERIES_START, [{ userId: v.other }]);
			await pushOne(db, v.host, 'attendance.mark@1', mark);
			const client = uuid();
			const first = await pullAll(db, v.member, client, v.space);
			const firstRows = latest(first.changes);
			expect(find(firstRows, 'signups', signup.signupId)?.row).toMatchObject({ userId: null });
			expect(find(firstRows, 'attendance', mark.entries[0]!.attendanceId)?.row).toMatchObject({
				userId: null
			});
			await pushOne(db, v.other, 'profile.presence@1', { spaceId: v.space, showPresence: true });
			const next = latest((await pullAll(db, v.member, client, v.space, first.cursor)).changes);
			expect(find(next, 'signups', signup.signupId)?.row).toMatchObject({
				userId: v.other,
				note: 'allergie'
			});
			expect(find(next, 'attendance', mark.entries[0]!.attendanceId)?.row).toMatchObject({
				userId: v.other,
				markedBy: null
			});
		});

		test('every member gets the series, occurrence changes and the space’s words, in the app’s shapes', async () => {
			const rows = await pulled(db, w.other, w.space);
			expect(find(rows, 'rituals', ritual.ritualId)?.row).toEqual({
				id: ritual.ritualId,
				spaceId: w.space,
				kind: 'meal',
				title: 'Déjeuner partagé',
				description: 'Chacun apporte un plat.',
				place: 'Cuisine',
				durationMinutes: 60,
				capacity: 5,
				rrule: 'FREQ=WEEKLY;BYDAY=TH',
				startsAt: SERIES_START,
				roles: [
					{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
					{ key: 'dessert', label: 'Dessert', slots: 1, animates: false }
				],
				leadUserId: null,
				endsBefore: null,
				endMessage: '',
				continuedBy: null,
				proposalId: null
			});
			expect(find(rows, 'occurrenceChanges', r.change!)?.row).toEqual({
				id: r.change,
				spaceId: w.space,
				ritualId: ritual.ritualId,
				occurrence: dayAt(16),
				cancelled: false,
				startsAt: dayAt(16, '13:00'),
				durationMinutes: 45,
				place: 'Jardin',
				message: 'Plus tard, dehors.',
				changedAt: expect.stringMatching(/Z$/)
			});
			expect(find(rows, 'vocabularies', w.space)?.row).toEqual({
				id: w.space,
				spaceId: w.space,
				kinds: [
					{
						key: 'soupe',
						label: 'Soupe du lundi',
						roles: [
							{ key: 'cooking', label: 'Éplucher', slots: 3, animates: true },
							{ key: 'bread', label: 'Pain', slots: 1, animates: false }
						]
					}
				],
				glossary: [{ term: 'Coloc', definition: 'Quelqu’un qui travaille ici chaque jour.' }]
			});
			// Nothing of the other space.
			expect(
				[...rows.values()].filter((c) => c.row && c.row.spaceId !== w.space && c.row.id !== w.space)
			).toEqual([]);
		});

		test('a split series and its continuation arrive with their link and message', async () => {
			const v = await world(db, 'Suite');
			const series = rargs.ritual(v.space);
			await pushOne(db, v.host, 'ritual.create@1', series);
			const split = rargs.split(v.space, series.ritualId, dayAt(14));
			await pushOne(db, v.host, 'ritual.split@1', split);
			const rows = await pulled(db, v.member, v.space);
			expect(find(rows, 'rituals', series.ritualId)?.row).toMatchObject({
				endsBefore: dayAt(14),
				endMessage: 'On passe au vendredi.',
				continuedBy: split.newRitualId
			});
			expect(find(rows, 'rituals', split.newRitualId)?.row).toMatchObject({
				startsAt: dayAt(14),
				rrule: 'FREQ=WEEKLY;BYDAY=FR',
				endsBefore: null
			});
		});
	});
});
