import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import {
	changesOf,
	proposalsOf,
	ritualById,
	ritualsOf,
	ritualsPage,
	signupsBetween,
	signupsOfOccurrence,
	signupsOfUser,
	vocabularyOf
} from '$lib/db/rituals';
import { visitsBetween } from '$lib/db/visits';
import { contestsData } from '$lib/features/participation/participation-data';
import { seatsOf } from '$lib/domain/rituals/signups';
import {
	HOST,
	LUNCH,
	MEMBER,
	OTHER,
	RITUAL,
	SPACE,
	ritualArgs,
	signupArgs,
	spaceArgs,
	uuid,
	visit
} from '../builders';
import { applyMutation, applyMutations, freshDb, spaceWithMember } from './harness';

let db: CollectifDB;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const apply = (actorId: string, name: string, args: Record<string, unknown>) =>
	applyMutation(db, as(actorId, name, args), NOW);

beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
	await applyMutations(db, [
		as(HOST, 'membership.add@1', { userId: OTHER, displayName: 'Inès', role: 'member' }),
		as(HOST, 'ritual.create@1', ritualArgs())
	]);
	await acceptOutboxLocally(db);
});
afterEach(async () => {
	await db.delete();
});

describe('the demo authority ranks sign-ups as the server would', () => {
	it('in the order of the mutations that made them, after those it already ranked', async () => {
		await applyMutations(db, [as(HOST, 'signup.create@1', signupArgs({ signupId: uuid(800) }))], {
			now: NOW,
			mode: 'accepted'
		});
		// The other member's device time is earlier, but her sign-up reached the authority later.
		await apply(MEMBER, 'signup.create@1', signupArgs({ signupId: uuid(801) }));
		await apply(
			OTHER,
			'signup.create@1',
			signupArgs({ signupId: uuid(802), at: '2026-11-20T09:00:00.000Z' })
		);
		expect((await db.signups.get(uuid(802)))?.rank).toBeNull();
		expect(await acceptOutboxLocally(db)).toBe(2);
		const ranks = (await signupsOfOccurrence(db, RITUAL, LUNCH)).map((s) => [
			s.id,
			s.rank,
			s.roleRank
		]);
		expect(ranks.sort()).toEqual([
			[uuid(800), 1, 1],
			[uuid(801), 2, 2],
			[uuid(802), 3, 3]
		]);
		// Two places: the third waits.
		const seats = seatsOf(
			(await ritualById(db, RITUAL))!,
			await signupsOfOccurrence(db, RITUAL, LUNCH)
		);
		expect(seats.seats.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
	});

	it('a new role takes its turn when accepted; a place keeps its rank', async () => {
		await apply(MEMBER, 'signup.create@1', signupArgs({ roleKey: 'dessert' }));
		await acceptOutboxLocally(db);
		await apply(OTHER, 'signup.create@1', signupArgs({ signupId: uuid(801), roleKey: 'cooking' }));
		await apply(MEMBER, 'signup.update@1', { signupId: uuid(800), roleKey: 'cooking', note: '' });
		expect(await db.signups.get(uuid(800))).toMatchObject({ rank: 1, roleRank: null });
		await acceptOutboxLocally(db);
		expect(await db.signups.get(uuid(801))).toMatchObject({ rank: 2, roleRank: 2 });
		expect(await db.signups.get(uuid(800))).toMatchObject({ rank: 1, roleRank: 3 });
		// One cooking slot: the one who took the role first holds it.
		const seats = seatsOf(
			(await ritualById(db, RITUAL))!,
			await signupsOfOccurrence(db, RITUAL, LUNCH)
		);
		expect(seats.seats.map((s) => [s.signup.id, s.roleStatus])).toEqual([
			[uuid(800), 'over'],
			[uuid(801), 'filled']
		]);
	});
});

describe('the rituals screens’ queries', () => {
	it('sign-ups of a window of the space, both ends included, a bare end date for its whole day, cancelled ones too', async () => {
		await apply(MEMBER, 'signup.create@1', signupArgs());
		await apply(MEMBER, 'signup.cancel@1', { signupId: uuid(800) });
		await apply(
			OTHER,
			'signup.create@1',
			signupArgs({ signupId: uuid(801), occurrence: '2026-12-03T12:30' })
		);
		await apply(
			OTHER,
			'signup.create@1',
			signupArgs({ signupId: uuid(802), occurrence: '2026-12-10T12:30' })
		);
		const ids = async (from: string, to: string) =>
			(await signupsBetween(db, SPACE, from, to)).map((s) => s.id).sort();
		expect(await ids('2026-11-26', '2026-12-03')).toEqual([uuid(800), uuid(801)]);
		expect(await ids('2026-11-26T12:30', '2026-12-03T12:30')).toEqual([uuid(800), uuid(801)]);
		expect(await ids('2026-11-26T12:31', '2026-12-10')).toEqual([uuid(801), uuid(802)]);
		expect(await signupsBetween(db, uuid(55), '2026-01-01', '2027-01-01')).toEqual([]);
		expect((await signupsOfUser(db, SPACE, OTHER)).map((s) => s.id).sort()).toEqual([
			uuid(801),
			uuid(802)
		]);
		expect(await signupsOfOccurrence(db, RITUAL, LUNCH)).toMatchObject([
			{ id: uuid(800), cancelled: true }
		]);
	});

	it('a member’s sign-ups stay in their space', async () => {
		const second = uuid(60);
		await apply(MEMBER, 'space.create@1', spaceArgs({ spaceId: second, name: 'Atelier' }));
		await applyMutation(
			db,
			{
				actorId: MEMBER,
				name: 'ritual.create@1',
				args: ritualArgs({ spaceId: second, ritualId: uuid(702), leadUserId: null })
			},
			NOW
		);
		await applyMutation(
			db,
			{
				actorId: MEMBER,
				name: 'signup.create@1',
				args: signupArgs({ spaceId: second, ritualId: uuid(702), signupId: uuid(803) })
			},
			NOW
		);
		await apply(MEMBER, 'signup.create@1', signupArgs());
		expect((await signupsOfUser(db, SPACE, MEMBER)).map((s) => s.id)).toEqual([uuid(800)]);
		expect((await ritualsOf(db, second)).map((r) => r.id)).toEqual([uuid(702)]);
	});

	it('the rituals page: series, changes, the window’s sign-ups and the vocabulary, together', async () => {
		await apply(MEMBER, 'signup.create@1', signupArgs());
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: '2026-12-03T12:30',
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message: 'Congés'
		});
		const glossary = [{ term: 'La grande table', definition: 'Là où l’on mange.' }];
		await apply(HOST, 'space.vocabulary@1', { kinds: [], glossary });
		const page = await ritualsPage(db, SPACE, '2026-11-23', '2026-12-06');
		expect(page.rituals.map((r) => r.id)).toEqual([RITUAL]);
		expect(page.changes.map((c) => c.id)).toEqual([uuid(810)]);
		expect(page.signups.map((s) => s.id)).toEqual([uuid(800)]);
		expect(page.vocabulary?.glossary).toEqual(glossary);
		expect(await changesOf(db, SPACE)).toEqual(page.changes);
		expect(await vocabularyOf(db, SPACE)).toEqual(page.vocabulary);
		expect(await vocabularyOf(db, uuid(55))).toBeUndefined();
		const empty = await ritualsPage(db, uuid(55), '2026-11-23', '2026-12-06');
		expect(empty).toEqual({ rituals: [], changes: [], signups: [], vocabulary: undefined });
	});

	it('proposals newest first, attendance of the space', async () => {
		const idea = (n: number, at: string) =>
			apply(MEMBER, 'proposal.create@1', {
				proposalId: uuid(n),
				kind: 'meal',
				title: `Idée ${n}`,
				description: '',
				place: '',
				durationMinutes: 60,
				rrule: 'FREQ=DAILY;COUNT=1',
				startsAt: '2026-12-12T12:00',
				roles: [],
				willLead: false,
				at
			});
		await idea(1, '2026-11-20T09:00:00.000Z');
		await idea(2, '2026-11-22T09:00:00.000Z');
		expect((await proposalsOf(db, SPACE)).map((p) => p.title)).toEqual(['Idée 2', 'Idée 1']);
		await applyMutation(
			db,
			as(HOST, 'attendance.mark@1', {
				ritualId: RITUAL,
				occurrence: '2026-11-19T12:30',
				entries: [{ attendanceId: uuid(900), userId: MEMBER, part: 'attended', roleKey: null }]
			}),
			NOW
		);
		await applyMutation(
			db,
			as(MEMBER, 'participation.contest@1', {
				spaceId: SPACE,
				contestId: uuid(901),
				subject: `attendance:${uuid(900)}`,
				reason: 'Je n’y étais pas.',
				at: NOW.toISOString()
			}),
			NOW
		);
		// The hosts' contests page reads the rows the contests name, and only those.
		const data = await contestsData(db, SPACE);
		expect(data.contests.map((c) => c.id)).toEqual([uuid(901)]);
		expect(data.attendance.map((a) => a.id)).toEqual([uuid(900)]);
		expect(data.proposals).toEqual([]);
		expect((await contestsData(db, uuid(55))).attendance).toEqual([]);
	});

	it('visits that overlap a window: in at some point of it', async () => {
		const at = (hhmm: string) => `2026-11-26T${hhmm}:00.000Z`;
		await db.visits.bulkPut([
			visit({ id: uuid(1), startedAt: at('08:00'), endedAt: at('11:00') }), // left before
			visit({ id: uuid(2), startedAt: at('09:00'), endedAt: at('12:00') }), // there at the start
			visit({ id: uuid(3), startedAt: at('12:15'), endedAt: at('12:45') }), // within
			visit({ id: uuid(4), startedAt: at('10:00'), endedAt: null, userId: OTHER }), // still in
			visit({ id: uuid(5), startedAt: at('13:00'), endedAt: at('15:00') }), // came after
			visit({ id: uuid(6), startedAt: at('12:00'), endedAt: at('13:00'), spaceId: uuid(55) })
		]);
		const ids = (await visitsBetween(db, SPACE, at('11:30'), at('13:00'))).map((v) => v.id);
		expect(ids.sort()).toEqual([uuid(2), uuid(3), uuid(4)]);
	});
});
