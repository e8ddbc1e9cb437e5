import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { MutationError } from '$lib/domain/mutations/errors';
import {
	HOST,
	LUNCH,
	LUNCH_STARTS,
	MEMBER,
	OTHER,
	RITUAL,
	SPACE,
	ritualArgs,
	signupArgs,
	uuid
} from '../builders';
import { applyMutation, applyMutations, freshDb, snapshot, spaceWithMember } from './harness';

/**
 * The local handlers of the series and sign-up mutations: the rules and refusals of
 * `docs/rituals.md`, as the server applies them, applied optimistically on the device.
 */
let db: CollectifDB;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const NEW_RITUAL = uuid(701);

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const apply = (actorId: string, name: string, args: Record<string, unknown>, now = NOW) =>
	applyMutation(db, as(actorId, name, args), now);
const accept = (actorId: string, name: string, args: Record<string, unknown>, now = NOW) =>
	applyMutations(db, [as(actorId, name, args)], { now, mode: 'accepted' });

async function refusal(promise: Promise<unknown>): Promise<MutationError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(MutationError);
	return error as MutationError;
}

/** The refusal's `code: detail`, and proof that nothing was written. */
async function refused(
	actorId: string,
	name: string,
	args: Record<string, unknown>,
	now = NOW
): Promise<string> {
	const before = await snapshot(db);
	const error = await refusal(apply(actorId, name, args, now));
	expect(await snapshot(db)).toEqual(before);
	return `${error.code}: ${error.detail}`;
}

const signUp = (actorId: string, over: Record<string, unknown> = {}) =>
	apply(actorId, 'signup.create@1', signupArgs(over));

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

describe('ritual.create@1', () => {
	it('a new series has no end, no continuation and no proposal; roles without `animates` bring', async () => {
		const id = await apply(
			HOST,
			'ritual.create@1',
			ritualArgs({
				ritualId: NEW_RITUAL,
				roles: [{ key: 'coffee', label: 'Café', slots: 1 }],
				leadUserId: null
			})
		);
		expect(await db.rituals.get(NEW_RITUAL)).toMatchObject({
			endsBefore: null,
			endMessage: '',
			continuedBy: null,
			proposalId: null,
			roles: [{ key: 'coffee', label: 'Café', slots: 1, animates: false }],
			pending: id
		});
	});

	it('refuses an existing id, a lead who is not a member, a member', async () => {
		expect(await refused(HOST, 'ritual.create@1', ritualArgs())).toBe('conflict: ritual exists');
		expect(
			await refused(
				HOST,
				'ritual.create@1',
				ritualArgs({ ritualId: NEW_RITUAL, leadUserId: uuid(99) })
			)
		).toBe('not_found: lead');
		expect((await refusal(apply(MEMBER, 'ritual.create@1', ritualArgs()))).code).toBe('forbidden');
	});
});

describe('ritual.update@1', () => {
	const update = (over: Record<string, unknown> = {}) => {
		const details: Record<string, unknown> = ritualArgs();
		delete details.rrule;
		delete details.startsAt;
		return { ...details, ...over };
	};

	it('changes the details of every occurrence and keeps the schedule', async () => {
		await apply(
			HOST,
			'ritual.update@1',
			update({ title: 'Grand déjeuner', capacity: 20, leadUserId: MEMBER })
		);
		expect(await db.rituals.get(RITUAL)).toMatchObject({
			title: 'Grand déjeuner',
			capacity: 20,
			leadUserId: MEMBER,
			rrule: 'FREQ=WEEKLY;BYDAY=TH',
			startsAt: '2026-11-05T12:30'
		});
		// The same details again change nothing.
		await acceptOutboxLocally(db);
		await apply(
			HOST,
			'ritual.update@1',
			update({ title: 'Grand déjeuner', capacity: 20, leadUserId: MEMBER })
		);
		expect(await db.rituals.get(RITUAL)).not.toHaveProperty('pending');
	});

	it('refuses an unknown series, one of another space, an unknown lead', async () => {
		expect(await refused(HOST, 'ritual.update@1', update({ ritualId: uuid(98) }))).toBe(
			'not_found: ritual'
		);
		expect(await refused(HOST, 'ritual.update@1', update({ leadUserId: uuid(99) }))).toBe(
			'not_found: lead'
		);
	});
});

describe('ritual.split@1 (this and following)', () => {
	const split = (over: Record<string, unknown> = {}) => ({
		...ritualArgs({
			newRitualId: NEW_RITUAL,
			from: '2026-12-03T12:30',
			rrule: 'FREQ=WEEKLY;BYDAY=FR',
			startsAt: '2026-12-04T12:00',
			title: 'Déjeuner du vendredi',
			message: 'Le déjeuner passe au vendredi.'
		}),
		...over
	});

	it('ends the series before `from`, carries on with the new one, and moves what follows', async () => {
		await signUp(MEMBER, { occurrence: LUNCH });
		await signUp(MEMBER, { signupId: uuid(801), occurrence: '2026-12-03T12:30' });
		await signUp(OTHER, { signupId: uuid(802), occurrence: '2026-12-10T12:30' });
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: '2026-12-17T12:30',
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message: 'Congés'
		});
		await acceptOutboxLocally(db);
		const id = await apply(HOST, 'ritual.split@1', split());

		expect(await db.rituals.get(RITUAL)).toMatchObject({
			endsBefore: '2026-12-03T12:30',
			endMessage: 'Le déjeuner passe au vendredi.',
			continuedBy: NEW_RITUAL,
			pending: id
		});
		expect(await db.rituals.get(NEW_RITUAL)).toMatchObject({
			title: 'Déjeuner du vendredi',
			rrule: 'FREQ=WEEKLY;BYDAY=FR',
			startsAt: '2026-12-04T12:00',
			endsBefore: null,
			continuedBy: null,
			pending: id
		});
		expect((await db.signups.get(uuid(800)))?.ritualId).toBe(RITUAL);
		expect(await db.signups.get(uuid(801))).toMatchObject({ ritualId: NEW_RITUAL, pending: id });
		expect((await db.signups.get(uuid(802)))?.ritualId).toBe(NEW_RITUAL);
		expect((await db.occurrenceChanges.get(uuid(810)))?.ritualId).toBe(NEW_RITUAL);
		// Moved rows keep their place in line.
		expect((await db.signups.get(uuid(801)))?.rank).not.toBeNull();
	});

	it('refuses an occurrence outside the series, an existing new id, an unknown lead or series', async () => {
		expect(await refused(HOST, 'ritual.split@1', split({ from: '2026-12-03T13:00' }))).toBe(
			'invalid_args: from: outside the series'
		);
		expect(
			await refused(
				HOST,
				'ritual.split@1',
				split({ from: '2026-10-29T12:30', startsAt: '2026-10-30T12:00' })
			)
		).toBe('invalid_args: from: outside the series');
		expect(await refused(HOST, 'ritual.split@1', split({ newRitualId: RITUAL }))).toBe(
			'conflict: ritual exists'
		);
		expect(await refused(HOST, 'ritual.split@1', split({ leadUserId: uuid(99) }))).toBe(
			'not_found: lead'
		);
		expect(await refused(HOST, 'ritual.split@1', split({ ritualId: uuid(98) }))).toBe(
			'not_found: ritual'
		);
		// Past the end of a series that was already split.
		await apply(HOST, 'ritual.split@1', split());
		expect(
			await refused(
				HOST,
				'ritual.split@1',
				split({ newRitualId: uuid(702), from: '2026-12-10T12:30', startsAt: '2026-12-11T12:00' })
			)
		).toBe('invalid_args: from: outside the series');
	});

	it('a sign-up to an occurrence after the split goes to the series that continued it', async () => {
		await apply(HOST, 'ritual.split@1', split({ rrule: 'FREQ=WEEKLY;BYDAY=TH' }));
		await apply(HOST, 'ritual.split@1', {
			...split({
				ritualId: NEW_RITUAL,
				newRitualId: uuid(702),
				from: '2026-12-18T12:00',
				startsAt: '2026-12-18T12:00'
			})
		});
		await signUp(MEMBER, { occurrence: '2026-12-11T12:00' });
		expect((await db.signups.get(uuid(800)))?.ritualId).toBe(NEW_RITUAL);
		await signUp(MEMBER, { signupId: uuid(801), occurrence: '2026-12-25T12:00' });
		expect((await db.signups.get(uuid(801)))?.ritualId).toBe(uuid(702));
		// Before the split, the original series.
		await signUp(MEMBER, { signupId: uuid(803), occurrence: LUNCH });
		expect((await db.signups.get(uuid(803)))?.ritualId).toBe(RITUAL);
	});
});

describe('ritual.end@1', () => {
	it('ends the series from an occurrence with a message, and reopens it', async () => {
		await apply(HOST, 'ritual.end@1', {
			ritualId: RITUAL,
			from: '2026-12-03T12:30',
			message: 'On arrête pour l’hiver.'
		});
		expect(await db.rituals.get(RITUAL)).toMatchObject({
			endsBefore: '2026-12-03T12:30',
			endMessage: 'On arrête pour l’hiver.'
		});
		expect(
			await refused(MEMBER, 'signup.create@1', signupArgs({ occurrence: '2026-12-10T12:30' }))
		).toBe('not_found: occurrence');
		await apply(HOST, 'ritual.end@1', { ritualId: RITUAL, from: null, message: '' });
		expect(await db.rituals.get(RITUAL)).toMatchObject({ endsBefore: null, endMessage: '' });
	});

	it('refuses an unknown series, and reopening a series a split continued', async () => {
		expect(
			await refused(HOST, 'ritual.end@1', { ritualId: uuid(98), from: null, message: '' })
		).toBe('not_found: ritual');
		await apply(HOST, 'ritual.split@1', {
			...ritualArgs({ newRitualId: NEW_RITUAL, from: '2026-12-03T12:30' }),
			startsAt: '2026-12-03T12:30',
			message: ''
		});
		expect(await refused(HOST, 'ritual.end@1', { ritualId: RITUAL, from: null, message: '' })).toBe(
			'conflict: continued'
		);
	});
});

describe('occurrence.change@1', () => {
	const change = (over: Record<string, unknown> = {}) => ({
		changeId: uuid(810),
		ritualId: RITUAL,
		occurrence: LUNCH,
		cancelled: false,
		startsAt: null,
		durationMinutes: null,
		place: null,
		message: '',
		...over
	});

	it('one change per occurrence: a new one replaces it and keeps its id; restoring keeps the message', async () => {
		const id = await apply(
			HOST,
			'occurrence.change@1',
			change({ cancelled: true, message: 'Cuisine en travaux' })
		);
		expect(await db.occurrenceChanges.get(uuid(810))).toMatchObject({
			spaceId: SPACE,
			cancelled: true,
			message: 'Cuisine en travaux',
			changedAt: NOW.toISOString(),
			pending: id
		});
		await apply(
			HOST,
			'occurrence.change@1',
			change({ changeId: uuid(811), message: 'Finalement, on mange ensemble !' })
		);
		expect(await db.occurrenceChanges.count()).toBe(1);
		expect(await db.occurrenceChanges.get(uuid(810))).toMatchObject({
			cancelled: false,
			message: 'Finalement, on mange ensemble !'
		});
		// The same change again changes nothing.
		await acceptOutboxLocally(db);
		await apply(
			HOST,
			'occurrence.change@1',
			change({ changeId: uuid(812), message: 'Finalement, on mange ensemble !' })
		);
		expect(await db.occurrenceChanges.get(uuid(810))).not.toHaveProperty('pending');
	});

	it('a new change may not reuse the id of another occurrence’s change', async () => {
		await apply(HOST, 'occurrence.change@1', change({ cancelled: true }));
		expect(
			await refused(HOST, 'occurrence.change@1', change({ occurrence: '2026-12-03T12:30' }))
		).toBe('conflict: change exists');
	});

	it('refuses an unknown series and what is not one of its occurrences', async () => {
		expect(await refused(HOST, 'occurrence.change@1', change({ ritualId: uuid(98) }))).toBe(
			'not_found: ritual'
		);
		for (const occurrence of ['2026-11-26T13:00', '2026-10-29T12:30']) {
			expect(await refused(HOST, 'occurrence.change@1', change({ occurrence }))).toBe(
				'not_found: occurrence'
			);
		}
		expect((await refusal(apply(MEMBER, 'occurrence.change@1', change()))).code).toBe('forbidden');
	});
});

describe('signup.create@1', () => {
	it('an optimistic sign-up is pending and has no rank until the server gives it one', async () => {
		const id = await signUp(MEMBER, { roleKey: 'cooking', note: 'Curry' });
		expect(await db.signups.get(uuid(800))).toEqual({
			id: uuid(800),
			spaceId: SPACE,
			ritualId: RITUAL,
			occurrence: LUNCH,
			userId: MEMBER,
			roleKey: 'cooking',
			note: 'Curry',
			cancelled: false,
			createdAt: '2026-11-24T09:00:00.000Z',
			rank: null,
			roleRank: null,
			pending: id
		});
	});

	it('the authority (accepted mode) stamps ranks from its counter, in order', async () => {
		await accept(MEMBER, 'signup.create@1', signupArgs());
		await accept(OTHER, 'signup.create@1', signupArgs({ signupId: uuid(801) }));
		expect(await db.signups.get(uuid(800))).toMatchObject({ rank: 1, roleRank: 1 });
		expect(await db.signups.get(uuid(801))).toMatchObject({ rank: 2, roleRank: 2 });
		expect((await db.meta.get('signupRank'))?.value).toBe(2);
		expect(await db.signups.get(uuid(801))).not.toHaveProperty('pending');
	});

	it('refuses an unknown series, an occurrence it does not have, a cancelled one, one that started', async () => {
		expect(await refused(MEMBER, 'signup.create@1', signupArgs({ ritualId: uuid(98) }))).toBe(
			'not_found: ritual'
		);
		for (const occurrence of ['2026-11-26T12:00', '2026-10-29T12:30']) {
			expect(await refused(MEMBER, 'signup.create@1', signupArgs({ occurrence }))).toBe(
				'not_found: occurrence'
			);
		}
		expect(await refused(MEMBER, 'signup.create@1', signupArgs({ at: LUNCH_STARTS }))).toBe(
			'forbidden: too_late'
		);
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: LUNCH,
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message: 'Annulé'
		});
		expect(await refused(MEMBER, 'signup.create@1', signupArgs())).toBe('conflict: cancelled');
	});

	it('judges "too late" against the start as the host moved it', async () => {
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: LUNCH,
			cancelled: false,
			startsAt: '2026-11-26T11:00',
			durationMinutes: null,
			place: null,
			message: 'Plus tôt cette semaine'
		});
		// 10:45 UTC is 11:45 in Paris: after the moved start (11:00), before the original (12:30).
		expect(
			await refused(MEMBER, 'signup.create@1', signupArgs({ at: '2026-11-26T10:45:00.000Z' }))
		).toBe('forbidden: too_late');
		await signUp(MEMBER, { at: '2026-11-26T09:59:00.000Z' });
	});

	it('refuses a role the series does not have, a second active sign-up, a reused id', async () => {
		const unknownRole = await refusal(signUp(MEMBER, { roleKey: 'juggling' }));
		expect(unknownRole).toMatchObject({ code: 'invalid_args', detail: 'roleKey: unknown role' });
		expect(unknownRole.issues).toEqual([{ path: 'roleKey', message: 'unknown role' }]);
		await signUp(MEMBER);
		expect(await refused(MEMBER, 'signup.create@1', signupArgs({ signupId: uuid(801) }))).toBe(
			'conflict: already signed up'
		);
		expect(await refused(OTHER, 'signup.create@1', signupArgs())).toBe('conflict: signup exists');
		// After a cancellation, signing up again is a new request.
		await apply(MEMBER, 'signup.cancel@1', { signupId: uuid(800) });
		await signUp(MEMBER, { signupId: uuid(801) });
		// Another occurrence is another place.
		await signUp(MEMBER, { signupId: uuid(802), occurrence: '2026-12-03T12:30' });
	});

	it('a member of another space may not sign up', async () => {
		expect((await refusal(signUp(uuid(97)))).code).toBe('forbidden');
	});
});

describe('signup.update@1', () => {
	const update = (over: Record<string, unknown> = {}) => ({
		signupId: uuid(800),
		roleKey: null,
		note: '',
		...over
	});

	it('a new note keeps the role’s turn; a new role queues anew (no turn until the server’s)', async () => {
		await accept(MEMBER, 'signup.create@1', signupArgs({ roleKey: 'dessert' }));
		await apply(MEMBER, 'signup.update@1', update({ roleKey: 'dessert', note: 'Tarte' }));
		expect(await db.signups.get(uuid(800))).toMatchObject({
			note: 'Tarte',
			rank: 1,
			roleRank: 1
		});
		// The same again changes nothing.
		await acceptOutboxLocally(db);
		await apply(MEMBER, 'signup.update@1', update({ roleKey: 'dessert', note: 'Tarte' }));
		expect(await db.signups.get(uuid(800))).not.toHaveProperty('pending');
		const id = await apply(MEMBER, 'signup.update@1', update({ roleKey: 'cooking' }));
		expect(await db.signups.get(uuid(800))).toMatchObject({
			roleKey: 'cooking',
			rank: 1,
			roleRank: null,
			pending: id
		});
	});

	it('the authority stamps the new role’s turn', async () => {
		await accept(MEMBER, 'signup.create@1', signupArgs({ roleKey: 'dessert' }));
		await accept(OTHER, 'signup.create@1', signupArgs({ signupId: uuid(801) }));
		await accept(MEMBER, 'signup.update@1', update({ roleKey: 'cooking' }));
		expect(await db.signups.get(uuid(800))).toMatchObject({ rank: 1, roleRank: 3 });
	});

	it('refuses an unknown sign-up, someone else’s, a cancelled one, a cancelled or started occurrence, an unknown role', async () => {
		expect(await refused(MEMBER, 'signup.update@1', update())).toBe('not_found: signup');
		await signUp(MEMBER);
		expect(await refused(OTHER, 'signup.update@1', update())).toBe('forbidden: not your signup');
		expect(await refused(MEMBER, 'signup.update@1', update(), new Date(LUNCH_STARTS))).toBe(
			'forbidden: too_late'
		);
		expect(await refused(MEMBER, 'signup.update@1', update({ roleKey: 'juggling' }))).toBe(
			'invalid_args: roleKey: unknown role'
		);
		await apply(HOST, 'occurrence.change@1', {
			changeId: uuid(810),
			ritualId: RITUAL,
			occurrence: LUNCH,
			cancelled: true,
			startsAt: null,
			durationMinutes: null,
			place: null,
			message: ''
		});
		expect(await refused(MEMBER, 'signup.update@1', update())).toBe('conflict: cancelled');
		await signUp(MEMBER, { signupId: uuid(801), occurrence: '2026-12-03T12:30' });
		await apply(MEMBER, 'signup.cancel@1', { signupId: uuid(801) });
		expect(await refused(MEMBER, 'signup.update@1', update({ signupId: uuid(801) }))).toBe(
			'conflict: cancelled'
		);
	});
});

describe('signup.cancel@1', () => {
	it('cancels one’s own sign-up; cancelling twice changes nothing', async () => {
		await accept(MEMBER, 'signup.create@1', signupArgs());
		const id = await apply(MEMBER, 'signup.cancel@1', { signupId: uuid(800) });
		expect(await db.signups.get(uuid(800))).toMatchObject({
			cancelled: true,
			rank: 1,
			pending: id
		});
		await acceptOutboxLocally(db);
		await apply(MEMBER, 'signup.cancel@1', { signupId: uuid(800) });
		expect(await db.signups.get(uuid(800))).not.toHaveProperty('pending');
	});

	it('is judged by the device’s time of the cancellation, else now', async () => {
		await signUp(MEMBER);
		const later = new Date('2026-11-26T12:00:00.000Z');
		// Made offline at 12:29 in Paris, applied after the start: it counts.
		await apply(
			MEMBER,
			'signup.cancel@1',
			{ signupId: uuid(800), at: '2026-11-26T11:29:00.000Z' },
			later
		);
		expect((await db.signups.get(uuid(800)))?.cancelled).toBe(true);
		await signUp(MEMBER, { signupId: uuid(801) });
		expect(await refused(MEMBER, 'signup.cancel@1', { signupId: uuid(801) }, later)).toBe(
			'forbidden: too_late'
		);
		expect(
			await refused(MEMBER, 'signup.cancel@1', { signupId: uuid(801), at: LUNCH_STARTS })
		).toBe('forbidden: too_late');
	});

	it('refuses an unknown sign-up and someone else’s', async () => {
		expect(await refused(MEMBER, 'signup.cancel@1', { signupId: uuid(800) })).toBe(
			'not_found: signup'
		);
		await signUp(MEMBER);
		expect(await refused(OTHER, 'signup.cancel@1', { signupId: uuid(800) })).toBe(
			'forbidden: not your signup'
		);
	});
});

describe('space.vocabulary@1', () => {
	it('a host writes the space’s kinds and glossary; writing again replaces them', async () => {
		const kinds = [
			{
				key: 'meal',
				label: 'Déjeuner partagé',
				roles: [{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true }]
			}
		];
		const glossary = [{ term: 'La grande table', definition: 'Là où l’on mange.' }];
		const id = await apply(HOST, 'space.vocabulary@1', { kinds, glossary });
		expect(await db.vocabularies.get(SPACE)).toEqual({
			id: SPACE,
			spaceId: SPACE,
			kinds,
			glossary,
			pending: id
		});
		await apply(HOST, 'space.vocabulary@1', { kinds: [], glossary });
		expect((await db.vocabularies.get(SPACE))?.kinds).toEqual([]);
		expect(
			(await refusal(apply(MEMBER, 'space.vocabulary@1', { kinds: [], glossary: [] }))).code
		).toBe('forbidden');
	});
});
