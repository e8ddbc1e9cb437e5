import { afterEach, describe, expect, it } from 'vitest';
import type { Pot } from '$lib/domain/balance';
import { adjustmentText, contractNames, drawsText, monthText, potText } from '$lib/ui/hours-text';
import { plan, uuid } from '../builders';
import type { Contract } from '$lib/domain/types';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

const pot = (over: Partial<Pot> = {}): Pot => ({
	key: 'c1',
	contractId: 'c1',
	from: '2026-01-01',
	until: '2026-03-31',
	granted: 600,
	used: 0,
	settledDebt: 0,
	lost: 0,
	...over
});
const plain = (text: string) => text.replace(/\s/g, ' ');

afterEach(() => overwriteGetLocale(() => 'fr'));

describe('a pot in words', () => {
	it.each([
		[
			'what is left and until when',
			pot({ used: 405 }),
			false,
			'Reste 3 h 15 min sur 10 h · expire le 31 mars 2026'
		],
		[
			'what was lost at expiry',
			pot({ until: '2026-01-10', used: 450, lost: 150 }),
			false,
			'Expiré le 10 janvier 2026 : 2 h 30 min perdues'
		],
		[
			'a pot fully used',
			pot({ until: '2026-01-10', used: 600 }),
			false,
			'Terminé le 10 janvier 2026, tout utilisé'
		],
		['a pot not started', pot({ from: '2026-02-01' }), false, 'Commence le 1 février 2026'],
		['a resident’s', pot({ granted: Infinity, until: null }), false, "Sans limite d'heures"],
		[
			'this month of a monthly',
			pot({ from: '2026-01-01', until: '2026-01-31', granted: 2400, used: 600 }),
			true,
			'Janvier 2026 : reste 30 h sur 40 h'
		],
		[
			'a past month’s loss',
			pot({ from: '2025-12-01', until: '2025-12-31', granted: 2400, used: 2000, lost: 400 }),
			true,
			'Décembre 2025 : 6 h 40 min perdues en fin de mois'
		]
	])('%s', (_, value, monthly, expected) => {
		expect(plain(potText(value, '2026-01-20', monthly))).toBe(expected);
	});
});

describe('where a visit drew from', () => {
	const names = (draw: { contractId: string | null }) =>
		draw.contractId ? 'Carnet 10 h' : 'Crédit';

	it('one contract, split, or beyond every contract', () => {
		expect(
			drawsText({ draws: [{ potKey: 'c1', contractId: 'c1', minutes: 240 }], overdraft: 0 }, names)
		).toBe('Pris sur Carnet 10 h');
		expect(
			plain(
				drawsText(
					{
						draws: [
							{ potKey: 'c1', contractId: 'c1', minutes: 60 },
							{ potKey: 'credit:a', contractId: null, minutes: 30 }
						],
						overdraft: 90
					},
					names
				)
			)
		).toBe('Pris sur Carnet 10 h (1 h), Crédit (30 min) · 1 h 30 min à découvert');
		expect(plain(drawsText({ draws: [], overdraft: 45 }, names))).toBe('45 min à découvert');
	});
});

describe('adjustments and months', () => {
	it('credit or debit', () => {
		expect(plain(adjustmentText(60))).toBe('Crédit de 1 h');
		expect(plain(adjustmentText(-30))).toBe('Débit de 30 min');
		overwriteGetLocale(() => 'en');
		expect(plain(adjustmentText(-90))).toBe('Debit of 1 hr 30 min');
		expect(monthText('2026-03-15')).toBe('March 2026');
	});
});

describe('contract names', () => {
	const contract = (n: number, planId: string, startsOn: string): Contract => ({
		id: uuid(n),
		spaceId: uuid(0),
		userId: uuid(1),
		planId,
		kind: 'pack',
		startsOn,
		expiresOn: null,
		minutesGranted: 600,
		rules: plan().rules
	});
	it('are the plan’s, with the start date when the member holds two of the same', () => {
		const plans = [
			plan({ id: uuid(90), name: 'Carnet 10 h' }),
			plan({ id: uuid(91), name: 'Mensuel 40 h' })
		];
		const names = contractNames(
			[
				contract(1, uuid(90), '2026-10-08'),
				contract(2, uuid(90), '2026-11-20'),
				contract(3, uuid(91), '2026-11-01')
			],
			plans
		);
		expect([...names.values()].map(plain)).toEqual([
			'Carnet 10 h du 8 oct.',
			'Carnet 10 h du 20 nov.',
			'Mensuel 40 h'
		]);
	});
});
