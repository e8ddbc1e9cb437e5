import { describe, expect, it } from 'vitest';
import { hoursStatement, potsOf, type BilledVisit, type HourAdjustment } from '$lib/domain/balance';
import type { Contract } from '$lib/domain/types';
import { rules, SPACE, MEMBER } from '../builders';

const contract = (over: Partial<Contract> & Pick<Contract, 'id'>): Contract => ({
	spaceId: SPACE,
	userId: MEMBER,
	planId: 'plan',
	kind: 'pack',
	startsOn: '2026-09-01',
	expiresOn: '2026-11-29',
	minutesGranted: 600,
	rules: rules(),
	...over
});

let serial = 0;
const visit = (localDate: string, billedMinutes: number): BilledVisit => ({
	id: `visit-${++serial}`,
	startedAt: `${localDate}T09:00:00.000Z`,
	localDate,
	billedMinutes
});

const adjustment = (
	localDate: string,
	minutes: number,
	contractId: string | null = null
): HourAdjustment => ({ id: `adj-${++serial}`, localDate, minutes, contractId, reason: 'geste' });

describe('FIFO by expiry across contracts', () => {
	it('a visit draws from the pack that expires first, and splits when it runs out', () => {
		const old = contract({ id: 'old', expiresOn: '2026-11-30', minutesGranted: 120 });
		const fresh = contract({ id: 'fresh', startsOn: '2026-11-01', expiresOn: '2027-01-29' });
		const first = visit('2026-11-20', 90);
		const second = visit('2026-11-21', 240);
		const statement = hoursStatement([fresh, old], [second, first], [], { today: '2026-11-26' });
		expect(statement.draws.get(first.id)).toEqual({
			draws: [{ potKey: 'old', contractId: 'old', minutes: 90 }],
			overdraft: 0
		});
		expect(statement.draws.get(second.id)).toEqual({
			draws: [
				{ potKey: 'old', contractId: 'old', minutes: 30 },
				{ potKey: 'fresh', contractId: 'fresh', minutes: 210 }
			],
			overdraft: 0
		});
		expect(statement.available).toBe(600 - 210);
		expect(statement.balance).toBe(390);
	});

	it('what is left at expiry is lost, shown on the pot, and no longer available', () => {
		const expiring = contract({ id: 'expiring', expiresOn: '2026-11-10', minutesGranted: 300 });
		const fresh = contract({ id: 'fresh', startsOn: '2026-11-01', expiresOn: '2027-01-29' });
		const statement = hoursStatement(
			[expiring, fresh],
			[visit('2026-11-05', 60), visit('2026-11-12', 60)],
			[],
			{ today: '2026-11-26' }
		);
		const pot = statement.pots.find((p) => p.key === 'expiring')!;
		expect(pot).toMatchObject({ used: 60, lost: 240 });
		expect(statement.pots.find((p) => p.key === 'fresh')).toMatchObject({ used: 60, lost: 0 });
		expect(statement.available).toBe(540);
	});

	it('a visit only draws on contracts valid on its date (not one starting later)', () => {
		const later = contract({ id: 'later', startsOn: '2026-11-15', expiresOn: '2027-02-12' });
		const early = visit('2026-11-10', 60);
		const statement = hoursStatement([later], [early], [], { today: '2026-11-26' });
		// No contract on the 10th: the visit is owed, and the pack settles it when it starts.
		expect(statement.draws.get(early.id)).toEqual({ draws: [], overdraft: 60 });
		expect(statement.pots[0]).toMatchObject({ settledDebt: 60, used: 60 });
		expect(statement).toMatchObject({ debt: 0, available: 540, overdraft: false });
	});
});

describe('overdraft, low balance and adjustments', () => {
	it('past every contract the member is in overdraft, never locked out; a top-up settles first', () => {
		const small = contract({ id: 'small', minutesGranted: 60 });
		const statement = hoursStatement([small], [visit('2026-11-20', 150)], [], {
			today: '2026-11-26'
		});
		expect(statement).toMatchObject({
			available: 0,
			debt: 90,
			balance: -90,
			overdraft: true,
			low: true
		});

		const topUp = contract({ id: 'top-up', startsOn: '2026-11-25', expiresOn: '2027-02-22' });
		const after = hoursStatement([small, topUp], [visit('2026-11-20', 150)], [], {
			today: '2026-11-26'
		});
		expect(after.pots.find((p) => p.key === 'top-up')).toMatchObject({ settledDebt: 90 });
		expect(after).toMatchObject({ debt: 0, balance: 510, overdraft: false, low: false });
	});

	it('a host can waive a debt with a credit, or take minutes back with a debit', () => {
		const pack = contract({ id: 'pack', minutesGranted: 60 });
		const waived = hoursStatement(
			[pack],
			[visit('2026-11-20', 100)],
			[adjustment('2026-11-21', 40)],
			{ today: '2026-11-26' }
		);
		expect(waived).toMatchObject({ debt: 0, balance: 0, overdraft: false });

		const corrected = hoursStatement([pack], [], [adjustment('2026-11-21', -45, 'pack')], {
			today: '2026-11-26'
		});
		expect(corrected.available).toBe(15);
		const credited = hoursStatement([pack], [], [adjustment('2026-11-21', 30, 'pack')], {
			today: '2026-11-26'
		});
		expect(credited.pots).toHaveLength(1);
		expect(credited.available).toBe(90);
	});

	it('low is under one hour by default, or the space’s threshold', () => {
		const pack = contract({ id: 'pack', minutesGranted: 120 }); // 75 min left
		const used = [visit('2026-11-20', 45)];
		expect(hoursStatement([pack], used, [], { today: '2026-11-26' }).low).toBe(false);
		expect(
			hoursStatement([pack], used, [], { today: '2026-11-26', lowThresholdMinutes: 120 }).low
		).toBe(true);
	});
});

describe('kinds of contract', () => {
	it('a monthly contract grants its hours per calendar month, without rollover', () => {
		const monthly = contract({
			id: 'm',
			kind: 'monthly',
			startsOn: '2026-09-15',
			expiresOn: null,
			minutesGranted: 600
		});
		expect(potsOf(monthly, '2026-11-26').map((p) => [p.key, p.from, p.until])).toEqual([
			['m:2026-09', '2026-09-15', '2026-09-30'],
			['m:2026-10', '2026-10-01', '2026-10-31'],
			['m:2026-11', '2026-11-01', '2026-11-30']
		]);
		const statement = hoursStatement(
			[monthly],
			[visit('2026-10-10', 500), visit('2026-11-03', 120)],
			[],
			{
				today: '2026-11-26'
			}
		);
		expect(statement.pots.map((p) => p.lost)).toEqual([600, 100, 0]);
		expect(statement.available).toBe(480);
	});

	it('a resident is never short of hours; visits are still recorded', () => {
		const resident = contract({ id: 'r', kind: 'resident', expiresOn: null, minutesGranted: null });
		const long = visit('2026-11-20', 600);
		const statement = hoursStatement([resident], [long], [], { today: '2026-11-26' });
		expect(statement.draws.get(long.id)?.overdraft).toBe(0);
		expect(statement).toMatchObject({ available: Infinity, low: false, overdraft: false });
	});

	it('no contract at all: visits are owed', () => {
		const statement = hoursStatement([], [visit('2026-11-20', 60)], [], { today: '2026-11-26' });
		expect(statement).toMatchObject({ available: 0, debt: 60, balance: -60, overdraft: true });
	});
});
