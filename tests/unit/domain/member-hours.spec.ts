import { describe, expect, it } from 'vitest';
import { billSteps, defaultRules, memberHours, rulesFor } from '$lib/domain/member-hours';
import { zonedInstant } from '$lib/domain/time';
import type { Adjustment, Contract, Space } from '$lib/domain/types';
import { MEMBER, SPACE, rules, uuid, visit } from '../builders';

const PARIS = 'Europe/Paris';
const paris = (date: string, hh: number, mm = 0) => zonedInstant(date, hh, mm, PARIS);
const space: Space = {
	id: SPACE,
	name: 'La Cantine',
	timeZone: PARIS,
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: 120
};
const pack = (over: Partial<Contract> = {}): Contract => ({
	id: uuid(500),
	spaceId: SPACE,
	userId: MEMBER,
	planId: uuid(900),
	kind: 'pack',
	startsOn: '2026-11-01',
	expiresOn: '2027-01-29',
	minutesGranted: 600,
	rules: rules({ minimumMinutes: 60, dailyCapMinutes: 480 }),
	...over
});

describe('a member’s hours as the screens show them', () => {
	const now = new Date(paris('2026-11-26', 11));

	it('bills the open visit up to now: today’s billed time and the balance tick while present', () => {
		const here = visit({ id: uuid(1), startedAt: paris('2026-11-26', 9, 2) });
		const hours = memberHours({ space, contracts: [pack()], visits: [here], adjustments: [], now });
		expect(hours.open?.id).toBe(uuid(1));
		expect(hours.billedToday).toBe(120); // 1 h 58 min rounded up to 15 min
		expect(hours.statement.balance).toBe(600 - 120);
	});

	it('counts a visit left open past closing time as closed then, marked', () => {
		const forgotten = visit({ id: uuid(2), startedAt: paris('2026-11-25', 9) });
		const hours = memberHours({
			space,
			contracts: [pack()],
			visits: [forgotten],
			adjustments: [],
			now
		});
		expect(hours.open).toBeUndefined();
		expect(hours.visits[0]).toMatchObject({ endedAt: paris('2026-11-25', 20), autoClosed: true });
		expect(hours.bills.get(uuid(2))?.billedMinutes).toBe(480); // 11 h capped at 8 h
		expect(hours.billedToday).toBe(0);
	});

	it('leaves other spaces out, and lists visits latest first', () => {
		const visits = [
			visit({ id: uuid(3), startedAt: paris('2026-11-20', 9), endedAt: paris('2026-11-20', 10) }),
			visit({ id: uuid(4), startedAt: paris('2026-11-24', 9), endedAt: paris('2026-11-24', 10) }),
			visit({ id: uuid(5), spaceId: uuid(77), startedAt: paris('2026-11-25', 9) })
		];
		const hours = memberHours({ space, contracts: [pack()], visits, adjustments: [], now });
		expect(hours.visits.map((v) => v.id)).toEqual([uuid(4), uuid(3)]);
	});

	it('takes host adjustments into the balance', () => {
		const credit: Adjustment = {
			id: uuid(6),
			spaceId: SPACE,
			userId: MEMBER,
			minutes: 90,
			contractId: null,
			localDate: '2026-11-20',
			reason: 'Panne de wifi',
			createdBy: uuid(8),
			createdAt: paris('2026-11-20', 12)
		};
		const hours = memberHours({
			space,
			contracts: [pack()],
			visits: [],
			adjustments: [credit],
			now
		});
		expect(hours.statement.balance).toBe(690);
	});

	it('is low under the space’s threshold, and past the overdraft limit asks to see a host', () => {
		const small = pack({ minutesGranted: 60 });
		const long = visit({
			id: uuid(7),
			startedAt: paris('2026-11-24', 9),
			endedAt: paris('2026-11-24', 13)
		});
		const hours = memberHours({ space, contracts: [small], visits: [long], adjustments: [], now });
		expect(hours.statement).toMatchObject({ debt: 180, overdraft: true, low: true });
		expect(hours.pastOverdraftLimit).toBe(true);
		const lenient = memberHours({
			space: { ...space, overdraftLimitMinutes: null },
			contracts: [small],
			visits: [long],
			adjustments: [],
			now
		});
		expect(lenient.pastOverdraftLimit).toBe(false);
	});
});

describe('which rules bill a visit', () => {
	const expiring = pack({
		id: 'a',
		expiresOn: '2026-11-30',
		rules: rules({ incrementMinutes: 30 })
	});
	const fresh = pack({ id: 'b', startsOn: '2026-11-15', expiresOn: '2027-02-12' });

	it('the contract valid that day that expires first (the one FIFO draws from)', () => {
		expect(rulesFor([fresh, expiring], '2026-11-20').incrementMinutes).toBe(30);
		expect(rulesFor([fresh, expiring], '2026-12-02')).toEqual(fresh.rules);
	});

	it('before any contract: the latest one started earlier, else the defaults', () => {
		expect(rulesFor([expiring], '2027-03-01').incrementMinutes).toBe(30);
		expect(rulesFor([fresh], '2026-10-01')).toEqual(defaultRules);
	});
});

describe('the breakdown of a bill', () => {
	it('says every step: duration, rounding, minimum, cap, result', () => {
		const hours = memberHours({
			space,
			contracts: [pack()],
			visits: [
				visit({
					id: uuid(1),
					startedAt: paris('2026-11-24', 8),
					endedAt: paris('2026-11-24', 8, 20)
				}),
				visit({ id: uuid(2), startedAt: paris('2026-11-24', 9), endedAt: paris('2026-11-24', 19) })
			],
			adjustments: [],
			now: new Date(paris('2026-11-26', 9))
		});
		expect(billSteps(hours.bills.get(uuid(1))!)).toEqual([
			{ step: 'duration', seconds: 1200 },
			{ step: 'rounded', incrementMinutes: 15, rounding: 'up', minutes: 30 },
			{ step: 'minimum', minimumMinutes: 60 },
			{ step: 'billed', minutes: 60 }
		]);
		expect(billSteps(hours.bills.get(uuid(2))!)).toEqual([
			{ step: 'duration', seconds: 36_000 },
			{ step: 'rounded', incrementMinutes: 15, rounding: 'up', minutes: 600 },
			{ step: 'cap', capMinutes: 480, billedMinutes: 420 },
			{ step: 'billed', minutes: 420 }
		]);
	});

	it('a visit within the grace is free', () => {
		const hours = memberHours({
			space,
			contracts: [pack()],
			visits: [
				visit({
					id: uuid(3),
					startedAt: paris('2026-11-24', 9),
					endedAt: paris('2026-11-24', 9, 5)
				})
			],
			adjustments: [],
			now: new Date(paris('2026-11-26', 9))
		});
		expect(billSteps(hours.bills.get(uuid(3))!)).toEqual([
			{ step: 'duration', seconds: 300 },
			{ step: 'grace', graceMinutes: 10 },
			{ step: 'billed', minutes: 0 }
		]);
	});
});
