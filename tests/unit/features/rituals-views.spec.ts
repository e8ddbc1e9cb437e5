import { afterEach, describe, expect, it } from 'vitest';
import { byDay, mySeats, occurrencesIn, type StoredSignup } from '$lib/features/rituals/agenda';
import {
	endMessageOf,
	isOccurrenceKey,
	namesFor,
	occurrenceModel,
	peopleOf,
	roleSlots,
	seriesOf
} from '$lib/features/rituals/occurrence-view';
import { seatsOf } from '$lib/domain/rituals/signups';
import type { Membership } from '$lib/domain/types';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { LUNCH, SPACE, change, ritual, signup } from '../domain/rituals-builders';

const PARIS = 'Europe/Paris';
/** Monday 7 December 2026, 10:00 in Paris; the lunch is on Thursdays at 12:30. */
const NOW = new Date('2026-12-07T09:00:00.000Z');
const options = { timeZone: PARIS, from: '2026-12-07', to: '2026-12-31', now: NOW, userId: 'me' };
const NEXT = '2026-12-10T12:30';

afterEach(() => overwriteGetLocale(() => 'fr'));

describe('the list of coming occurrences', () => {
	it('expands every series in the window, in start order, grouped by local day', () => {
		const breakfast = ritual({
			id: 'b',
			title: 'Petit-déjeuner',
			rrule: 'FREQ=WEEKLY;BYDAY=TH',
			startsAt: '2026-01-01T09:00'
		});
		const items = occurrencesIn(
			{ rituals: [ritual(), breakfast], changes: [], signups: [] },
			options
		);
		expect(items.map((i) => `${i.occurrence.local} ${i.ritual.title}`)).toEqual([
			'2026-12-10T09:00 Petit-déjeuner',
			'2026-12-10T12:30 Déjeuner partagé',
			'2026-12-17T09:00 Petit-déjeuner',
			'2026-12-17T12:30 Déjeuner partagé',
			'2026-12-24T09:00 Petit-déjeuner',
			'2026-12-24T12:30 Déjeuner partagé',
			'2026-12-31T09:00 Petit-déjeuner',
			'2026-12-31T12:30 Déjeuner partagé'
		]);
		expect(byDay(items).map((day) => [day.date, day.items.length])).toEqual([
			['2026-12-10', 2],
			['2026-12-17', 2],
			['2026-12-24', 2],
			['2026-12-31', 2]
		]);
	});

	it('leaves out what is over, keeps what is under way', () => {
		const during = { ...options, from: '2026-12-10', now: new Date('2026-12-10T12:00:00.000Z') };
		const after = { ...options, from: '2026-12-10', now: new Date('2026-12-10T13:00:00.000Z') };
		const input = { rituals: [ritual()], changes: [], signups: [] };
		expect(occurrencesIn(input, during)[0]?.occurrence.key).toBe(NEXT);
		expect(occurrencesIn(input, after)[0]?.occurrence.key).toBe('2026-12-17T12:30');
	});

	it('lists a moved occurrence on its new day, and a cancelled one as cancelled', () => {
		const changes = [
			change({ occurrence: NEXT, startsAt: '2026-12-11T19:00' }),
			change({ id: 'c2', occurrence: '2026-12-17T12:30', cancelled: true, message: 'Travaux' })
		];
		const items = occurrencesIn({ rituals: [ritual()], changes, signups: [] }, options);
		expect(items[0]).toMatchObject({
			date: '2026-12-11',
			occurrence: { key: NEXT, local: '2026-12-11T19:00' }
		});
		expect(items[1]?.occurrence).toMatchObject({ cancelled: true, change: { message: 'Travaux' } });
	});

	it('places the sign-ups of each occurrence and finds mine, pending when not synced', () => {
		const lunch = ritual({ capacity: 2 });
		const signups: StoredSignup[] = [
			signup('ana', 1, { occurrence: NEXT }),
			signup('bob', 2, { occurrence: NEXT, roleKey: 'dessert' }),
			{ ...signup('me', 3, { occurrence: NEXT }), pending: 7 },
			signup('me', null, { occurrence: '2026-12-17T12:30' }),
			signup('zoe', 4, { occurrence: NEXT, cancelled: true })
		];
		const [next, after] = occurrencesIn({ rituals: [lunch], changes: [], signups }, options);
		expect(next?.seats).toMatchObject({ confirmed: 2, waitlisted: 1, placesLeft: 0 });
		expect(next?.mine).toMatchObject({ status: 'waitlisted', position: 1 });
		expect(next?.minePending).toBe(true);
		expect(after?.mine?.status).toBe('pending');
		expect(mySeats([next!, after!])).toHaveLength(2);
	});
});

const member = (userId: string, displayName: string, showPresence = false): Membership => ({
	id: `${SPACE}:${userId}`,
	spaceId: SPACE,
	userId,
	displayName,
	role: 'member',
	showPresence
});
const members = [
	member('me', 'Camille Dubois'),
	member('ana', 'Ana Lima', true),
	member('bob', 'Bob Roy'),
	member('cy', 'Cy Ferrand')
];

describe('one occurrence', () => {
	const at = (key: string, over: Parameters<typeof occurrenceModel>[0] | object = {}) =>
		occurrenceModel(
			{ rituals: [ritual()], ritual: ritual(), changes: [], signups: [], ...over },
			key,
			{ timeZone: PARIS, now: NOW, userId: 'me' }
		);

	it('is scheduled, not started, with its places and my seat', () => {
		const model = at(NEXT, { signups: [signup('me', 1, { occurrence: NEXT })] });
		expect(model).toMatchObject({ state: 'scheduled', started: false, moved: false, message: '' });
		expect(model?.mine?.status).toBe('confirmed');
		const started = occurrenceModel(
			{ rituals: [ritual()], ritual: ritual(), changes: [], signups: [] },
			NEXT,
			{ timeZone: PARIS, now: new Date('2026-12-10T11:30:00.000Z'), userId: 'me' }
		);
		expect(started).toMatchObject({ started: true, ended: false });
	});

	it('is cancelled or moved with the host message', () => {
		const cancelled = at(NEXT, {
			changes: [change({ occurrence: NEXT, cancelled: true, message: 'Travaux' })]
		});
		expect(cancelled).toMatchObject({ state: 'cancelled', message: 'Travaux' });
		const moved = at(NEXT, {
			changes: [change({ occurrence: NEXT, startsAt: '2026-12-10T13:00', message: 'Plus tard' })]
		});
		expect(moved).toMatchObject({ state: 'scheduled', moved: true, message: 'Plus tard' });
	});

	it('is no longer scheduled after the series ended, with its message, while I am signed up', () => {
		const ended = ritual({
			endsBefore: '2026-12-10T12:30',
			endMessage: 'On arrête les déjeuners.'
		});
		const model = at(NEXT, {
			rituals: [ended],
			ritual: ended,
			signups: [signup('me', 1, { occurrence: NEXT })]
		});
		expect(model).toMatchObject({ state: 'unscheduled', message: 'On arrête les déjeuners.' });
		expect(model?.mine).not.toBeNull();
		expect(model?.occurrence.startsAt).toBe('2026-12-10T11:30:00.000Z');
	});

	it('is nothing at all for a date the series never had (a bad link)', () => {
		expect(at('2026-12-11T12:30')).toBeNull();
		expect(at('2026-12-10T12:00')).toBeNull();
	});

	it('follows a split series to the one that carries on, and its message', () => {
		const old = ritual({
			endsBefore: '2026-12-01T00:00',
			endMessage: 'On passe au vendredi.',
			continuedBy: 'new'
		});
		const next = ritual({ id: 'new', rrule: 'FREQ=WEEKLY;BYDAY=FR', startsAt: '2026-12-04T12:30' });
		expect(seriesOf([old, next], LUNCH, NEXT)?.id).toBe('new');
		expect(seriesOf([old, next], LUNCH, '2026-11-26T12:30')?.id).toBe(LUNCH);
		expect(seriesOf([old], LUNCH, NEXT)?.id).toBe(LUNCH);
		expect(seriesOf([old, next], 'nope', NEXT)).toBeNull();
		// My Thursday sign-up moved to the Friday series: no longer scheduled, with the split's word.
		expect(endMessageOf(next, NEXT, [old, next])).toBe('On passe au vendredi.');
		expect(endMessageOf(ritual(), NEXT, [ritual()])).toBe('');
	});

	it('accepts only well-formed keys', () => {
		expect(isOccurrenceKey('2026-12-10T12:30')).toBe(true);
		for (const bad of ['2026-13-10T12:30', '2026-12-10', '2026-12-10T24:00', '', 'x']) {
			expect(isOccurrenceKey(bad), bad).toBe(false);
		}
	});
});

describe('people at an occurrence, as a reader may see them', () => {
	const lunch = ritual({ capacity: 3 });
	const seats = seatsOf(lunch, [
		signup('ana', 1, { roleKey: 'dessert', note: 'Tarte' }),
		signup('bob', 2, { roleKey: 'dessert', note: 'Sans gluten' }),
		signup('me', 3, { note: 'Végétarienne' }),
		signup('cy', 4),
		{ ...signup('me', 5), userId: null },
		signup('zed', null, { roleKey: 'setup' })
	]);
	const memberView = { userId: 'me', isHost: false };
	const hostView = { userId: 'host', isHost: true };

	it('names only those who show their name, and me; counts the others', () => {
		const people = peopleOf(seats, namesFor(members, memberView), memberView);
		expect(people.coming.map((p) => p.me || p.name)).toEqual([true, 'Ana Lima']);
		expect(people).toMatchObject({ comingCount: 3, others: 1, pending: 1 });
		expect(people.waitlist.map((p) => p.name)).toEqual([null, null]);
	});

	it('shows a host every name and note', () => {
		const people = peopleOf(seats, namesFor(members, hostView), hostView);
		expect(people.coming.map((p) => p.name)).toEqual(['Ana Lima', 'Bob Roy', 'Camille Dubois']);
		expect(people.coming.map((p) => p.note)).toEqual(['Tarte', 'Sans gluten', 'Végétarienne']);
	});

	it('gives role slots to their holders, pending ones after, and says what is free', () => {
		const roles = roleSlots(seats, namesFor(members, memberView), memberView);
		const dessert = roles.find((r) => r.key === 'dessert')!;
		// Ana shows her name and what she brings; Bob does not show his, nor his note.
		expect(dessert.holders.map((h) => [h.name, h.note])).toEqual([
			['Ana Lima', 'Tarte'],
			[null, '']
		]);
		expect(dessert.open).toBe(0);
		const setup = roles.find((r) => r.key === 'setup')!;
		expect(setup.holders.map((h) => h.pending)).toEqual([true]);
		// A slot someone took here, not synced yet, is not offered again.
		expect(setup.open).toBe(0);
		expect(roles.find((r) => r.key === 'cooking')?.open).toBe(2);
	});
});
