import { afterEach, describe, expect, it } from 'vitest';
import { billVisits } from '$lib/domain/billing';
import { billSteps } from '$lib/domain/member-hours';
import { zonedInstant } from '$lib/domain/time';
import { billText, minutesText, stepText } from '$lib/ui/bill-text';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { rules } from '../builders';

const PARIS = 'Europe/Paris';
/** The rules of `domain.md`'s examples: 15 min up, grace 10, minimum 60, cap 8 h. */
const example = rules({ minimumMinutes: 60, dailyCapMinutes: 480 });
const at = (date: string, time: string) => {
	const [h, m] = time.split(':').map(Number) as [number, number];
	return zonedInstant(date, h, m, PARIS);
};
/** Intl puts narrow no-break spaces in French units: compare with plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

function sentences(visits: [start: string, end: string][], over = example, date = '2026-01-12') {
	const billable = visits.map(([start, end], index) => ({
		id: `v${index}`,
		startedAt: at(date, start),
		endedAt: at(date, end)
	}));
	const bills = billVisits(billable, () => over, PARIS);
	return billable.map((visit) =>
		plain(billText(billSteps(bills.get(visit.id)!), visit, PARIS, 'en cours'))
	);
}

afterEach(() => overwriteGetLocale(() => 'fr'));

describe('a visit’s breakdown, in French', () => {
	it.each([
		[
			'rounded up to the quarter hour',
			['09:02', '12:48'],
			"09:02 → 12:48 · 3 h 46 min, arrondi au quart d'heure supérieur : 4 h"
		],
		[
			'under the grace, free',
			['09:00', '09:05'],
			'09:00 → 09:05 · 5 min, moins de 10 min : offert'
		],
		[
			'raised to the minimum',
			['09:00', '09:10'],
			"09:00 → 09:10 · 10 min, arrondi au quart d'heure supérieur : 15 min, minimum par passage : 1 h"
		],
		[
			'a long day meets the daily cap',
			['08:00', '19:00'],
			"08:00 → 19:00 · 11 h, arrondi au quart d'heure supérieur : 11 h, plafond journalier de 8 h atteint : 8 h"
		]
	] as const)('%s', (_, visit, expected) => {
		overwriteGetLocale(() => 'fr');
		expect(sentences([[visit[0], visit[1]]])).toEqual([expected]);
	});

	it('the second visit of a day gets what the cap leaves', () => {
		overwriteGetLocale(() => 'fr');
		const [, second] = sentences([
			['08:00', '14:00'],
			['15:00', '18:30']
		]);
		expect(second).toBe(
			"15:00 → 18:30 · 3 h 30 min, arrondi au quart d'heure supérieur : 3 h 30 min, plafond journalier de 8 h atteint : 2 h"
		);
	});

	it('other increments and rounding to the nearest', () => {
		overwriteGetLocale(() => 'fr');
		const nearest = rules({ incrementMinutes: 30, rounding: 'nearest', graceMinutes: 0 });
		expect(sentences([['09:00', '09:45']], nearest)).toEqual([
			'09:00 → 09:45 · 45 min, arrondi à la tranche de 30 min la plus proche : 1 h'
		]);
		expect(sentences([['09:00', '09:44']], rules({ incrementMinutes: 30 }))).toEqual([
			'09:00 → 09:44 · 44 min, arrondi à la tranche de 30 min supérieure : 1 h'
		]);
		expect(sentences([['09:00', '09:44']], rules({ rounding: 'nearest' }))).toEqual([
			"09:00 → 09:44 · 44 min, arrondi au quart d'heure le plus proche : 45 min"
		]);
	});

	it('an open visit is worded as ongoing', () => {
		overwriteGetLocale(() => 'fr');
		const start = at('2026-01-12', '09:00');
		const bills = billVisits(
			[{ id: 'open', startedAt: start, endedAt: at('2026-01-12', '10:20') }],
			() => example,
			PARIS
		);
		const text = billText(
			billSteps(bills.get('open')!),
			{ startedAt: start, endedAt: null },
			PARIS,
			'en cours'
		);
		expect(plain(text)).toBe(
			"09:00 → en cours · 1 h 20 min, arrondi au quart d'heure supérieur : 1 h 30 min"
		);
	});
});

describe('in English', () => {
	it('says the same with English units and times', () => {
		overwriteGetLocale(() => 'en');
		expect(sentences([['09:02', '12:48']])).toEqual([
			'09:02 AM → 12:48 PM · 3 hr 46 min, rounded up to 15 min: 4 hr'
		]);
		expect(sentences([['09:00', '09:05']])).toEqual([
			'09:00 AM → 09:05 AM · 5 min, under 10 min: free'
		]);
		expect(plain(stepText({ step: 'cap', capMinutes: 480, billedMinutes: 120 })!)).toBe(
			'daily cap of 8 hr reached: 2 hr'
		);
	});

	it('words minutes as hours and minutes', () => {
		overwriteGetLocale(() => 'en');
		expect([minutesText(0), minutesText(45), minutesText(60), minutesText(225)].map(plain)).toEqual(
			['0 min', '45 min', '1 hr', '3 hr 45 min']
		);
	});
});
