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

/** Issue 6: the participation mutations of `docs/community.md`, as the server applies them. */
describe('welcome.confirm@1', () => {
	const WELCOME = uuid(1001);
	const welcome = (welcomerId: string | null, over: Record<string, unknown> = {}) => ({
		welcomeId: WELCOME,
		welcomerId,
		at: '2026-11-23T10:00:00.000Z',
		...over
	});
	const theirs = () => db.welcomes.where('[spaceId+newcomerId]').equals([SPACE, MEMBER]).toArray();

	it('stores the newcomer’s answer: who, the device’s time, pending', async () => {
		const id = await apply(MEMBER, 'welcome.confirm@1', welcome(OTHER));
		expect(await db.welcomes.get(WELCOME)).toEqual({
			id: WELCOME,
			spaceId: SPACE,
			newcomerId: MEMBER,
			welcomerId: OTHER,
			confirmedAt: '2026-11-23T10:00:00.000Z',
			pending: id
		});
	});

	it('answering again replaces the answer and keeps the row’s id; the same answer writes nothing', async () => {
		await apply(MEMBER, 'welcome.confirm@1', welcome(OTHER));
		await acceptOutboxLocally(db);
		await apply(
			MEMBER,
			'welcome.confirm@1',
			welcome(HOST, { welcomeId: uuid(1002), at: '2026-11-24T08:00:00.000Z' })
		);
		expect(await theirs()).toMatchObject([
			{ id: WELCOME, welcomerId: HOST, confirmedAt: '2026-11-24T08:00:00.000Z' }
		]);
		expect(await db.welcomes.get(uuid(1002))).toBeUndefined();
		// Nobody in particular.
		await apply(MEMBER, 'welcome.confirm@1', welcome(null, { welcomeId: uuid(1003) }));
		expect(await theirs()).toMatchObject([{ id: WELCOME, welcomerId: null }]);
		await acceptOutboxLocally(db);
		const before = await db.welcomes.toArray();
		await apply(MEMBER, 'welcome.confirm@1', welcome(null, { welcomeId: uuid(1004) }));
		expect(await db.welcomes.toArray()).toEqual(before);
		expect(await db.welcomes.where('pending').above(0).count()).toBe(0);
	});

	it('a host is a member too: may answer as a newcomer, naming a member', async () => {
		await apply(HOST, 'welcome.confirm@1', welcome(MEMBER));
		expect(await db.welcomes.get(WELCOME)).toMatchObject({ newcomerId: HOST, welcomerId: MEMBER });
	});

	it('refuses oneself, someone who is not a member of the space, another newcomer’s id', async () => {
		expect(await refused(MEMBER, 'welcome.confirm@1', welcome(MEMBER))).toBe(
			'invalid_args: welcomerId: yourself'
		);
		expect(await refused(MEMBER, 'welcome.confirm@1', welcome(uuid(97)))).toBe('not_found: member');
		await apply(OTHER, 'welcome.confirm@1', welcome(HOST));
		expect(await refused(MEMBER, 'welcome.confirm@1', welcome(HOST))).toBe(
			'conflict: welcome exists'
		);
		expect(await theirs()).toEqual([]);
		expect(await refused(uuid(96), 'welcome.confirm@1', welcome(HOST))).toMatch(/^forbidden/);
	});
});

describe('participation.prefs@1', () => {
	const prefs = (optedOut: boolean, happyToBeAsked: boolean) => ({ optedOut, happyToBeAsked });
	const row = () => db.participationPrefs.get(`${SPACE}:${MEMBER}`);
	const LATER = new Date('2026-11-25T09:00:00.000Z');

	it('the caller’s switches: opted out stamped when it turns on, kept while on, cleared when off', async () => {
		const id = await apply(MEMBER, 'participation.prefs@1', prefs(false, true));
		expect(await row()).toEqual({
			id: `${SPACE}:${MEMBER}`,
			spaceId: SPACE,
			userId: MEMBER,
			optedOut: false,
			optedOutAt: null,
			happyToBeAsked: true,
			pending: id
		});
		await apply(MEMBER, 'participation.prefs@1', prefs(true, true));
		expect(await row()).toMatchObject({ optedOut: true, optedOutAt: NOW.toISOString() });
		// Still out, another switch: the time it turned on stays.
		await apply(MEMBER, 'participation.prefs@1', prefs(true, false), LATER);
		expect(await row()).toMatchObject({
			optedOut: true,
			optedOutAt: NOW.toISOString(),
			happyToBeAsked: false
		});
		// The same again writes nothing.
		await acceptOutboxLocally(db);
		const before = await row();
		await apply(MEMBER, 'participation.prefs@1', prefs(true, false), LATER);
		expect(await row()).toEqual(before);
		// Back in: cleared.
		await apply(MEMBER, 'participation.prefs@1', prefs(false, false), LATER);
		expect(await row()).toMatchObject({ optedOut: false, optedOutAt: null });
		expect(await db.participationPrefs.count()).toBe(1);
	});

	it('opting out on a first answer stamps it at once; each member has their own row', async () => {
		await apply(OTHER, 'participation.prefs@1', prefs(true, false));
		await apply(MEMBER, 'participation.prefs@1', prefs(false, true));
		expect(await db.participationPrefs.get(`${SPACE}:${OTHER}`)).toMatchObject({
			userId: OTHER,
			optedOut: true,
			optedOutAt: NOW.toISOString()
		});
		expect(await row()).toMatchObject({ optedOut: false, happyToBeAsked: true });
	});
});

describe('participation.contest@1 and participation.resolve@1', () => {
	const CONTEST = uuid(1101);
	const contest = (over: Record<string, unknown> = {}) => ({
		contestId: CONTEST,
		subject: 'attendance:42',
		reason: 'Je suis arrivée après le dessert.',
		at: '2026-11-24T08:30:00.000Z',
		...over
	});
	const LATER = new Date('2026-11-25T09:00:00.000Z');

	it('a member contests an entry of their log: theirs, unanswered', async () => {
		const id = await apply(MEMBER, 'participation.contest@1', contest());
		expect(await db.contests.get(CONTEST)).toEqual({
			id: CONTEST,
			spaceId: SPACE,
			userId: MEMBER,
			subject: 'attendance:42',
			reason: 'Je suis arrivée après le dessert.',
			createdAt: '2026-11-24T08:30:00.000Z',
			resolvedAt: null,
			resolution: '',
			pending: id
		});
	});

	it('refuses a reused id, the caller’s or anyone’s', async () => {
		await apply(MEMBER, 'participation.contest@1', contest());
		for (const actor of [MEMBER, OTHER]) {
			expect(
				await refused(actor, 'participation.contest@1', contest({ reason: 'Autre chose' }))
			).toBe('conflict: contest exists');
		}
	});

	it('a host answers: when and what; the same answer again writes nothing; another replaces it', async () => {
		await apply(MEMBER, 'participation.contest@1', contest());
		await acceptOutboxLocally(db);
		const answer = { contestId: CONTEST, resolution: 'Corrigé : présence ajoutée.' };
		await apply(HOST, 'participation.resolve@1', answer);
		expect(await db.contests.get(CONTEST)).toMatchObject({
			resolution: 'Corrigé : présence ajoutée.',
			resolvedAt: NOW.toISOString(),
			userId: MEMBER
		});
		await acceptOutboxLocally(db);
		const before = await db.contests.get(CONTEST);
		await apply(HOST, 'participation.resolve@1', answer, LATER);
		expect(await db.contests.get(CONTEST)).toEqual(before);
		await apply(
			HOST,
			'participation.resolve@1',
			{ ...answer, resolution: 'Finalement non.' },
			LATER
		);
		expect(await db.contests.get(CONTEST)).toMatchObject({
			resolution: 'Finalement non.',
			resolvedAt: LATER.toISOString()
		});
	});

	it('refuses an unknown contest, another space’s, and a member answering', async () => {
		const answer = (contestId: string) => ({ contestId, resolution: 'Vu.' });
		expect(await refused(HOST, 'participation.resolve@1', answer(uuid(98)))).toBe(
			'not_found: contest'
		);
		await db.contests.put({
			id: uuid(1102),
			spaceId: uuid(99),
			userId: MEMBER,
			subject: 'attendance:1',
			reason: 'Ailleurs',
			createdAt: NOW.toISOString(),
			resolvedAt: null,
			resolution: ''
		});
		expect(await refused(HOST, 'participation.resolve@1', answer(uuid(1102)))).toBe(
			'not_found: contest'
		);
		await apply(MEMBER, 'participation.contest@1', contest());
		expect(await refused(MEMBER, 'participation.resolve@1', answer(CONTEST))).toMatch(/^forbidden/);
	});
});

describe('participation.settings@1', () => {
	const SETTINGS = uuid(1201);
	const settings = (values: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
		settingsId: SETTINGS,
		validFrom: '2027-01-01',
		values,
		...over
	});
	async function refusal(args: Record<string, unknown>) {
		const before = await snapshot(db);
		const error = await apply(HOST, 'participation.settings@1', args).then(
			() => undefined,
			(e: unknown) => e as MutationError
		);
		expect(error).toBeInstanceOf(MutationError);
		expect(await snapshot(db)).toEqual(before);
		return error!;
	}

	it('a host adds a dated version: date, values, who, when', async () => {
		const values = { weights: { welcomed: 4 }, thresholds: [1.5, 4, 9] };
		const id = await apply(HOST, 'participation.settings@1', settings(values));
		expect(await db.participationSettings.get(SETTINGS)).toEqual({
			id: SETTINGS,
			spaceId: SPACE,
			validFrom: '2027-01-01',
			values,
			createdBy: HOST,
			createdAt: NOW.toISOString(),
			pending: id
		});
		// Several versions may share a date.
		await apply(
			HOST,
			'participation.settings@1',
			settings({ halfLifeDays: 60 }, { settingsId: uuid(1202) })
		);
		expect(await db.participationSettings.count()).toBe(2);
	});

	it('refuses a reused id, and a member', async () => {
		await apply(HOST, 'participation.settings@1', settings({}));
		expect(await refused(HOST, 'participation.settings@1', settings({ halfLifeDays: 60 }))).toBe(
			'conflict: settings exist'
		);
		expect(
			await refused(MEMBER, 'participation.settings@1', settings({}, { settingsId: uuid(1203) }))
		).toMatch(/^forbidden/);
	});

	it('refuses values outside the model’s bounds, naming every bad path', async () => {
		const error = await refusal(
			settings({
				thresholds: [1.5, 4, 3],
				halfLifeDays: 2.5,
				privacy: { minGroup: 3 },
				weights: { led: 'lots' }
			})
		);
		expect(error.code).toBe('invalid_args');
		expect(error.issues).toEqual([
			{ path: 'values.weights.led', message: 'not_a_number' },
			{ path: 'values.halfLifeDays', message: 'not_an_integer' },
			{ path: 'values.thresholds.2', message: 'not_increasing' },
			{ path: 'values.privacy.minGroup', message: 'below_privacy_floor' }
		]);
		expect(error.detail).toContain('values.thresholds.2: not_increasing');
	});

	it('refuses names the settings do not have and values of another shape', async () => {
		const error = await refusal(
			settings({ weights: { welcome: 4 }, thresholds: [1, 2], hostCredit: 1, alerts: [] })
		);
		expect(error.issues).toEqual([
			{ path: 'values.weights.welcome', message: 'unknown' },
			{ path: 'values.thresholds', message: 'not_a_list' },
			{ path: 'values.hostCredit', message: 'not_an_object' },
			{ path: 'values.alerts', message: 'not_an_object' }
		]);
	});

	it('judges the values over the settings in force, on their date and on every later version’s date', async () => {
		// From March, higher thresholds (and ceilings to match).
		await apply(
			HOST,
			'participation.settings@1',
			settings(
				{ thresholds: [1.5, 4, 12], ceilings: [3, 8, 24] },
				{ settingsId: uuid(1204), validFrom: '2027-03-01' }
			)
		);
		// Valid in January over the defaults; but as the latest version it also applies in March,
		// where its ceiling is under March's threshold.
		const error = await refusal(settings({ ceilings: [3, 8, 10] }));
		expect(error.issues).toEqual([
			{ path: 'values.ceilings.2', message: 'ceiling_below_threshold' }
		]);
		// Merged over the version in force: a ceiling alone, valid with March's thresholds.
		await apply(
			HOST,
			'participation.settings@1',
			settings({ ceilings: [3, 8, 20] }, { validFrom: '2027-04-01' })
		);
	});

	it('a problem an earlier version already made on a later date is not this change’s', async () => {
		await db.participationSettings.put({
			id: uuid(1205),
			spaceId: SPACE,
			validFrom: '2027-06-01',
			values: { halfLifeDays: 1 },
			createdBy: HOST,
			createdAt: '2026-11-01T00:00:00.000Z'
		});
		await apply(HOST, 'participation.settings@1', settings({ weights: { led: 10 } }));
		expect(await db.participationSettings.get(SETTINGS)).toMatchObject({ validFrom: '2027-01-01' });
	});
});
