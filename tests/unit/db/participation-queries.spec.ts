import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import {
	contestsOf,
	memberFacts,
	prefsOf,
	prefsOfSpace,
	settingsOf,
	welcomesOf
} from '$lib/db/participation';
import { compactFacts } from '$lib/domain/participation/compact';
import { configChangesFrom, defaultConfig } from '$lib/domain/participation/config';
import { memberActivitiesOf } from '$lib/domain/participation/member-mirror';
import { HOST, MEMBER, OTHER, SPACE, ritualArgs, rules, uuid } from '../builders';
import { applyMutations, freshDb, spaceWithMember } from './harness';

/** What the participation screens read (`src/lib/db/participation.ts`). */
let db: CollectifDB;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const RITUAL = uuid(700);
const GAMES = uuid(701);
const THIRD = uuid(15);

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const run = (requests: ReturnType<typeof as>[], now = NOW) =>
	applyMutations(db, requests, { now, mode: 'accepted' });

beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
	await run([
		as(HOST, 'membership.add@1', { userId: OTHER, displayName: 'Inès', role: 'member' }),
		as(HOST, 'membership.add@1', { userId: THIRD, displayName: 'Paul', role: 'member' }),
		as(HOST, 'ritual.create@1', ritualArgs({ ritualId: RITUAL, startsAt: '2026-10-01T12:30' }))
	]);
	await acceptOutboxLocally(db);
});
afterEach(async () => {
	await db.delete();
});

describe('switches, welcomes, contests and settings', () => {
	it('reads a member’s switches, and every member’s for hosts', async () => {
		expect(await prefsOf(db, SPACE, MEMBER)).toBeUndefined();
		await run([
			as(MEMBER, 'participation.prefs@1', { optedOut: false, happyToBeAsked: true }),
			as(OTHER, 'participation.prefs@1', { optedOut: true, happyToBeAsked: false })
		]);
		expect(await prefsOf(db, SPACE, MEMBER)).toMatchObject({ happyToBeAsked: true });
		expect((await prefsOfSpace(db, SPACE)).map((p) => p.userId).sort()).toEqual(
			[MEMBER, OTHER].sort()
		);
		expect(await prefsOfSpace(db, uuid(99))).toEqual([]);
	});

	it('lists welcomes latest first, contests newest first, settings oldest date first', async () => {
		await run([
			as(MEMBER, 'welcome.confirm@1', {
				welcomeId: uuid(1),
				welcomerId: OTHER,
				at: '2026-11-20T10:00:00.000Z'
			}),
			as(THIRD, 'welcome.confirm@1', {
				welcomeId: uuid(2),
				welcomerId: null,
				at: '2026-11-22T10:00:00.000Z'
			}),
			as(MEMBER, 'participation.contest@1', {
				contestId: uuid(3),
				subject: 'attendance:1',
				reason: 'Pas venue',
				at: '2026-11-21T10:00:00.000Z'
			}),
			as(OTHER, 'participation.contest@1', {
				contestId: uuid(4),
				subject: 'welcome:1',
				reason: 'Oubli',
				at: '2026-11-23T10:00:00.000Z'
			}),
			as(HOST, 'participation.settings@1', {
				settingsId: uuid(5),
				validFrom: '2027-03-01',
				values: { halfLifeDays: 60 }
			}),
			as(HOST, 'participation.settings@1', {
				settingsId: uuid(6),
				validFrom: '2027-01-01',
				values: { halfLifeDays: 120 }
			})
		]);
		expect((await welcomesOf(db, SPACE)).map((w) => w.id)).toEqual([uuid(2), uuid(1)]);
		expect((await contestsOf(db, SPACE)).map((c) => c.id)).toEqual([uuid(4), uuid(3)]);
		expect((await settingsOf(db, SPACE)).map((s) => s.validFrom)).toEqual([
			'2027-01-01',
			'2027-03-01'
		]);
	});
});

describe('a member’s facts', () => {
	beforeEach(async () => {
		const lunch = (occurrence: string, entries: [string, string][]) =>
			as(HOST, 'attendance.mark@1', {
				ritualId: RITUAL,
				occurrence,
				entries: entries.map(([userId, part]) => ({
					attendanceId: crypto.randomUUID(),
					userId,
					part,
					roleKey: part === 'coanimated' ? 'cooking' : null
				}))
			});
		await run([
			as(HOST, 'plan.create@1', {
				planId: uuid(900),
				name: 'Carnet',
				kind: 'pack',
				hours: 10,
				validityDays: 90,
				rules: rules()
			}),
			as(HOST, 'contract.grant@1', {
				contractId: uuid(901),
				planId: uuid(900),
				userId: MEMBER,
				startsOn: '2026-09-15'
			}),
			as(HOST, 'contract.grant@1', {
				contractId: uuid(902),
				planId: uuid(900),
				userId: MEMBER,
				startsOn: '2026-10-15'
			}),
			as(MEMBER, 'visit.start@1', { visitId: uuid(801), at: '2026-10-02T08:00:00.000Z' }),
			as(MEMBER, 'visit.end@1', { visitId: uuid(801), at: '2026-10-02T12:00:00.000Z' }),
			as(OTHER, 'visit.start@1', { visitId: uuid(802), at: '2026-10-02T08:00:00.000Z' }),
			as(OTHER, 'visit.end@1', { visitId: uuid(802), at: '2026-10-02T12:00:00.000Z' }),
			// The member co-animates with Paul, who leads a month later (a hand-over); Inès attends.
			lunch('2026-10-01T12:30', [
				[MEMBER, 'coanimated'],
				[THIRD, 'coanimated'],
				[OTHER, 'attended']
			]),
			lunch('2026-10-29T12:30', [
				[THIRD, 'led'],
				[OTHER, 'attended']
			]),
			// The member's proposal, accepted: a series first held on 3 November.
			as(MEMBER, 'proposal.create@1', {
				proposalId: uuid(600),
				kind: 'afterwork',
				title: 'Jeux',
				description: '',
				place: '',
				durationMinutes: 120,
				rrule: 'FREQ=WEEKLY;BYDAY=TU',
				startsAt: '2026-11-03T18:30',
				roles: [],
				willLead: false,
				at: '2026-10-20T10:00:00.000Z'
			}),
			as(OTHER, 'proposal.create@1', {
				proposalId: uuid(601),
				kind: 'afterwork',
				title: 'Quiz',
				description: '',
				place: '',
				durationMinutes: 120,
				rrule: 'FREQ=WEEKLY;BYDAY=WE',
				startsAt: '2026-11-04T18:30',
				roles: [],
				willLead: false,
				at: '2026-10-20T10:00:00.000Z'
			})
		]);
		await run(
			[
				as(HOST, 'proposal.accept@1', {
					proposalId: uuid(600),
					ritualId: GAMES,
					kind: 'afterwork',
					title: 'Jeux',
					description: '',
					place: '',
					durationMinutes: 120,
					capacity: null,
					rrule: 'FREQ=WEEKLY;BYDAY=TU',
					startsAt: '2026-11-03T18:30',
					roles: [],
					message: ''
				})
			],
			new Date('2026-10-22T10:00:00.000Z')
		);
		await run([
			as(HOST, 'attendance.mark@1', {
				ritualId: GAMES,
				occurrence: '2026-11-03T18:30',
				entries: [{ attendanceId: uuid(603), userId: OTHER, part: 'attended', roleKey: null }]
			}),
			as(OTHER, 'welcome.confirm@1', {
				welcomeId: uuid(610),
				welcomerId: MEMBER,
				at: '2026-10-05T10:00:00.000Z'
			}),
			as(THIRD, 'welcome.confirm@1', {
				welcomeId: uuid(611),
				welcomerId: OTHER,
				at: '2026-10-05T10:00:00.000Z'
			}),
			as(MEMBER, 'participation.prefs@1', { optedOut: false, happyToBeAsked: true }),
			as(OTHER, 'participation.prefs@1', { optedOut: true, happyToBeAsked: false }),
			as(HOST, 'participation.settings@1', {
				settingsId: uuid(620),
				validFrom: '2026-12-01',
				values: { weights: { welcomed: 6 } }
			})
		]);
	});

	it('holds what their mirror needs, and only that', async () => {
		const facts = await memberFacts(db, SPACE, MEMBER);
		const attendance = facts.attendance!;
		// Their own row, every hosting row (Paul's), and the first held night of their proposal.
		expect(attendance.map((row) => [row.userId, row.occurrence, row.part]).sort()).toEqual(
			[
				[MEMBER, '2026-10-01T12:30', 'coanimated'],
				[THIRD, '2026-10-01T12:30', 'coanimated'],
				[THIRD, '2026-10-29T12:30', 'led'],
				[OTHER, '2026-11-03T18:30', 'attended']
			].sort()
		);
		expect(facts.proposals!.map((p) => p.id)).toEqual([uuid(600)]);
		expect(facts.welcomes!.map((w) => w.id)).toEqual([uuid(610)]);
		expect(facts.visits!.map((v) => v.userId)).toEqual([MEMBER]);
		expect(facts.firstSeen).toEqual([{ userId: MEMBER, date: '2026-09-15' }]);
		expect(facts.staffIds).toEqual([HOST]);
		expect(facts.prefs).toMatchObject([{ userId: MEMBER, happyToBeAsked: true }]);
		expect(facts.settings.map((s) => s.id)).toEqual([uuid(620)]);
	});

	it('gives the member’s mirror every act: hand-over, proposal held, welcome', async () => {
		const facts = await memberFacts(db, SPACE, MEMBER);
		const log = compactFacts(facts, 'Europe/Paris');
		expect(configChangesFrom(facts.settings)).toHaveLength(1);
		const types = memberActivitiesOf(log, MEMBER, '2026-11-24', defaultConfig).map(
			(activity) => `${activity.date} ${activity.type}`
		);
		expect(types).toEqual([
			'2026-10-01 coanimated',
			'2026-10-05 welcomed',
			'2026-10-22 proposed',
			'2026-10-29 handedOver',
			'2026-11-03 proposalHeld'
		]);
	});

	it('of someone else reads their own rows (a host’s device holds everyone’s)', async () => {
		const facts = await memberFacts(db, SPACE, OTHER);
		expect(facts.prefs).toMatchObject([{ userId: OTHER, optedOut: true }]);
		expect(facts.welcomes!.map((w) => w.id).sort()).toEqual([uuid(610), uuid(611)].sort());
		expect(facts.firstSeen).toEqual([]);
		expect(facts.proposals!.map((p) => p.id)).toEqual([uuid(601)]);
	});
});
