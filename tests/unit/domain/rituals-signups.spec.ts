import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { promotedSince, seatOfUser, seatsOf, type SeatStatus } from '$lib/domain/rituals/signups';
import { ritual, signup } from './rituals-builders';

const statuses = (list: ReturnType<typeof seatsOf>) =>
	list.seats.map((s) => `${s.signup.userId}:${s.status}${s.position ? `#${s.position}` : ''}`);

describe('places at one occurrence', () => {
	it('without a capacity, everyone the server ranked is confirmed', () => {
		const seats = seatsOf(ritual(), [signup('ana', 3), signup('bob', 1)]);
		expect(statuses(seats)).toEqual(['bob:confirmed', 'ana:confirmed']);
		expect(seats.placesLeft).toBeNull();
	});

	it('the first `capacity` by server order are confirmed, the others wait in order', () => {
		const list = [
			signup('e', 50),
			signup('a', 10),
			signup('d', 40),
			signup('b', 20),
			signup('c', 30)
		];
		const seats = seatsOf(ritual({ capacity: 3 }), list);
		expect(statuses(seats)).toEqual([
			'a:confirmed',
			'b:confirmed',
			'c:confirmed',
			'd:waitlisted#1',
			'e:waitlisted#2'
		]);
		expect(seats).toMatchObject({ confirmed: 3, waitlisted: 2, pending: 0, placesLeft: 0 });
	});

	it('a cancellation promotes the next one, with no other change', () => {
		const list = [signup('a', 10), signup('b', 20), signup('c', 30), signup('d', 40)];
		list[1]!.cancelled = true;
		expect(statuses(seatsOf(ritual({ capacity: 2 }), list))).toEqual([
			'a:confirmed',
			'c:confirmed',
			'd:waitlisted#1'
		]);
	});

	it('device clocks never decide: a sign-up made earlier on a device but ranked later waits', () => {
		const early = signup('early', 20, { createdAt: '2026-12-01T08:00:00.000Z' });
		const late = signup('late', 10, { createdAt: '2026-12-01T10:00:00.000Z' });
		expect(statuses(seatsOf(ritual({ capacity: 1 }), [early, late]))).toEqual([
			'late:confirmed',
			'early:waitlisted#1'
		]);
	});

	it('a sign-up the server has not ranked is pending, after the ranked ones, and takes no place', () => {
		const seats = seatsOf(ritual({ capacity: 2 }), [signup('me', null), signup('a', 10)]);
		expect(statuses(seats)).toEqual(['a:confirmed', 'me:pending']);
		expect(seats).toMatchObject({ confirmed: 1, pending: 1, placesLeft: 1 });
		expect(seatOfUser(seats, 'me')?.status).toBe('pending');
		expect(seatOfUser(seats, 'nobody')).toBeNull();
	});
});

describe('role slots', () => {
	it('go to confirmed holders in the order they took the role; the open slots are the gap', () => {
		const list = [
			signup('a', 10, { roleKey: 'dessert', roleRank: 12 }),
			signup('b', 20, { roleKey: 'dessert', roleRank: 11 }),
			signup('c', 30, { roleKey: 'dessert' }),
			signup('d', 40, { roleKey: 'cooking' })
		];
		const seats = seatsOf(ritual(), list);
		expect(seats.seats.map((s) => `${s.signup.userId}:${s.roleStatus}`)).toEqual([
			'a:filled',
			'b:filled',
			'c:over',
			'd:filled'
		]);
		expect(
			seats.roles.map(({ key, filled, open, pending }) => ({ key, filled, open, pending }))
		).toEqual([
			{ key: 'cooking', filled: 1, open: 1, pending: 0 },
			{ key: 'dessert', filled: 2, open: 0, pending: 0 },
			{ key: 'setup', filled: 0, open: 1, pending: 0 }
		]);
	});

	it('switching to a role late never bumps whoever took it first', () => {
		// b has the older place (rank 5) but took dessert after a did (roleRank 30 > 12).
		const a = signup('a', 10, { roleKey: 'dessert', roleRank: 12 });
		const b = signup('b', 5, { roleKey: 'dessert', roleRank: 30 });
		const seats = seatsOf(
			ritual({ roles: [{ key: 'dessert', label: 'Dessert', slots: 1, animates: false }] }),
			[a, b]
		);
		expect(seatOfUser(seats, 'a')?.roleStatus).toBe('filled');
		expect(seatOfUser(seats, 'b')?.roleStatus).toBe('over');
	});

	it('a waitlisted holder does not fill a slot; a pending one is counted as pending', () => {
		const list = [
			signup('a', 10),
			signup('b', 20, { roleKey: 'setup' }),
			signup('c', null, { roleKey: 'setup' }),
			signup('d', 30, { roleKey: 'cooking', roleRank: null })
		];
		const seats = seatsOf(ritual({ capacity: 1 }), list);
		expect(seats.seats.map((s) => `${s.signup.userId}:${s.status}:${s.roleStatus}`)).toEqual([
			'a:confirmed:null',
			'b:waitlisted:waiting',
			'd:waitlisted:waiting',
			'c:pending:pending'
		]);
		expect(seats.roles.find((r) => r.key === 'setup')).toMatchObject({
			filled: 0,
			open: 1,
			pending: 1
		});
	});

	it('a changed role not yet on the server is pending; a role the ritual dropped counts as attending', () => {
		const list = [
			signup('a', 10, { roleKey: 'cooking', roleRank: null }),
			signup('b', 20, { roleKey: 'juggling' })
		];
		const seats = seatsOf(ritual(), list);
		expect(seatOfUser(seats, 'a')?.roleStatus).toBe('pending');
		expect(seatOfUser(seats, 'b')).toMatchObject({
			role: null,
			roleStatus: null,
			status: 'confirmed'
		});
	});
});

describe('promotion from the waitlist', () => {
	it('is the sign-ups last seen waiting that are now confirmed', () => {
		const list = [signup('a', 10), signup('b', 20), signup('c', 30)];
		const before = seatsOf(ritual({ capacity: 1 }), list);
		const seen: Record<string, SeatStatus> = Object.fromEntries(
			before.seats.map((s) => [s.signup.id, s.status])
		);
		list[0]!.cancelled = true;
		const after = seatsOf(ritual({ capacity: 1 }), list);
		expect(promotedSince(seen, after.seats).map((s) => s.signup.userId)).toEqual(['b']);
		// Seen again: nothing new to tell.
		const again = Object.fromEntries(after.seats.map((s) => [s.signup.id, s.status]));
		expect(promotedSince(again, after.seats)).toEqual([]);
	});
});

describe('whatever the sign-ups (property)', () => {
	const scenario = fc.record({
		capacity: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
		people: fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 20 }),
		cancelled: fc.array(fc.boolean(), { maxLength: 20 }),
		pending: fc.array(fc.boolean(), { maxLength: 20 })
	});

	it('confirmed = min(capacity, ranked active); the waitlist is 1..k with no gap; one cancellation of a confirmed place promotes exactly one', () => {
		fc.assert(
			fc.property(scenario, ({ capacity, people, cancelled, pending }) => {
				const list = people.map((rank, i) =>
					signup(`u${i}`, pending[i] ? null : rank, { cancelled: cancelled[i] ?? false })
				);
				const seats = seatsOf(ritual({ capacity }), list);
				const ranked = list.filter((s) => !s.cancelled && s.rank !== null).length;
				expect(seats.confirmed).toBe(capacity === null ? ranked : Math.min(capacity, ranked));
				expect(seats.seats.filter((s) => s.status === 'waitlisted').map((s) => s.position)).toEqual(
					Array.from({ length: seats.waitlisted }, (_, i) => i + 1)
				);
				const firstConfirmed = seats.seats.find((s) => s.status === 'confirmed');
				if (!firstConfirmed) return;
				const before = new Set(
					seats.seats.filter((s) => s.status === 'confirmed').map((s) => s.signup.id)
				);
				firstConfirmed.signup.cancelled = true;
				const after = seatsOf(ritual({ capacity }), list);
				const newly = after.seats.filter(
					(s) => s.status === 'confirmed' && !before.has(s.signup.id)
				);
				expect(newly).toHaveLength(seats.waitlisted > 0 ? 1 : 0);
			})
		);
	});
});
