import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billDuration, billVisits, type BillableVisit } from '$lib/domain/billing';
import { zonedInstant } from '$lib/domain/time';
import type { BillingRules } from '$lib/domain/types';
import { rules } from '../builders';

const PARIS = 'Europe/Paris';
/** The examples' rules in domain.md: 15 min up, grace 10, minimum 60, cap 480. */
const example = rules({
	incrementMinutes: 15,
	graceMinutes: 10,
	minimumMinutes: 60,
	dailyCapMinutes: 480
});

/** A local wall time in Paris as an instant, with seconds. */
const at = (date: string, hh: number, mm: number, ss = 0) =>
	new Date(Date.parse(zonedInstant(date, hh, mm, PARIS)) + ss * 1000).toISOString();

let serial = 0;
const visit = (startedAt: string, endedAt: string): BillableVisit => ({
	id: `v${String(++serial).padStart(4, '0')}`,
	startedAt,
	endedAt
});

function billOne(startedAt: string, endedAt: string, with_: BillingRules = example) {
	const v = visit(startedAt, endedAt);
	return billVisits([v], () => with_, PARIS).get(v.id)!;
}

describe('billing a visit: the examples of domain.md', () => {
	const day = '2026-11-26';
	it.each([
		['09:00:00 → 09:09:59 is within the grace', [9, 0, 0], [9, 9, 59], 0],
		['09:00 → 09:10, exactly the grace, costs the minimum', [9, 0, 0], [9, 10, 0], 60],
		['09:02 → 12:47', [9, 2, 0], [12, 47, 0], 225],
		['09:02 → 12:48 rounds up to 4 h', [9, 2, 0], [12, 48, 0], 240],
		['08:00 → 19:00 is capped at 8 h', [8, 0, 0], [19, 0, 0], 480]
	] as const)('%s', (_, [h1, m1, s1], [h2, m2, s2], billed) => {
		expect(billOne(at(day, h1, m1, s1), at(day, h2, m2, s2)).billedMinutes).toBe(billed);
	});

	it('two visits of a day: 08:00 → 12:00 then 13:00 → 18:30 → 240 + 240 (the cap)', () => {
		const morning = visit(at(day, 8, 0), at(day, 12, 0));
		const afternoon = visit(at(day, 13, 0), at(day, 18, 30));
		const bills = billVisits([afternoon, morning], () => example, PARIS);
		expect(bills.get(morning.id)).toMatchObject({ billedMinutes: 240, capApplied: false });
		expect(bills.get(afternoon.id)).toMatchObject({
			uncappedMinutes: 330,
			billedMinutes: 240,
			capApplied: true
		});
	});

	it('spring forward, 29 March 2026: 01:30 → 03:30 local is one real hour', () => {
		const bill = billOne(at('2026-03-29', 1, 30), at('2026-03-29', 3, 30));
		expect(bill.durationSeconds).toBe(3600);
		expect(bill.billedMinutes).toBe(60);
	});

	it('fall back, 25 October 2026: 01:30 summer time → 02:30 winter time is two real hours', () => {
		const start = '2026-10-24T23:30:00.000Z'; // 01:30 CEST
		const end = '2026-10-25T01:30:00.000Z'; // 02:30 CET
		const bill = billOne(start, end);
		expect(bill.durationSeconds).toBe(7200);
		expect(bill.billedMinutes).toBe(120);
		expect(bill.localDate).toBe('2026-10-25');
	});

	it('22:00 → 01:00 counts on the day it started, under that day’s cap', () => {
		const evening = visit(at(day, 22, 0), at('2026-11-27', 1, 0));
		const earlier = visit(at(day, 9, 0), at(day, 15, 0));
		const next = visit(at('2026-11-27', 9, 0), at('2026-11-27', 10, 0));
		const bills = billVisits([evening, earlier, next], () => example, PARIS);
		expect(bills.get(evening.id)).toMatchObject({ localDate: day, billedMinutes: 120 });
		expect(bills.get(next.id)).toMatchObject({ localDate: '2026-11-27', billedMinutes: 60 });
	});

	it('nearest, 30-minute steps, no minimum: 44 min → 30, 45 min → 60 (half rounds up)', () => {
		const nearest = rules({
			rounding: 'nearest',
			incrementMinutes: 30,
			graceMinutes: 0,
			minimumMinutes: 0
		});
		expect(billDuration(44 * 60, nearest).uncappedMinutes).toBe(30);
		expect(billDuration(45 * 60, nearest).uncappedMinutes).toBe(60);
		expect(billDuration(44 * 60 + 59, nearest).uncappedMinutes).toBe(30);
	});
});

describe('the breakdown says which rule did what', () => {
	it('grace, minimum and cap are each marked', () => {
		const day = '2026-11-26';
		expect(billOne(at(day, 9, 0), at(day, 9, 5))).toMatchObject({
			withinGrace: true,
			roundedMinutes: 0,
			minimumApplied: false,
			billedMinutes: 0
		});
		expect(billOne(at(day, 9, 0), at(day, 9, 20))).toMatchObject({
			withinGrace: false,
			roundedMinutes: 30,
			minimumApplied: true,
			billedMinutes: 60
		});
		expect(billOne(at(day, 8, 0), at(day, 20, 0))).toMatchObject({
			uncappedMinutes: 720,
			capApplied: true,
			billedMinutes: 480
		});
	});

	it('no cap when the rules have none; a visit ending before it starts costs nothing', () => {
		const uncapped = rules({ dailyCapMinutes: null, graceMinutes: 0, minimumMinutes: 0 });
		expect(billOne('2026-11-26T06:00:00.000Z', '2026-11-26T20:00:00.000Z', uncapped)).toMatchObject(
			{ billedMinutes: 840, capApplied: false }
		);
		expect(billOne('2026-11-26T10:00:00.000Z', '2026-11-26T09:00:00.000Z', uncapped)).toMatchObject(
			{ durationSeconds: 0, billedMinutes: 0 }
		);
	});
});

describe('properties', () => {
	const anyRules = fc.record({
		incrementMinutes: fc.integer({ min: 1, max: 120 }),
		rounding: fc.constantFrom('up' as const, 'nearest' as const),
		graceMinutes: fc.integer({ min: 0, max: 60 }),
		minimumMinutes: fc.integer({ min: 0, max: 240 }),
		dailyCapMinutes: fc.option(fc.integer({ min: 1, max: 1440 }), { nil: null })
	});

	/** A visit on 10 June 2026 starting `startMinute` minutes after 02:00 local, `minutes` long. */
	const span = (startMinute: number, minutes: number) => {
		const start = Date.parse(at('2026-06-10', 2, 0)) + startMinute * 60_000;
		return visit(new Date(start).toISOString(), new Date(start + minutes * 60_000).toISOString());
	};
	const spans = fc.array(
		fc.tuple(fc.integer({ min: 0, max: 20 * 60 }), fc.integer({ min: 0, max: 600 })),
		{ minLength: 1, maxLength: 6 }
	);

	it('a day never bills more than its cap, and never more than the visits rounded', () => {
		fc.assert(
			fc.property(anyRules, spans, (r, pairs) => {
				const bills = [
					...billVisits(
						pairs.map(([s, m]) => span(s, m)),
						() => r,
						PARIS
					).values()
				];
				const total = bills.reduce((sum, bill) => sum + bill.billedMinutes, 0);
				if (r.dailyCapMinutes !== null) expect(total).toBeLessThanOrEqual(r.dailyCapMinutes);
				for (const bill of bills) {
					expect(bill.billedMinutes).toBeLessThanOrEqual(bill.uncappedMinutes);
					expect(bill.billedMinutes).toBeGreaterThanOrEqual(0);
					if (!bill.withinGrace && r.rounding === 'up') {
						expect(bill.roundedMinutes * 60).toBeGreaterThanOrEqual(bill.durationSeconds);
					}
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('billing is the same whatever order the visits come in', () => {
		fc.assert(
			fc.property(anyRules, spans, (r, pairs) => {
				const visits = pairs.map(([s, m]) => span(s, m));
				const forward = billVisits(visits, () => r, PARIS);
				const backward = billVisits([...visits].reverse(), () => r, PARIS);
				expect([...backward.entries()].sort()).toEqual([...forward.entries()].sort());
			}),
			{ numRuns: 200 }
		);
	});
});
