import { describe, expect, it } from 'vitest';
import {
	addDays,
	isoWeekday,
	localDateOf,
	localDayBounds,
	localMinutesOf,
	zonedInstant
} from '$lib/domain/time';
import { contractFromPlan } from '$lib/domain/contracts';
import { presenceNow, presenceSince } from '$lib/domain/presence';
import { MEMBER, OTHER, SPACE, plan, uuid, visit } from '../builders';

describe('time zones', () => {
	it.each([
		['winter time', '2026-01-15', 9, 0, '2026-01-15T08:00:00.000Z'],
		['summer time', '2026-07-15', 9, 0, '2026-07-15T07:00:00.000Z'],
		['the day after spring-forward', '2026-03-30', 9, 0, '2026-03-30T07:00:00.000Z'],
		['before the spring gap', '2026-03-29', 1, 30, '2026-03-29T00:30:00.000Z'],
		['in the spring gap (lands after it)', '2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'],
		['after the spring gap', '2026-03-29', 3, 30, '2026-03-29T01:30:00.000Z'],
		['the repeated autumn hour (first time)', '2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'],
		['after the autumn change', '2026-10-25', 3, 30, '2026-10-25T02:30:00.000Z'],
		['midnight on new year', '2027-01-01', 0, 0, '2026-12-31T23:00:00.000Z']
	])('places a Paris wall time in %s', (_, date, h, min, expected) => {
		expect(zonedInstant(date, h, min, 'Europe/Paris')).toBe(expected);
	});

	it('works in zones far from Paris, with half-hour offsets and southern summers', () => {
		expect(zonedInstant('2026-07-01', 9, 0, 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
		expect(zonedInstant('2026-07-01', 9, 0, 'Asia/Kolkata')).toBe('2026-07-01T03:30:00.000Z');
		expect(zonedInstant('2026-01-15', 9, 0, 'Australia/Sydney')).toBe('2026-01-14T22:00:00.000Z');
		expect(localDateOf('2026-01-14T22:00:00.000Z', 'Australia/Sydney')).toBe('2026-01-15');
		expect(localMinutesOf('2026-07-01T03:30:00.000Z', 'Asia/Kolkata')).toBe(9 * 60);
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

	it('looks at visits started in the last day (older open ones are forgotten check-outs)', () => {
		expect(presenceSince(new Date('2026-11-26T10:00:00.000Z'))).toBe('2026-11-25T10:00:00.000Z');
	});

	it('ignores closed visits', () => {
		expect(presenceNow([visit({ endedAt: '2026-11-26T10:00:00.000Z' })], []).count).toBe(0);
	});
});

describe('wall time round trip (property)', () => {
	it('the instant found for a wall time shows that wall time', async () => {
		const fc = (await import('fast-check')).default;
		const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
				fc.constantFrom(...zones),
				(minute, zone) => {
					const instant = new Date(minute * 60_000).toISOString();
					const date = localDateOf(instant, zone);
					const minutes = localMinutesOf(instant, zone);
					const found = zonedInstant(date, Math.floor(minutes / 60), minutes % 60, zone);
					expect(localDateOf(found, zone)).toBe(date);
					expect(localMinutesOf(found, zone)).toBe(minutes);
					expect(Date.parse(found)).toBeLessThanOrEqual(Date.parse(instant));
				}
			),
			{ numRuns: 3000 }
		);
	});
});
