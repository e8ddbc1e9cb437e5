import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect } from './helpers';
import {
	dayAt,
	daysBefore,
	isoAgo,
	one,
	parisWallClock,
	rargs,
	SERIES_START
} from './rituals-helpers';
import { batch, count, push, pushOne, rejected, uuid, world, type World } from './sync-helpers';

// Issue 5, the server handlers: each mutation's effect and each refusal of docs/rituals.md
// ("Mutations and their refusals"), with the detail the app reads.

describe('rituals: server handlers', () => {
	let db: pg.Client;
	let w: World;
	beforeAll(async () => {
		db = await connect();
		w = await world(db, 'Rituels');
	});
	afterAll(async () => {
		await db.end();
	});

	const ok = { id: 1, status: 'applied' };
	const ritualRow = (id: string) => one(db, 'select * from public.rituals where id = $1', [id]);
	const signupRow = (id: string) => one(db, 'select * from public.signups where id = $1', [id]);
	/** A committed ritual of the world's space, by its host. */
	const newRitual = async (o: Record<string, unknown> = {}) => {
		const r = rargs.ritual(w.space, o);
		expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual(ok);
		return r;
	};
	/** A ritual with an occurrence that started an hour ago (and one an hour ahead of now). */
	const ritualAroundNow = async (o: Record<string, unknown> = {}) => {
		const started = await parisWallClock(db, -60);
		const r = await newRitual({ startsAt: daysBefore(started, 14), ...o });
		return { ritual: r, started, tomorrow: `${dayAt(1).slice(0, 10)}T${started.slice(11)}` };
	};

	describe('ritual.create@1', () => {
		test('stores the series: kind key, roles with animates, the rule, no end, who created it', async () => {
			const r = await newRitual({
				rrule: '  RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270701  ',
				leadUserId: w.member
			});
			expect(await ritualRow(r.ritualId)).toMatchObject({
				kind: 'meal',
				rrule: 'RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270701',
				roles: [
					{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
					{ key: 'dessert', label: 'Dessert', slots: 1, animates: false }
				],
				lead_user_id: w.member,
				ends_before: null,
				end_message: '',
				continued_by: null,
				proposal_id: null,
				created_by: w.host
			});
		});

		test.each([
			['FREQ=YEARLY', 'rrule: unsupported'],
			['FREQ=DAILY;BYHOUR=9', 'rrule: unsupported'],
			['DTSTART=20261126T123000;FREQ=DAILY', 'rrule: unsupported'],
			['FREQ=DAILY;COUNT=0', 'rrule: count'],
			['FREQ=DAILY;COUNT=3;UNTIL=20270101', 'rrule: count_and_until'],
			['FREQ=WEEKLY;UNTIL=20261125', 'rrule: until_before_start'],
			['FREQ=WEEKLY;BYDAY=1TH', 'rrule: byday'],
			['freq=weekly', 'rrule: syntax'],
			['', 'rrule: empty']
		])('a rule %j is refused: %s', async (rrule, detail) => {
			const r = rargs.ritual(w.space, { rrule });
			expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual(
				rejected('invalid_args', detail)
			);
			expect(await ritualRow(r.ritualId)).toBeUndefined();
		});

		test('bad fields, an unknown lead and a reused id are refused', async () => {
			const cases: [Record<string, unknown>, string, string][] = [
				[{ kind: 'Repas' }, 'invalid_args', 'kind: not a key'],
				[{ kind: 'a'.repeat(41) }, 'invalid_args', 'kind: not a key'],
				[
					{
						roles: [
							{ key: 'cooking', label: 'A', slots: 1 },
							{ key: 'cooking', label: 'B', slots: 1, animates: true }
						]
					},
					'invalid_args',
					'roles: a role key appears twice'
				],
				[
					{ roles: [{ key: 'cooking', label: 'A', slots: 1, animates: 'yes' }] },
					'invalid_args',
					'roles.0.animates: not a boolean'
				],
				[{ capacity: -1 }, 'invalid_args', 'capacity: not between 1 and 1000'],
				[{ leadUserId: w.stranger }, 'not_found', 'lead']
			];
			for (const [o, code, detail] of cases) {
				expect(await pushOne(db, w.host, 'ritual.create@1', rargs.ritual(w.space, o))).toEqual(
					rejected(code, detail)
				);
			}
			const r = await newRitual();
			expect(await pushOne(db, w.host, 'ritual.create@1', r)).toEqual(
				rejected('conflict', 'ritual exists')
			);
		});
	});

	describe('ritual.update@1', () => {
		test('changes the details, keeps the schedule; the same details again write nothing', async () => {
			const r = await newRitual();
			const before = await ritualRow(r.ritualId);
			const update = rargs.update(w.space, r.ritualId, { leadUserId: w.other });
			expect(await pushOne(db, w.host, 'ritual.update@1', update)).toEqual(ok);
			const after = await ritualRow(r.ritualId);
			expect(after).toMatchObject({
				kind: 'afterwork',
				title: 'Apéro du jeudi',
				place: 'Terrasse',
				duration_minutes: 90,
				capacity: 20,
				roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }],
				lead_user_id: w.other,
				rrule: before!.rrule,
				starts_at: before!.starts_at
			});
			expect(await pushOne(db, w.host, 'ritual.update@1', update)).toEqual(ok);
			expect((await ritualRow(r.ritualId))!.version).toBe(after!.version);
		});

		test('refused: unknown ritual (or another space’s), unknown lead', async () => {
			const b = await world(db, 'Ailleurs');
			const theirs = rargs.ritual(b.space);
			await pushOne(db, b.host, 'ritual.create@1', theirs);
			const r = await newRitual();
			expect(await pushOne(db, w.host, 'ritual.update@1', rargs.update(w.space, uuid()))).toEqual(
				rejected('not_found', 'ritual')
			);
			expect(
				await pushOne(db, w.host, 'ritual.update@1', rargs.update(w.space, theirs.ritualId))
			).toEqual(rejected('not_found', 'ritual'));
			expect(
				await pushOne(
					db,
					w.host,
					'ritual.update@1',
					rargs.update(w.space, r.ritualId, { leadUserId: b.member })
				)
			).toEqual(rejected('not_found', 'lead'));
		});
	});

	describe('ritual.split@1', () => {
		test('ends the series before `from`, creates the next one, and moves what is from `from` on', async () => {
			const r = await newRitual();
			const [before, from, after] = [dayAt(7), dayAt(14), dayAt(21)];
			const signups = [before, from, after].map((occurrence) =>
				rargs.signup(w.space, r.ritualId, occurrence, { roleKey: 'cooking' })
			);
			for (const s of signups)
				expect(await pushOne(db, w.member, 'signup.create@1', s)).toEqual(ok);
			const changes = [before, after].map((occurrence) =>
				rargs.change(w.space, r.ritualId, occurrence, { cancelled: false, place: 'Jardin' })
			);
			for (const c of changes)
				expect(await pushOne(db, w.host, 'occurrence.change@1', c)).toEqual(ok);
			const ranks = await db.query<{ id: string; rank: string; version: string }>(
				'select id, rank, version from public.signups where ritual_id = $1 order by rank',
				[r.ritualId]
			);

			const split = rargs.split(w.space, r.ritualId, from, { leadUserId: w.other });
			expect(await pushOne(db, w.host, 'ritual.split@1', split)).toEqual(ok);

			expect(await ritualRow(r.ritualId)).toMatchObject({
				ends_before: new Date(`${from}:00`),
				end_message: 'On passe au vendredi.',
				continued_by: split.newRitualId
			});
			expect(await ritualRow(split.newRitualId)).toMatchObject({
				title: 'Déjeuner du vendredi',
				rrule: 'FREQ=WEEKLY;BYDAY=FR',
				starts_at: new Date(`${from}:00`),
				lead_user_id: w.other,
				ends_before: null,
				continued_by: null,
				created_by: w.host
			});
			const moved = await db.query<{
				id: string;
				ritual_id: string;
				rank: string;
				version: string;
			}>(
				'select id, ritual_id, rank, version from public.signups where id = any($1) order by rank',
				[signups.map((s) => s.signupId)]
			);
			expect(moved.rows.map((s) => s.ritual_id)).toEqual([
				r.ritualId,
				split.newRitualId,
				split.newRitualId
			]);
			// Places are kept (same ranks); the moved rows get new versions, so devices receive them.
			expect(moved.rows.map((s) => s.rank)).toEqual(ranks.rows.map((s) => s.rank));
			expect(Number(moved.rows[1]!.version)).toBeGreaterThan(Number(ranks.rows[1]!.version));
			expect(moved.rows[0]!.version).toBe(ranks.rows[0]!.version);
			const changeRows = await db.query<{ ritual_id: string }>(
				'select ritual_id from public.occurrence_changes where id = any($1) order by occurrence',
				[changes.map((c) => c.changeId)]
			);
			expect(changeRows.rows.map((c) => c.ritual_id)).toEqual([r.ritualId, split.newRitualId]);

			// A sign-up sent later to the old series, for an occurrence from `from` on, lands on the
			// new one; before `from`, it stays on the old one.
			const late = rargs.signup(w.space, r.ritualId, dayAt(28));
			const early = rargs.signup(w.space, r.ritualId, before);
			expect(await pushOne(db, w.other, 'signup.create@1', late)).toEqual(ok);
			expect(await pushOne(db, w.other, 'signup.create@1', early)).toEqual(ok);
			expect((await signupRow(late.signupId))!.ritual_id).toBe(split.newRitualId);
			expect((await signupRow(early.signupId))!.ritual_id).toBe(r.ritualId);
			// The member's own sign-up, moved, still counts as theirs on the new series.
			expect(
				await pushOne(db, w.member, 'signup.create@1', rargs.signup(w.space, r.ritualId, after))
			).toEqual(rejected('conflict', 'already signed up'));
		});

		test('attendance of occurrences from `from` on moves with the split', async () => {
			const r = await newRitual();
			const [first, second] = [SERIES_START, '2026-12-03T12:30'];
			for (const occurrence of [first, second]) {
				expect(
					await pushOne(
						db,
						w.host,
						'attendance.mark@1',
						rargs.mark(w.space, r.ritualId, occurrence, [{ userId: w.member }])
					)
				).toEqual(ok);
			}
			const split = rargs.split(w.space, r.ritualId, second);
			expect(await pushOne(db, w.host, 'ritual.split@1', split)).toEqual(ok);
			const rows = await db.query<{ occurrence: string; ritual_id: string }>(
				`select to_char(occurrence, 'YYYY-MM-DD"T"HH24:MI') as occurrence, ritual_id
				from public.attendance where user_id = $1 and ritual_id = any($2) order by occurrence`,
				[w.member, [r.ritualId, split.newRitualId]]
			);
			expect(rows.rows).toEqual([
				{ occurrence: first, ritual_id: r.ritualId },
				{ occurrence: second, ritual_id: split.newRitualId }
			]);
		});

		test('a proposal’s series stays linked to its proposal after a split', async () => {
			const proposal = rargs.proposal(w.space, { startsAt: SERIES_START });
			await pushOne(db, w.member, 'proposal.create@1', proposal);
			const accept = rargs.accept(w.space, proposal.proposalId, { startsAt: SERIES_START });
			expect(await pushOne(db, w.host, 'proposal.accept@1', accept)).toEqual(ok);
			const split = rargs.split(w.space, accept.ritualId, dayAt(7, '12:30'));
			expect(await pushOne(db, w.host, 'ritual.split@1', split)).toEqual(ok);
			expect((await ritualRow(split.newRitualId))!.proposal_id).toBe(proposal.proposalId);
		});

		test('refused: unknown ritual, `from` outside the series, a reused id, an unknown lead, a start before the split', async () => {
			const r = await newRitual();
			const from = dayAt(14);
			const cases: [Record<string, unknown>, string, string][] = [
				[{ ritualId: uuid() }, 'not_found', 'ritual'],
				[
					{ from: dayAt(14, '12:31'), startsAt: dayAt(14, '12:31') },
					'invalid_args',
					'from: outside the series'
				],
				[
					{ from: '2026-11-19T12:30', startsAt: '2026-11-19T12:30' },
					'invalid_args',
					'from: outside the series'
				],
				[{ newRitualId: r.ritualId }, 'conflict', 'ritual exists'],
				[{ leadUserId: w.stranger }, 'not_found', 'lead'],
				[{ startsAt: dayAt(13) }, 'invalid_args', 'startsAt: starts before the split'],
				[{ rrule: 'FREQ=YEARLY' }, 'invalid_args', 'rrule: unsupported']
			];
			for (const [o, code, detail] of cases) {
				expect(
					await pushOne(db, w.host, 'ritual.split@1', rargs.split(w.space, r.ritualId, from, o))
				).toEqual(rejected(code, detail));
			}
			// After a split, the old series ends at `from`: a later split point is outside it.
			expect(
				await pushOne(db, w.host, 'ritual.split@1', rargs.split(w.space, r.ritualId, from))
			).toEqual(ok);
			expect(
				await pushOne(db, w.host, 'ritual.split@1', rargs.split(w.space, r.ritualId, dayAt(21)))
			).toEqual(rejected('invalid_args', 'from: outside the series'));
			expect(await ritualRow(r.ritualId)).toMatchObject({ ends_before: new Date(`${from}:00`) });
		});
	});

	describe('ritual.end@1', () => {
		test('ends the series from an occurrence on; `from: null` reopens it', async () => {
			const r = await newRitual();
			const from = dayAt(14);
			expect(
				await pushOne(db, w.host, 'ritual.end@1', rargs.end(w.space, r.ritualId, from))
			).toEqual(ok);
			expect(await ritualRow(r.ritualId)).toMatchObject({
				ends_before: new Date(`${from}:00`),
				end_message: 'Fin de la saison.'
			});
			// Occurrences from then on are no longer the series'.
			expect(
				await pushOne(db, w.member, 'signup.create@1', rargs.signup(w.space, r.ritualId, dayAt(21)))
			).toEqual(rejected('not_found', 'occurrence'));
			expect(
				await pushOne(db, w.member, 'signup.create@1', rargs.signup(w.space, r.ritualId, dayAt(7)))
			).toEqual(ok);
			expect(
				await pushOne(
					db,
					w.host,
					'ritual.end@1',
					rargs.end(w.space, r.ritualId, null, { message: '' })
				)
			).toEqual(ok);
			expect(await ritualRow(r.ritualId)).toMatchObject({ ends_before: null, end_message: '' });
			expect(
				await pushOne(db, w.member, 'signup.create@1', rargs.signup(w.space, r.ritualId, dayAt(21)))
			).toEqual(ok);
		});

		test('refused: unknown ritual; reopening a series a split continued', async () => {
			const r = await newRitual();
			expect(
				await pushOne(db, w.host, 'ritual.end@1', rargs.end(w.space, uuid(), dayAt(7)))
			).toEqual(rejected('not_found', 'ritual'));
			await pushOne(db, w.host, 'ritual.split@1', rargs.split(w.space, r.ritualId, dayAt(14)));
			expect(
				await pushOne(db, w.host, 'ritual.end@1', rargs.end(w.space, r.ritualId, null))
			).toEqual(rejected('conflict', 'continued'));
			expect(await ritualRow(r.ritualId)).toMatchObject({
				ends_before: new Date(`${dayAt(14)}:00`)
			});
		});
	});

	describe('occurrence.change@1', () => {
		test('one row per occurrence, its id kept; cancelling refuses sign-ups; restoring allows them', async () => {
			const r = await newRitual();
			const occurrence = dayAt(7);
			const first = rargs.change(w.space, r.ritualId, occurrence);
			expect(await pushOne(db, w.host, 'occurrence.change@1', first)).toEqual(ok);
			expect(
				await one(db, 'select * from public.occurrence_changes where id = $1', [first.changeId])
			).toMatchObject({
				ritual_id: r.ritualId,
				cancelled: true,
				starts_at: null,
				message: 'Cuisine en travaux.',
				changed_by: w.host
			});
			expect(
				await pushOne(
					db,
					w.member,
					'signup.create@1',
					rargs.signup(w.space, r.ritualId, occurrence)
				)
			).toEqual(rejected('conflict', 'cancelled'));

			// Restored, moved by an hour and relocated, under another change id: the same row.
			const again = rargs.change(w.space, r.ritualId, occurrence, {
				cancelled: false,
				startsAt: dayAt(7, '13:30'),
				durationMinutes: 90,
				place: ' Jardin ',
				message: 'Finalement dehors.'
			});
			expect(await pushOne(db, w.host, 'occurrence.change@1', again)).toEqual(ok);
			const rows = await db.query(
				'select id, cancelled, starts_at, duration_minutes, place from public.occurrence_changes where ritual_id = $1',
				[r.ritualId]
			);
			expect(rows.rows).toEqual([
				{
					id: first.changeId,
					cancelled: false,
					starts_at: new Date(`${dayAt(7, '13:30')}:00`),
					duration_minutes: 90,
					place: 'Jardin'
				}
			]);
			expect(
				await pushOne(
					db,
					w.member,
					'signup.create@1',
					rargs.signup(w.space, r.ritualId, occurrence)
				)
			).toEqual(ok);
		});

		test('a change that moves the occurrence into the past makes it too late to sign up', async () => {
			const r = await newRitual();
			const occurrence = dayAt(7);
			await pushOne(
				db,
				w.host,
				'occurrence.change@1',
				rargs.change(w.space, r.ritualId, occurrence, { cancelled: false, startsAt: dayAt(-1) })
			);
			expect(
				await pushOne(
					db,
					w.member,
					'signup.create@1',
					rargs.signup(w.space, r.ritualId, occurrence)
				)
			).toEqual(rejected('forbidden', 'too_late'));
		});

		test('refused: unknown ritual, an occurrence the series does not have', async () => {
			const r = await newRitual();
			expect(
				await pushOne(db, w.host, 'occurrence.change@1', rargs.change(w.space, uuid(), dayAt(7)))
			).toEqual(rejected('not_found', 'ritual'));
			for (const occurrence of [dayAt(7, '13:00'), '2026-11-19T12:30']) {
				expect(
					await pushOne(
						db,
						w.host,
						'occurrence.change@1',
						rargs.change(w.space, r.ritualId, occurrence)
					)
				).toEqual(rejected('not_found', 'occurrence'));
			}
			expect(await count(db, 'public.occurrence_changes where ritual_id = $1', [r.ritualId])).toBe(
				0
			);
		});
	});

	describe('signup.create@1', () => {
		test('the actor’s sign-up, ranked by the version of its insert', async () => {
			const r = await newRitual();
			const s = rargs.signup(w.space, r.ritualId, dayAt(7), {
				roleKey: 'dessert',
				note: ' Crumble '
			});
			expect(await pushOne(db, w.member, 'signup.create@1', s)).toEqual(ok);
			const row = await signupRow(s.signupId);
			expect(row).toMatchObject({
				user_id: w.member,
				ritual_id: r.ritualId,
				role_key: 'dessert',
				note: 'Crumble',
				cancelled: false,
				created_at: new Date(s.at)
			});
			expect(row!.rank).toBe(row!.version);
			expect(row!.role_rank).toBe(row!.version);
		});

		test('refused in the order of the table: ritual, occurrence, cancelled, too late, role, twice', async () => {
			const { ritual: r, started, tomorrow } = await ritualAroundNow({ capacity: null });
			const cancelled = dayAt(7, tomorrow.slice(11));
			await pushOne(
				db,
				w.host,
				'occurrence.change@1',
				rargs.change(w.space, r.ritualId, cancelled)
			);
			const cases: [string, Record<string, unknown>, string, string][] = [
				[uuid(), {}, 'not_found', 'ritual'],
				[r.ritualId, { occurrence: `${tomorrow.slice(0, 10)}T00:01` }, 'not_found', 'occurrence'],
				[r.ritualId, { occurrence: daysBefore(started, 21) }, 'not_found', 'occurrence'],
				[r.ritualId, { occurrence: cancelled, roleKey: 'dj' }, 'conflict', 'cancelled'],
				[r.ritualId, { occurrence: started, roleKey: 'dj' }, 'forbidden', 'too_late'],
				// A device clock in the future does not help: `at` is clamped to the server's time.
				[r.ritualId, { occurrence: started, at: isoAgo(-24 * 60) }, 'forbidden', 'too_late'],
				[r.ritualId, { roleKey: 'dj' }, 'invalid_args', 'roleKey: unknown role']
			];
			for (const [ritualId, o, code, detail] of cases) {
				expect(
					await pushOne(
						db,
						w.member,
						'signup.create@1',
						rargs.signup(w.space, ritualId, tomorrow, o)
					)
				).toEqual(rejected(code, detail));
			}
			const first = rargs.signup(w.space, r.ritualId, tomorrow);
			expect(await pushOne(db, w.member, 'signup.create@1', first)).toEqual(ok);
			expect(await pushOne(db, w.member, 'signup.create@1', first)).toEqual(
				rejected('conflict', 'signup exists')
			);
			expect(
				await pushOne(db, w.member, 'signup.create@1', rargs.signup(w.space, r.ritualId, tomorrow))
			).toEqual(rejected('conflict', 'already signed up'));
			// Once cancelled, a new sign-up is a new request, at the back of the line.
			await pushOne(db, w.member, 'signup.cancel@1', rargs.cancel(w.space, first.signupId));
			const again = rargs.signup(w.space, r.ritualId, tomorrow);
			expect(await pushOne(db, w.member, 'signup.create@1', again)).toEqual(ok);
			expect(Number((await signupRow(again.signupId))!.rank)).toBeGreaterThan(
				Number((await signupRow(first.signupId))!.rank)
			);
		});

		test('a sign-up made offline before the start counts, even if it arrives after', async () => {
			const { ritual: r, started } = await ritualAroundNow();
			const s = rargs.signup(w.space, r.ritualId, started, { at: isoAgo(90) });
			expect(await pushOne(db, w.other, 'signup.create@1', s)).toEqual(ok);
		});

		test('the database holds one active sign-up per member and occurrence, whatever writes it', async () => {
			const r = await newRitual();
			const s = rargs.signup(w.space, r.ritualId, dayAt(7));
			await pushOne(db, w.member, 'signup.create@1', s);
			await expect(
				db.query(
					`insert into public.signups (id, space_id, ritual_id, occurrence, user_id, created_at)
					values ($1, $2, $3, $4, $5, now())`,
					[uuid(), w.space, r.ritualId, dayAt(7), w.member]
				)
			).rejects.toMatchObject({ code: '23505' });
		});
	});

	describe('signup.update@1', () => {
		test('a new role queues anew for its slots, the place stays; a new note keeps both', async () => {
			const r = await newRitual();
			const s = rargs.signup(w.space, r.ritualId, dayAt(7), { roleKey: 'cooking' });
			await pushOne(db, w.member, 'signup.create@1', s);
			const before = await signupRow(s.signupId);
			expect(
				await pushOne(db, w.member, 'signup.update@1', rargs.signupUpdate(w.space, s.signupId))
			).toEqual(ok);
			const moved = await signupRow(s.signupId);
			expect(moved).toMatchObject({
				role_key: 'dessert',
				note: 'Tarte aux pommes',
				rank: before!.rank
			});
			expect(Number(moved!.role_rank)).toBeGreaterThan(Number(before!.role_rank));
			expect(moved!.role_rank).toBe(moved!.version);
			expect(
				await pushOne(
					db,
					w.member,
					'signup.update@1',
					rargs.signupUpdate(w.space, s.signupId, { note: 'Tarte aux poires' })
				)
			).toEqual(ok);
			const noted = await signupRow(s.signupId);
			expect(noted).toMatchObject({
				note: 'Tarte aux poires',
				rank: before!.rank,
				role_rank: moved!.role_rank
			});
			// The same again: nothing written.
			await pushOne(
				db,
				w.member,
				'signup.update@1',
				rargs.signupUpdate(w.space, s.signupId, { note: 'Tarte aux poires' })
			);
			expect((await signupRow(s.signupId))!.version).toBe(noted!.version);
		});

		test('refused: unknown, someone else’s, cancelled (sign-up or occurrence), started, unknown role', async () => {
			const r = await newRitual();
			const mine = rargs.signup(w.space, r.ritualId, dayAt(7));
			const cancelledOne = rargs.signup(w.space, r.ritualId, dayAt(14));
			const offOccurrence = rargs.signup(w.space, r.ritualId, dayAt(21));
			for (const s of [mine, cancelledOne, offOccurrence])
				await pushOne(db, w.member, 'signup.create@1', s);
			await pushOne(db, w.member, 'signup.cancel@1', rargs.cancel(w.space, cancelledOne.signupId));
			await pushOne(
				db,
				w.host,
				'occurrence.change@1',
				rargs.change(w.space, r.ritualId, dayAt(21))
			);
			const { ritual: soon, started } = await ritualAroundNow();
			const begun = rargs.signup(w.space, soon.ritualId, started, { at: isoAgo(90) });
			await pushOne(db, w.member, 'signup.create@1', begun);
			const cases: [string, string, Record<string, unknown>, string, string][] = [
				[w.member, uuid(), {}, 'not_found', 'signup'],
				[w.other, mine.signupId, {}, 'forbidden', 'not your signup'],
				[w.host, mine.signupId, {}, 'forbidden', 'not your signup'],
				[w.member, cancelledOne.signupId, {}, 'conflict', 'cancelled'],
				[w.member, offOccurrence.signupId, {}, 'conflict', 'cancelled'],
				[w.member, begun.signupId, {}, 'forbidden', 'too_late'],
				[w.member, mine.signupId, { roleKey: 'dj' }, 'invalid_args', 'roleKey: unknown role']
			];
			for (const [actor, signupId, o, code, detail] of cases) {
				expect(
					await pushOne(db, actor, 'signup.update@1', rargs.signupUpdate(w.space, signupId, o))
				).toEqual(rejected(code, detail));
			}
			expect(await signupRow(mine.signupId)).toMatchObject({ role_key: null, note: '' });
		});
	});

	describe('signup.cancel@1', () => {
		test('until the start, judged by the device’s time of the cancellation', async () => {
			const r = await newRitual();
			const s = rargs.signup(w.space, r.ritualId, dayAt(7));
			await pushOne(db, w.member, 'signup.create@1', s);
			// Without `at` (older clients): the server's time.
			expect(
				await pushOne(db, w.member, 'signup.cancel@1', { spaceId: w.space, signupId: s.signupId })
			).toEqual(ok);
			const cancelled = await signupRow(s.signupId);
			expect(cancelled!.cancelled).toBe(true);
			// Twice: nothing written.
			expect(
				await pushOne(db, w.member, 'signup.cancel@1', rargs.cancel(w.space, s.signupId))
			).toEqual(ok);
			expect((await signupRow(s.signupId))!.version).toBe(cancelled!.version);

			const { ritual: soon, started } = await ritualAroundNow();
			const offline = rargs.signup(w.space, soon.ritualId, started, { at: isoAgo(120) });
			const late = rargs.signup(w.space, soon.ritualId, started, { at: isoAgo(120) });
			await pushOne(db, w.member, 'signup.create@1', offline);
			await pushOne(db, w.other, 'signup.create@1', late);
			// Cancelled offline before the start, received after: it counts.
			expect(
				await pushOne(
					db,
					w.member,
					'signup.cancel@1',
					rargs.cancel(w.space, offline.signupId, { at: isoAgo(70) })
				)
			).toEqual(ok);
			// Cancelled after the start: too late, and nothing changes.
			expect(
				await pushOne(db, w.other, 'signup.cancel@1', rargs.cancel(w.space, late.signupId))
			).toEqual(rejected('forbidden', 'too_late'));
			expect(
				await pushOne(db, w.other, 'signup.cancel@1', { spaceId: w.space, signupId: late.signupId })
			).toEqual(rejected('forbidden', 'too_late'));
			expect((await signupRow(late.signupId))!.cancelled).toBe(false);
		});

		test('refused: unknown, someone else’s (a host’s too)', async () => {
			const r = await newRitual();
			const s = rargs.signup(w.space, r.ritualId, dayAt(7));
			await pushOne(db, w.member, 'signup.create@1', s);
			expect(await pushOne(db, w.member, 'signup.cancel@1', rargs.cancel(w.space, uuid()))).toEqual(
				rejected('not_found', 'signup')
			);
			for (const actor of [w.other, w.host]) {
				expect(
					await pushOne(db, actor, 'signup.cancel@1', rargs.cancel(w.space, s.signupId))
				).toEqual(rejected('forbidden', 'not your signup'));
			}
			expect((await signupRow(s.signupId))!.cancelled).toBe(false);
		});
	});

	describe('proposals', () => {
		const proposalRow = (id: string) =>
			one(db, 'select * from public.proposals where id = $1', [id]);

		test('a member proposes; the proposer is the actor; an id once', async () => {
			const p = rargs.proposal(w.space);
			expect(await pushOne(db, w.member, 'proposal.create@1', p)).toEqual(ok);
			expect(await proposalRow(p.proposalId)).toMatchObject({
				user_id: w.member,
				kind: 'workshop',
				title: 'Atelier vélo',
				rrule: 'FREQ=MONTHLY;BYDAY=1SA',
				roles: [{ key: 'facilitate', label: 'Animer', slots: 1, animates: true }],
				will_lead: true,
				status: 'open',
				response: '',
				ritual_id: null,
				created_at: new Date(p.at),
				decided_at: null
			});
			expect(await pushOne(db, w.other, 'proposal.create@1', p)).toEqual(
				rejected('conflict', 'proposal exists')
			);
			expect(
				await pushOne(
					db,
					w.member,
					'proposal.create@1',
					rargs.proposal(w.space, { rrule: 'FREQ=YEARLY' })
				)
			).toEqual(rejected('invalid_args', 'rrule: unsupported'));
			expect(
				await pushOne(db, w.member, 'proposal.create@1', rargs.proposal(w.space, { capacity: 5 }))
			).toEqual(rejected('invalid_args', 'capacity: unknown key'));
		});

		test('withdraw: the proposer, while open', async () => {
			const p = rargs.proposal(w.space);
			await pushOne(db, w.member, 'proposal.create@1', p);
			const withdraw = { spaceId: w.space, proposalId: p.proposalId };
			expect(await pushOne(db, w.other, 'proposal.withdraw@1', withdraw)).toEqual(
				rejected('forbidden', 'not your proposal')
			);
			expect(await pushOne(db, w.host, 'proposal.withdraw@1', withdraw)).toEqual(
				rejected('forbidden', 'not your proposal')
			);
			expect(
				await pushOne(db, w.member, 'proposal.withdraw@1', { ...withdraw, proposalId: uuid() })
			).toEqual(rejected('not_found', 'proposal'));
			expect(await pushOne(db, w.member, 'proposal.withdraw@1', withdraw)).toEqual(ok);
			expect(await proposalRow(p.proposalId)).toMatchObject({ status: 'withdrawn' });
			expect(await pushOne(db, w.member, 'proposal.withdraw@1', withdraw)).toEqual(
				rejected('conflict', 'decided')
			);
			expect(
				await pushOne(db, w.host, 'proposal.accept@1', rargs.accept(w.space, p.proposalId))
			).toEqual(rejected('conflict', 'decided'));
		});

		test('accept: a series with the host’s details, led by the proposer, linked to the proposal', async () => {
			const p = rargs.proposal(w.space);
			await pushOne(db, w.member, 'proposal.create@1', p);
			const accept = rargs.accept(w.space, p.proposalId, {
				title: 'Atelier réparation vélo',
				capacity: 8
			});
			expect(await pushOne(db, w.host, 'proposal.accept@1', accept)).toEqual(ok);
			expect(await ritualRow(accept.ritualId)).toMatchObject({
				title: 'Atelier réparation vélo',
				capacity: 8,
				lead_user_id: w.member,
				proposal_id: p.proposalId,
				created_by: w.host
			});
			expect(await proposalRow(p.proposalId)).toMatchObject({
				status: 'accepted',
				response: 'Avec plaisir !',
				ritual_id: accept.ritualId,
				decided_by: w.host
			});
			expect((await proposalRow(p.proposalId))!.decided_at).toBeInstanceOf(Date);
			expect(
				await pushOne(db, w.host, 'proposal.accept@1', rargs.accept(w.space, p.proposalId))
			).toEqual(rejected('conflict', 'decided'));
			expect(
				await pushOne(db, w.member, 'proposal.withdraw@1', {
					spaceId: w.space,
					proposalId: p.proposalId
				})
			).toEqual(rejected('conflict', 'decided'));
		});

		test('accept: without “I will lead it”, no lead; refused for an unknown proposal or a reused ritual id', async () => {
			const p = rargs.proposal(w.space, { willLead: false });
			await pushOne(db, w.member, 'proposal.create@1', p);
			const existing = await newRitual();
			expect(await pushOne(db, w.host, 'proposal.accept@1', rargs.accept(w.space, uuid()))).toEqual(
				rejected('not_found', 'proposal')
			);
			expect(
				await pushOne(
					db,
					w.host,
					'proposal.accept@1',
					rargs.accept(w.space, p.proposalId, { ritualId: existing.ritualId })
				)
			).toEqual(rejected('conflict', 'ritual exists'));
			expect(await proposalRow(p.proposalId)).toMatchObject({ status: 'open' });
			const accept = rargs.accept(w.space, p.proposalId);
			expect(await pushOne(db, w.host, 'proposal.accept@1', accept)).toEqual(ok);
			expect((await ritualRow(accept.ritualId))!.lead_user_id).toBeNull();
		});

		test('decline: with a reason, once', async () => {
			const p = rargs.proposal(w.space);
			await pushOne(db, w.member, 'proposal.create@1', p);
			expect(
				await pushOne(
					db,
					w.host,
					'proposal.decline@1',
					rargs.decline(w.space, p.proposalId, { message: '  ' })
				)
			).toEqual(rejected('invalid_args', 'message: empty'));
			expect(
				await pushOne(db, w.host, 'proposal.decline@1', rargs.decline(w.space, uuid()))
			).toEqual(rejected('not_found', 'proposal'));
			expect(
				await pushOne(db, w.host, 'proposal.decline@1', rargs.decline(w.space, p.proposalId))
			).toEqual(ok);
			expect(await proposalRow(p.proposalId)).toMatchObject({
				status: 'declined',
				response: 'Pas ce mois-ci.',
				decided_by: w.host,
				ritual_id: null
			});
			expect(
				await pushOne(db, w.host, 'proposal.decline@1', rargs.decline(w.space, p.proposalId))
			).toEqual(rejected('conflict', 'decided'));
		});
	});

	describe('attendance.mark@1', () => {
		const marks = (ritualId: string, occurrence: string) =>
			db
				.query(
					`select id, user_id, part, role_key, deleted, marked_by from public.attendance
					where ritual_id = $1 and occurrence = $2 order by user_id`,
					[ritualId, occurrence]
				)
				.then((r) => r.rows);

		test('the whole list at once: ids kept, people left out unmarked, brought back with their id', async () => {
			const r = await newRitual();
			const first = rargs.mark(w.space, r.ritualId, SERIES_START, [
				{ userId: w.member, part: 'contributed', roleKey: 'dessert' },
				{ userId: w.other, part: 'led' }
			]);
			expect(await pushOne(db, w.host, 'attendance.mark@1', first)).toEqual(ok);
			const ids = Object.fromEntries(first.entries.map((e) => [e.userId, e.attendanceId]));
			const expected = (userId: string, o: Record<string, unknown>) => ({
				id: ids[userId],
				user_id: userId,
				marked_by: w.host,
				deleted: false,
				role_key: null,
				...o
			});
			const sorted = (rows: Record<string, unknown>[]) =>
				rows.sort((a, b) => String(a.user_id).localeCompare(String(b.user_id)));
			expect(await marks(r.ritualId, SERIES_START)).toEqual(
				sorted([
					expected(w.member, { part: 'contributed', role_key: 'dessert' }),
					expected(w.other, { part: 'led' })
				])
			);
			// Again with new ids for the same people, and without `other`.
			const second = rargs.mark(w.space, r.ritualId, SERIES_START, [
				{ userId: w.member, part: 'coanimated', roleKey: 'cooking' }
			]);
			expect(await pushOne(db, w.host, 'attendance.mark@1', second)).toEqual(ok);
			expect(await marks(r.ritualId, SERIES_START)).toEqual(
				sorted([
					expected(w.member, { part: 'coanimated', role_key: 'cooking' }),
					expected(w.other, { part: 'led', deleted: true })
				])
			);
			const third = rargs.mark(w.space, r.ritualId, SERIES_START, [
				{ userId: w.member, part: 'coanimated', roleKey: 'cooking' },
				{ userId: w.other }
			]);
			expect(await pushOne(db, w.host, 'attendance.mark@1', third)).toEqual(ok);
			expect(await marks(r.ritualId, SERIES_START)).toEqual(
				sorted([
					expected(w.member, { part: 'coanimated', role_key: 'cooking' }),
					expected(w.other, { part: 'attended' })
				])
			);
			// An empty list unmarks everyone.
			expect(
				await pushOne(
					db,
					w.host,
					'attendance.mark@1',
					rargs.mark(w.space, r.ritualId, SERIES_START, [])
				)
			).toEqual(ok);
			expect((await marks(r.ritualId, SERIES_START)).every((row) => row.deleted)).toBe(true);
		});

		test('refused: unknown ritual or occurrence, not started, not a member, unknown role, twice the same person, a reused id', async () => {
			const r = await newRitual();
			const other = await newRitual();
			const used = rargs.mark(w.space, other.ritualId, SERIES_START, [{ userId: w.member }]);
			await pushOne(db, w.host, 'attendance.mark@1', used);
			const people = [{ userId: w.member }];
			const cases: [unknown, string, string][] = [
				[rargs.mark(w.space, uuid(), SERIES_START, people), 'not_found', 'ritual'],
				[rargs.mark(w.space, r.ritualId, '2026-11-26T12:00', people), 'not_found', 'occurrence'],
				[rargs.mark(w.space, r.ritualId, dayAt(7), people), 'forbidden', 'not_started'],
				[
					rargs.mark(w.space, r.ritualId, SERIES_START, [
						{ userId: w.member },
						{ userId: w.stranger }
					]),
					'not_found',
					'member'
				],
				[
					rargs.mark(w.space, r.ritualId, SERIES_START, [
						{ userId: w.member },
						{ userId: w.other, roleKey: 'dj' }
					]),
					'invalid_args',
					'entries.1.roleKey: unknown role'
				],
				[
					rargs.mark(w.space, r.ritualId, SERIES_START, [
						{ userId: w.member },
						{ userId: w.member }
					]),
					'invalid_args',
					'entries: a person appears twice'
				],
				[
					rargs.mark(w.space, r.ritualId, SERIES_START, [
						{ userId: w.member, attendanceId: used.entries[0]!.attendanceId }
					]),
					'conflict',
					'attendance exists'
				]
			];
			for (const [a, code, detail] of cases) {
				expect(await pushOne(db, w.host, 'attendance.mark@1', a)).toEqual(rejected(code, detail));
			}
			expect(await count(db, 'public.attendance where ritual_id = $1', [r.ritualId])).toBe(0);
		});

		test('an occurrence moved earlier counts as started from its new time', async () => {
			const r = await newRitual();
			const occurrence = dayAt(7);
			await pushOne(
				db,
				w.host,
				'occurrence.change@1',
				rargs.change(w.space, r.ritualId, occurrence, { cancelled: false, startsAt: dayAt(-1) })
			);
			expect(
				await pushOne(
					db,
					w.host,
					'attendance.mark@1',
					rargs.mark(w.space, r.ritualId, occurrence, [{ userId: w.member }])
				)
			).toEqual(ok);
		});
	});

	describe('space.vocabulary@1', () => {
		test('one row per space, replaced whole; roles with animates; the same again writes nothing', async () => {
			const v = await world(db, 'Vocabulaire');
			expect(await pushOne(db, v.host, 'space.vocabulary@1', rargs.vocabulary(v.space))).toEqual(
				ok
			);
			const row = await one(db, 'select * from public.vocabularies where space_id = $1', [v.space]);
			expect(row).toMatchObject({
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
				glossary: [{ term: 'Coloc', definition: 'Quelqu’un qui travaille ici chaque jour.' }],
				updated_by: v.host
			});
			await pushOne(db, v.host, 'space.vocabulary@1', rargs.vocabulary(v.space));
			expect(
				(await one(db, 'select version from public.vocabularies where space_id = $1', [v.space]))!
					.version
			).toBe(row!.version);
			expect(
				await pushOne(
					db,
					v.host,
					'space.vocabulary@1',
					rargs.vocabulary(v.space, { kinds: [], glossary: [] })
				)
			).toEqual(ok);
			expect(
				await one(db, 'select kinds, glossary from public.vocabularies where space_id = $1', [
					v.space
				])
			).toEqual({ kinds: [], glossary: [] });
		});

		test.each([
			[
				{
					kinds: [
						{ key: 'a', label: 'A', roles: [] },
						{ key: 'a', label: 'B', roles: [] }
					]
				},
				'kinds: a kind key appears twice'
			],
			[{ kinds: [{ key: 'Soupe', label: 'A', roles: [] }] }, 'kinds.0.key: not a key'],
			[
				{ kinds: [{ key: 'a', label: 'x'.repeat(41), roles: [] }] },
				'kinds.0.label: longer than 40'
			],
			[
				{
					kinds: [
						{
							key: 'a',
							label: 'A',
							roles: [
								{ key: 'r', label: 'R', slots: 1 },
								{ key: 'r', label: 'S', slots: 1 }
							]
						}
					]
				},
				'kinds.0.roles: a role key appears twice'
			],
			[
				{ glossary: Array.from({ length: 41 }, (_, i) => ({ term: `t${i}`, definition: 'd' })) },
				'glossary: more than 40'
			],
			[{ glossary: [{ term: 'T', definition: '' }] }, 'glossary.0.definition: empty']
		])('bad words are refused: %j', async (o, detail) => {
			expect(await pushOne(db, w.host, 'space.vocabulary@1', rargs.vocabulary(w.space, o))).toEqual(
				rejected('invalid_args', detail)
			);
		});
	});

	test('the purge takes old tombstones of the new tables and keeps rituals and proposals still referred to', async () => {
		const v = await world(db, 'Purge');
		const changed = rargs.ritual(v.space);
		const splitOne = rargs.ritual(v.space);
		const alone = rargs.ritual(v.space);
		const split = rargs.split(v.space, splitOne.ritualId, dayAt(14));
		const linked = rargs.proposal(v.space);
		const dropped = rargs.proposal(v.space);
		const accept = rargs.accept(v.space, linked.proposalId);
		await push(
			db,
			v.member,
			uuid(),
			batch(1, ['proposal.create@1', linked], ['proposal.create@1', dropped])
		);
		const answer = await push(
			db,
			v.host,
			uuid(),
			batch(
				1,
				['ritual.create@1', changed],
				['ritual.create@1', splitOne],
				['ritual.create@1', alone],
				['occurrence.change@1', rargs.change(v.space, changed.ritualId, dayAt(7))],
				['ritual.split@1', split],
				['proposal.accept@1', accept],
				[
					'attendance.mark@1',
					rargs.mark(v.space, changed.ritualId, SERIES_START, [{ userId: v.member }])
				],
				['attendance.mark@1', rargs.mark(v.space, changed.ritualId, SERIES_START, [])],
				['space.vocabulary@1', rargs.vocabulary(v.space)]
			)
		);
		expect(answer.results.map((a) => a.status)).toEqual(Array(9).fill('applied'));
		// Soft deletes (a host tool, a later mutation), old enough for the purge.
		await db.query('update public.rituals set deleted = true where id = any($1)', [
			[changed.ritualId, split.newRitualId, alone.ritualId]
		]);
		await db.query('update public.proposals set deleted = true where space_id = $1', [v.space]);
		await db.query('update public.vocabularies set deleted = true where space_id = $1', [v.space]);
		for (const table of ['rituals', 'proposals', 'vocabularies', 'attendance']) {
			await db.query(
				`update public.${table} set deleted_at = now() - interval '31 days'
				where space_id = $1 and deleted`,
				[v.space]
			);
		}
		const removedVersion = await db.query<{ version: string }>(
			`select max(version) as version from (
				select version from public.rituals where id = $2
				union all select version from public.proposals where id = $3
				union all select version from public.vocabularies where space_id = $1
				union all select version from public.attendance where space_id = $1
			) as v`,
			[v.space, alone.ritualId, dropped.proposalId]
		);
		await db.query(`select app_private.purge_deleted('30 days')`);
		// Four series were left: the two of the split, the accepted proposal's, the changed one.
		expect(await count(db, 'public.rituals where space_id = $1', [v.space])).toBe(4);
		expect(await count(db, 'public.rituals where id = $1', [alone.ritualId])).toBe(0);
		// Kept: referred to by an occurrence change, by the series it continues, by its proposal.
		for (const id of [changed.ritualId, split.newRitualId])
			expect(await count(db, 'public.rituals where id = $1', [id])).toBe(1);
		expect(await count(db, 'public.proposals where id = $1', [linked.proposalId])).toBe(1);
		expect(await count(db, 'public.proposals where id = $1', [dropped.proposalId])).toBe(0);
		expect(await count(db, 'public.vocabularies where space_id = $1', [v.space])).toBe(0);
		expect(await count(db, 'public.attendance where space_id = $1', [v.space])).toBe(0);
		const purged = await one(
			db,
			'select purged_through from app_private.space_versions where space_id = $1',
			[v.space]
		);
		expect(purged!.purged_through).toBe(removedVersion.rows[0]!.version);
	});

	test('bad input for the new mutations is refused invalid_args and changes nothing stored', async () => {
		const r = await newRitual();
		const s = rargs.signup(w.space, r.ritualId, dayAt(7));
		const p = rargs.proposal(w.space);
		await pushOne(db, w.member, 'signup.create@1', s);
		await pushOne(db, w.member, 'proposal.create@1', p);
		const snapshot = async () =>
			(
				await db.query(
					`select (select json_agg(t order by t.id) from public.rituals as t where t.space_id = $1) as rituals,
						(select json_agg(t order by t.id) from public.signups as t where t.space_id = $1) as signups,
						(select json_agg(t order by t.id) from public.proposals as t where t.space_id = $1) as proposals,
						(select json_agg(t order by t.id) from public.occurrence_changes as t where t.space_id = $1) as changes,
						(select json_agg(t order by t.id) from public.attendance as t where t.space_id = $1) as attendance,
						(select json_agg(t) from public.vocabularies as t where t.space_id = $1) as vocabularies,
						(select version from app_private.space_versions where space_id = $1) as version`,
					[w.space]
				)
			).rows[0];
		const before = await snapshot();
		const huge = 'x'.repeat(100_000);
		const hostBatch = batch(
			1,
			['ritual.create@1', rargs.ritual(w.space, { title: huge })],
			['ritual.create@1', rargs.ritual(w.space, { title: ' ' })],
			['ritual.update@1', rargs.update(w.space, r.ritualId, { capacity: -5 })],
			['ritual.update@1', rargs.update(w.space, r.ritualId, { rrule: 'FREQ=DAILY' })],
			[
				'ritual.split@1',
				rargs.split(w.space, r.ritualId, dayAt(14), { rrule: 'FREQ=DAILY;COUNT=1;UNTIL=20300101' })
			],
			['ritual.end@1', rargs.end(w.space, r.ritualId, '2026-12-10')],
			['occurrence.change@1', rargs.change(w.space, r.ritualId, dayAt(7), { durationMinutes: 4 })],
			['occurrence.change@1', rargs.change(w.space, r.ritualId, dayAt(7), { cancelled: 'yes' })],
			['proposal.accept@1', rargs.accept(w.space, p.proposalId, { roles: 'cooking' })],
			['proposal.decline@1', rargs.decline(w.space, p.proposalId, { message: huge })],
			[
				'attendance.mark@1',
				rargs.mark(w.space, r.ritualId, SERIES_START, [{ userId: w.member, part: 'cooked' }])
			],
			['space.vocabulary@1', rargs.vocabulary(w.space, { glossary: null })]
		);
		const hostAnswer = await push(db, w.host, uuid(), hostBatch);
		expect(hostAnswer.results).toEqual(hostBatch.map(() => rejected('invalid_args')));
		const memberBatch = batch(
			1,
			['signup.create@1', rargs.signup(w.space, r.ritualId, dayAt(14), { userId: w.other })],
			['signup.update@1', rargs.signupUpdate(w.space, s.signupId, { note: huge })],
			['signup.cancel@1', rargs.cancel(w.space, s.signupId, { at: null })],
			['proposal.create@1', rargs.proposal(w.space, { kind: 'Atelier' })],
			['proposal.withdraw@1', { spaceId: w.space, proposalId: 'P1' }]
		);
		const memberAnswer = await push(db, w.member, uuid(), memberBatch);
		expect(memberAnswer.results).toEqual(memberBatch.map(() => rejected('invalid_args')));
		expect(await snapshot()).toEqual(before);
	});
});
