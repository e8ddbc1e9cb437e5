import { describe, expect, it } from 'vitest';
import {
	isoWeekday,
	localDateOf,
	localDayBounds,
	localMinutesOf,
	zonedInstant
} from '$lib/domain/time';
import { addDays, contractFromPlan } from '$lib/domain/contracts';
import { presenceNow } from '$lib/domain/presence';
import { MEMBER, OTHER, SPACE, plan, uuid, visit } from '../builders';

describe('time zones', () => {
	it.each([
		['winter time', '2026-01-15', 9, 0, '2026-01-15T08:00:00.000Z'],
		['summer time', '2026-07-15', 9, 0, '2026-07-15T07:00:00.000Z'],
		['the day after spring-forward', '2026-03-30', 9, 0, '2026-03-30T07:00:00.000Z']
	])('places a Paris wall time in %s', (_, date, h, min, expected) => {
		expect(zonedInstant(date, h, min, 'Europe/Paris')).toBe(expected);
	});

	it('reads local dates and minutes in the space’s zone', () => {
		expect(localDateOf('2026-11-26T23:30:00.000Z', 'Europe/Paris')).toBe('2026-11-27');
		expect(localDateOf('2026-11-26T23:30:00.000Z', 'America/New_York')).toBe('2026-11-26');
		expect(localMinutesOf('2026-11-26T08:15:00.000Z', 'Europe/Paris')).toBe(9 * 60 + 15);
	});

	it.each([
		['an ordinary day', '2026-11-26', 24],
		['the spring-forward day', '2026-03-29', 23],
		['the fall-back day', '2026-10-25', 25]
	])('bounds %s in Paris', (_, date, hours) => {
		const { start, end } = localDayBounds(date, 'Europe/Paris');
		expect(localDateOf(start, 'Europe/Paris')).toBe(date);
		expect((Date.parse(end) - Date.parse(start)) / 3600_000).toBe(hours);
	});

	it('numbers ISO weekdays from Monday', () => {
		expect(isoWeekday('2026-11-23')).toBe(1);
		expect(isoWeekday('2026-11-29')).toBe(7);
	});
});

describe('contracts', () => {
	it('adds calendar days across month and leap-year ends', () => {
		expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});

	it('makes a pack expire after its validity, the last day inclusive', () => {
		const sold = contractFromPlan(plan(), {
			contractId: uuid(5),
			spaceId: SPACE,
			userId: MEMBER,
			startsOn: '2026-01-01'
		});
		expect(sold).toMatchObject({ expiresOn: '2026-03-31', minutesGranted: 600, kind: 'pack' });
	});

	it('keeps the rules of the sale when the plan changes later', () => {
		const p = plan();
		const sold = contractFromPlan(p, {
			contractId: uuid(5),
			spaceId: SPACE,
			userId: MEMBER,
			startsOn: '2026-01-01'
		});
		p.rules.incrementMinutes = 30;
		expect(sold.rules.incrementMinutes).toBe(15);
	});

	it('gives monthly and resident contracts no expiry', () => {
		const sale = { contractId: uuid(5), spaceId: SPACE, userId: MEMBER, startsOn: '2026-01-01' };
		expect(
			contractFromPlan(plan({ kind: 'monthly', validityDays: null, hours: 40 }), sale).expiresOn
		).toBeNull();
		expect(
			contractFromPlan(plan({ kind: 'resident', validityDays: null, hours: null }), sale)
		).toMatchObject({
			expiresOn: null,
			minutesGranted: null
		});
	});
});

describe('who is here now', () => {
	const member = (userId: string, displayName: string, showPresence: boolean) => ({
		id: `${SPACE}:${userId}`,
		spaceId: SPACE,
		userId,
		displayName,
		role: 'member' as const,
		showPresence
	});

	it('counts everyone present but names only those who chose to appear', () => {
		const open = [visit({ userId: MEMBER }), visit({ id: uuid(2), userId: OTHER })];
		const result = presenceNow(open, [
			member(MEMBER, 'Camille', false),
			member(OTHER, 'Léa', true)
		]);
		expect(result).toEqual({ count: 2, names: ['Léa'] });
	});

	it('ignores closed visits', () => {
		expect(presenceNow([visit({ endedAt: '2026-11-26T10:00:00.000Z' })], []).count).toBe(0);
	});
});
