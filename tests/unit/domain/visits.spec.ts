import { describe, expect, it } from 'vitest';
import { checkIn, checkOut, elapsedSeconds, presentSecondsOn } from '$lib/domain/visits';
import { localDayBounds } from '$lib/domain/time';
import { MEMBER, OTHER, SPACE, uuid, visit } from '../builders';

const at = '2026-11-26T09:00:00.000Z';

describe('checking in', () => {
	it('opens a visit for the member at the given instant', () => {
		const { opened, closed } = checkIn(undefined, {
			visitId: uuid(2),
			spaceId: SPACE,
			userId: MEMBER,
			at
		});
		expect(opened).toEqual({
			id: uuid(2),
			spaceId: SPACE,
			userId: MEMBER,
			startedAt: at,
			endedAt: null,
			autoClosed: false,
			flagged: false,
			reviewed: false
		});
		expect(closed).toBeUndefined();
	});

	it('refuses a second check-in at the same space', () => {
		expect(() =>
			checkIn(visit(), { visitId: uuid(2), spaceId: SPACE, userId: MEMBER, at })
		).toThrow(/conflict/);
	});

	it('closes the open visit when checking in at another space', () => {
		const elsewhere = uuid(77);
		const { closed } = checkIn(visit(), {
			visitId: uuid(2),
			spaceId: elsewhere,
			userId: MEMBER,
			at
		});
		expect(closed?.endedAt).toBe(at);
	});

	it('never closes a visit before its start, even when the clock went back', () => {
		const open = visit({ startedAt: '2026-11-26T10:00:00.000Z' });
		const { closed } = checkIn(open, { visitId: uuid(2), spaceId: uuid(77), userId: MEMBER, at });
		expect(closed?.endedAt).toBe(open.startedAt);
	});
});

describe('checking out', () => {
	const hours = { timeZone: 'Europe/Paris', closingTime: '20:00' };
	const member = { userId: MEMBER, host: false };

	it('closes one’s own open visit', () => {
		expect(checkOut(visit(), member, at, hours)).toMatchObject({ endedAt: at, autoClosed: false });
	});

	it('a host may close a member’s visit', () => {
		expect(checkOut(visit(), { userId: OTHER, host: true }, at, hours).endedAt).toBe(at);
	});

	it('never past the closing time: a late check-out ends the visit there, marked', () => {
		const late = '2026-11-26T21:30:00.000Z'; // 22:30 in Paris
		expect(checkOut(visit(), member, late, hours)).toMatchObject({
			endedAt: '2026-11-26T19:00:00.000Z',
			autoClosed: true
		});
	});

	it.each([
		['a missing visit', undefined, MEMBER, at, /not_found/],
		['someone else’s visit', visit(), OTHER, at, /forbidden/],
		['a closed visit', visit({ endedAt: at }), MEMBER, at, /conflict/],
		['an end before the start', visit(), MEMBER, '2026-11-26T07:59:59.000Z', /invalid_args/]
	])('refuses %s', (_, open, actor, end, error) => {
		expect(() => checkOut(open, { userId: actor, host: false }, end, hours)).toThrow(error);
	});
});

describe('checking in with a forgotten open visit', () => {
	const hours = { timeZone: 'Europe/Paris', closingTime: '20:00' };
	const yesterday = visit({ startedAt: '2026-11-25T08:00:00.000Z' });

	it('closes yesterday’s visit at yesterday’s closing time, marked, even at the same space', () => {
		const { opened, closed } = checkIn(
			yesterday,
			{ visitId: uuid(2), spaceId: SPACE, userId: MEMBER, at },
			hours
		);
		expect(closed).toMatchObject({ endedAt: '2026-11-25T19:00:00.000Z', autoClosed: true });
		expect(opened.startedAt).toBe(at);
	});

	it('a check-in exactly at the closing time closes the open visit there too', () => {
		const closing = '2026-11-25T19:00:00.000Z';
		const { closed } = checkIn(
			yesterday,
			{ visitId: uuid(3), spaceId: SPACE, userId: MEMBER, at: closing },
			hours
		);
		expect(closed).toMatchObject({ endedAt: closing, autoClosed: true });
	});

	it('still refuses a second check-in while today’s visit is open', () => {
		const today = visit({ startedAt: '2026-11-26T07:00:00.000Z' });
		expect(() =>
			checkIn(today, { visitId: uuid(2), spaceId: SPACE, userId: MEMBER, at }, hours)
		).toThrow(/conflict/);
	});
});

describe('time present', () => {
	it('measures real elapsed time across the autumn DST change in Paris', () => {
		// 01:30 summer time → 02:30 winter time on 25 October 2026 is two real hours.
		expect(elapsedSeconds('2026-10-24T23:30:00.000Z', '2026-10-25T01:30:00.000Z')).toBe(7200);
	});

	it('sums the visits that started on the local date, the open one up to now', () => {
		const tz = 'Europe/Paris';
		const visits = [
			visit({
				id: uuid(1),
				startedAt: '2026-11-26T08:00:00.000Z',
				endedAt: '2026-11-26T10:00:00.000Z'
			}),
			visit({ id: uuid(2), startedAt: '2026-11-26T12:00:00.000Z', endedAt: null }),
			visit({
				id: uuid(3),
				startedAt: '2026-11-25T08:00:00.000Z',
				endedAt: '2026-11-25T09:00:00.000Z'
			})
		];
		const now = new Date('2026-11-26T12:30:00.000Z');
		expect(presentSecondsOn(visits, localDayBounds('2026-11-26', tz), now)).toBe(2.5 * 3600);
	});

	it('counts a visit across midnight on the day it started', () => {
		const tz = 'Europe/Paris';
		const late = visit({
			startedAt: '2026-11-26T21:00:00.000Z',
			endedAt: '2026-11-27T00:00:00.000Z'
		});
		const now = new Date('2026-11-27T08:00:00.000Z');
		expect(presentSecondsOn([late], localDayBounds('2026-11-26', tz), now)).toBe(3 * 3600);
		expect(presentSecondsOn([late], localDayBounds('2026-11-27', tz), now)).toBe(0);
	});
});
