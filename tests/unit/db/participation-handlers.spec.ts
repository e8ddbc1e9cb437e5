import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { attendanceOfOccurrence } from '$lib/db/rituals';
import { MutationError } from '$lib/domain/mutations/errors';
import {
	HOST,
	LUNCH,
	LUNCH_STARTS,
	MEMBER,
	OTHER,
	RITUAL,
	SPACE,
	lunchRoles,
	ritualArgs,
	uuid
} from '../builders';
import { applyMutation, applyMutations, freshDb, snapshot, spaceWithMember } from './harness';

/** Proposals and attendance on the device: the rules and refusals of `docs/rituals.md`. */
let db: CollectifDB;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const AFTER_LUNCH = new Date('2026-11-26T14:00:00.000Z');
const PROPOSAL = uuid(600);

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const apply = (actorId: string, name: string, args: Record<string, unknown>, now = NOW) =>
	applyMutation(db, as(actorId, name, args), now);

async function refused(
	actorId: string,
	name: string,
	args: Record<string, unknown>,
	now = NOW
): Promise<string> {
	const before = await snapshot(db);
	const error = await apply(actorId, name, args, now).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(MutationError);
	expect(await snapshot(db)).toEqual(before);
	return `${(error as MutationError).code}: ${(error as MutationError).detail}`;
}

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

const idea = {
	kind: 'afterwork',
	title: 'Soirée jeux',
	description: 'Jeux de société.',
	place: 'La salle du fond',
	durationMinutes: 150,
	rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
	startsAt: '2026-12-01T18:30',
	roles: [{ key: 'snacks', label: 'Grignotages', slots: 2 }]
};
const propose = (over: Record<string, unknown> = {}) =>
	apply(MEMBER, 'proposal.create@1', {
		proposalId: PROPOSAL,
		...idea,
		willLead: true,
		at: '2026-11-23T10:00:00.000Z',
		...over
	});
const acceptArgs = (over: Record<string, unknown> = {}) => ({
	proposalId: PROPOSAL,
	ritualId: uuid(701),
	...idea,
	capacity: 10,
	message: 'Belle idée !',
	...over
});

describe('proposals', () => {
	it('a member proposes: open, theirs, no answer yet', async () => {
		const id = await propose();
		expect(await db.proposals.get(PROPOSAL)).toMatchObject({
			userId: MEMBER,
			title: 'Soirée jeux',
			roles: [{ key: 'snacks', label: 'Grignotages', slots: 2, animates: false }],
			willLead: true,
			status: 'open',
			response: '',
			ritualId: null,
			createdAt: '2026-11-23T10:00:00.000Z',
			decidedAt: null,
			pending: id
		});
		expect(
			await refused(MEMBER, 'proposal.create@1', {
				proposalId: PROPOSAL,
				...idea,
				willLead: false,
				at: '2026-11-23T10:00:00.000Z'
			})
		).toBe('conflict: proposal exists');
	});

	it('the proposer withdraws it while open; nobody else may', async () => {
		await propose();
		expect(await refused(OTHER, 'proposal.withdraw@1', { proposalId: PROPOSAL })).toBe(
			'forbidden: not your proposal'
		);
		await apply(MEMBER, 'proposal.withdraw@1', { proposalId: PROPOSAL });
		expect(await db.proposals.get(PROPOSAL)).toMatchObject({
			status: 'withdrawn',
			decidedAt: NOW.toISOString()
		});
		expect(await refused(MEMBER, 'proposal.withdraw@1', { proposalId: PROPOSAL })).toBe(
			'conflict: decided'
		);
		expect(await refused(MEMBER, 'proposal.withdraw@1', { proposalId: uuid(98) })).toBe(
			'not_found: proposal'
		);
	});

	it('a host accepts it: a series led by the proposer, linked to the proposal', async () => {
		await propose();
		await acceptOutboxLocally(db);
		const id = await apply(
			HOST,
			'proposal.accept@1',
			acceptArgs({ title: 'Soirée jeux du mardi' })
		);
		expect(await db.rituals.get(uuid(701))).toMatchObject({
			title: 'Soirée jeux du mardi',
			capacity: 10,
			leadUserId: MEMBER,
			proposalId: PROPOSAL,
			endsBefore: null,
			continuedBy: null,
			pending: id
		});
		expect(await db.proposals.get(PROPOSAL)).toMatchObject({
			status: 'accepted',
			response: 'Belle idée !',
			ritualId: uuid(701),
			decidedAt: NOW.toISOString(),
			pending: id
		});
		expect(
			await refused(HOST, 'proposal.decline@1', { proposalId: PROPOSAL, message: 'Non' })
		).toBe('conflict: decided');
	});

	it('without “I will lead it” the series has no lead', async () => {
		await propose({ willLead: false });
		await apply(HOST, 'proposal.accept@1', acceptArgs());
		expect((await db.rituals.get(uuid(701)))?.leadUserId).toBeNull();
	});

	it('nor when the proposer is no longer a member', async () => {
		await propose();
		await db.memberships.delete(`${SPACE}:${MEMBER}`);
		await apply(HOST, 'proposal.accept@1', acceptArgs());
		expect((await db.rituals.get(uuid(701)))?.leadUserId).toBeNull();
	});

	it('accepting refuses an unknown proposal, a decided one, an existing series id, a member', async () => {
		expect(await refused(HOST, 'proposal.accept@1', acceptArgs())).toBe('not_found: proposal');
		await propose();
		expect(await refused(HOST, 'proposal.accept@1', acceptArgs({ ritualId: RITUAL }))).toBe(
			'conflict: ritual exists'
		);
		expect(await refused(MEMBER, 'proposal.accept@1', acceptArgs())).toMatch(/^forbidden/);
		await apply(MEMBER, 'proposal.withdraw@1', { proposalId: PROPOSAL });
		expect(await refused(HOST, 'proposal.accept@1', acceptArgs())).toBe('conflict: decided');
	});

	it('a host declines it with a message', async () => {
		await propose();
		await apply(HOST, 'proposal.decline@1', {
			proposalId: PROPOSAL,
			message: 'La salle est prise le mardi.'
		});
		expect(await db.proposals.get(PROPOSAL)).toMatchObject({
			status: 'declined',
			response: 'La salle est prise le mardi.',
			ritualId: null
		});
		expect(
			await refused(HOST, 'proposal.decline@1', { proposalId: uuid(98), message: 'Non' })
		).toBe('not_found: proposal');
	});
});

describe('attendance.mark@1', () => {
	const entry = (n: number, userId: string, part = 'attended', roleKey: string | null = null) => ({
		attendanceId: uuid(n),
		userId,
		part,
		roleKey
	});
	const mark = (entries: unknown[], over: Record<string, unknown> = {}, now = AFTER_LUNCH) =>
		apply(
			HOST,
			'attendance.mark@1',
			{ ritualId: RITUAL, occurrence: LUNCH, entries, ...over },
			now
		);

	it('a host confirms who came and what they did, once the occurrence has started', async () => {
		const id = await mark([
			entry(1, HOST, 'led'),
			entry(2, MEMBER, 'coanimated', 'cooking'),
			entry(3, OTHER, 'contributed', 'dessert')
		]);
		expect(await db.attendance.get(uuid(2))).toEqual({
			id: uuid(2),
			spaceId: SPACE,
			ritualId: RITUAL,
			occurrence: LUNCH,
			userId: MEMBER,
			part: 'coanimated',
			roleKey: 'cooking',
			markedBy: HOST,
			markedAt: AFTER_LUNCH.toISOString(),
			pending: id
		});
		expect(await attendanceOfOccurrence(db, RITUAL, LUNCH)).toHaveLength(3);
	});

	it('replaces the whole list: people kept keep their row, new ones are added, the others go', async () => {
		await mark([entry(1, HOST, 'led'), entry(2, MEMBER), entry(3, OTHER)]);
		await acceptOutboxLocally(db);
		await mark([entry(11, MEMBER, 'contributed', 'dessert'), entry(12, HOST, 'led')]);
		const rows = await attendanceOfOccurrence(db, RITUAL, LUNCH);
		expect(rows.map((row) => [row.id, row.userId, row.part]).sort()).toEqual([
			[uuid(1), HOST, 'led'],
			[uuid(2), MEMBER, 'contributed']
		]);
		// The same list again changes nothing.
		await acceptOutboxLocally(db);
		await mark([entry(21, MEMBER, 'contributed', 'dessert'), entry(22, HOST, 'led')]);
		expect(await db.attendance.where('pending').above(0).count()).toBe(0);
		// Another occurrence's list is its own.
		await mark([entry(20, OTHER)], { occurrence: '2026-11-19T12:30' });
		expect(await attendanceOfOccurrence(db, RITUAL, LUNCH)).toHaveLength(2);
		await mark([]);
		expect(await attendanceOfOccurrence(db, RITUAL, LUNCH)).toHaveLength(0);
		expect(await db.attendance.count()).toBe(1);
	});

	it('starts when the occurrence starts, as the host moved it', async () => {
		expect(
			await refused(
				HOST,
				'attendance.mark@1',
				{ ritualId: RITUAL, occurrence: LUNCH, entries: [] },
				new Date('2026-11-26T11:29:00.000Z')
			)
		).toBe('forbidden: not_started');
		await mark([], {}, new Date(LUNCH_STARTS));
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: '2026-12-03T12:30',
			cancelled: false,
			startsAt: '2026-12-03T10:00',
			durationMinutes: null,
			place: null,
			message: ''
		});
		// 09:30 UTC is 10:30 in Paris: after the moved start.
		await mark(
			[entry(1, MEMBER)],
			{ occurrence: '2026-12-03T12:30' },
			new Date('2026-12-03T09:30:00.000Z')
		);
	});

	it('refuses an unknown series or occurrence, someone not in the space, a role the series does not have', async () => {
		const args = (over: Record<string, unknown>) => ({
			ritualId: RITUAL,
			occurrence: LUNCH,
			entries: [entry(1, MEMBER)],
			...over
		});
		expect(
			await refused(HOST, 'attendance.mark@1', args({ ritualId: uuid(98) }), AFTER_LUNCH)
		).toBe('not_found: ritual');
		expect(
			await refused(
				HOST,
				'attendance.mark@1',
				args({ occurrence: '2026-11-26T13:00' }),
				AFTER_LUNCH
			)
		).toBe('not_found: occurrence');
		expect(
			await refused(HOST, 'attendance.mark@1', args({ entries: [entry(1, uuid(97))] }), AFTER_LUNCH)
		).toBe('not_found: member');
		expect(
			await refused(
				HOST,
				'attendance.mark@1',
				args({ entries: [entry(1, MEMBER), entry(2, OTHER, 'contributed', 'juggling')] }),
				AFTER_LUNCH
			)
		).toBe('invalid_args: entries.1.roleKey: unknown role');
		expect(await refused(MEMBER, 'attendance.mark@1', args({}), AFTER_LUNCH)).toMatch(/^forbidden/);
		expect(lunchRoles().map((role) => role.key)).not.toContain('juggling');
	});

	it('refuses an entry id that is another person’s or another occurrence’s row', async () => {
		await mark([entry(1, MEMBER)], { occurrence: '2026-11-19T12:30' });
		const list = (entries: unknown[]) => ({ ritualId: RITUAL, occurrence: LUNCH, entries });
		expect(await refused(HOST, 'attendance.mark@1', list([entry(1, OTHER)]), AFTER_LUNCH)).toBe(
			'conflict: attendance exists'
		);
		// Even for someone already marked at this occurrence under another id.
		await mark([entry(2, MEMBER), entry(3, OTHER)]);
		expect(await refused(HOST, 'attendance.mark@1', list([entry(3, MEMBER)]), AFTER_LUNCH)).toBe(
			'conflict: attendance exists'
		);
		// Their own row's id, or a fresh one, is fine (the row keeps its id).
		await mark([entry(2, MEMBER, 'coanimated', 'cooking'), entry(30, OTHER)]);
		expect((await attendanceOfOccurrence(db, RITUAL, LUNCH)).map((a) => a.id).sort()).toEqual([
			uuid(2),
			uuid(3)
		]);
	});
});
