import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import {
	exportFileName,
	historyRows,
	visitRows,
	withBom,
	type ExportFacts,
	type ExportText
} from '$lib/features/host/export-rows';
import type { Adjustment, Contract, Membership, Space } from '$lib/domain/types';
import { MEMBER, OTHER, SPACE, plan, rules, uuid, visit } from '../builders';

const space: Space = {
	id: SPACE,
	name: 'La Cantine',
	timeZone: 'Europe/Paris',
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: 600
};

const member = (userId: string, displayName: string): Membership => ({
	id: `${SPACE}:${userId}`,
	spaceId: SPACE,
	userId,
	displayName,
	role: 'member',
	showPresence: false
});

const pack = plan({ id: uuid(900), name: 'Carnet 10 h' });
const contract = (over: Partial<Contract> & Pick<Contract, 'id' | 'userId'>): Contract => ({
	spaceId: SPACE,
	planId: pack.id,
	kind: 'pack',
	startsOn: '2026-11-01',
	expiresOn: '2027-01-29',
	minutesGranted: 600,
	rules: rules(),
	...over
});
const adjustment = (over: Partial<Adjustment> & Pick<Adjustment, 'id' | 'userId'>): Adjustment => ({
	spaceId: SPACE,
	minutes: 30,
	contractId: null,
	localDate: '2026-11-04',
	reason: '',
	createdBy: uuid(999),
	createdAt: '2026-11-04T10:00:00.000Z',
	...over
});

const leaContract = contract({
	id: uuid(101),
	userId: MEMBER,
	startsOn: '2026-10-01',
	expiresOn: '2026-11-09'
});
const hugoContract = contract({ id: uuid(102), userId: OTHER });

// Paris is UTC+1 in November: 08:02Z is 09:02 on the wall.
const facts: ExportFacts = {
	space,
	members: [member(MEMBER, 'Léa Fontaine'), member(OTHER, 'Hugo Lefèvre')],
	plans: [pack],
	contracts: [leaContract, hugoContract],
	visits: [
		visit({
			id: uuid(1),
			startedAt: '2026-11-03T08:02:00.000Z',
			endedAt: '2026-11-03T11:48:00.000Z'
		}),
		visit({
			id: uuid(2),
			startedAt: '2026-11-05T21:00:00.000Z',
			endedAt: '2026-11-06T00:00:00.000Z'
		}),
		visit({
			id: uuid(3),
			userId: OTHER,
			startedAt: '2026-11-04T08:00:00.000Z',
			endedAt: '2026-11-04T19:00:00.000Z',
			autoClosed: true
		}),
		visit({
			id: uuid(4),
			startedAt: '2026-10-20T08:00:00.000Z',
			endedAt: '2026-10-20T09:00:00.000Z'
		}),
		visit({
			id: uuid(5),
			userId: OTHER,
			startedAt: '2026-11-30T09:00:00.000Z',
			endedAt: '2026-11-30T09:05:00.000Z',
			flagged: true
		})
	],
	adjustments: [
		adjustment({
			id: uuid(201),
			userId: MEMBER,
			minutes: 30,
			contractId: leaContract.id,
			reason: 'Café offert'
		}),
		adjustment({
			id: uuid(202),
			userId: OTHER,
			minutes: -15,
			localDate: '2026-11-10',
			reason: 'Imprimante'
		})
	],
	topups: []
};

const text: ExportText = {
	visitHeaders: ['member', 'date', 'start', 'end', 'duration', 'billed', 'rule', 'auto', 'flagged'],
	historyHeaders: ['member', 'date', 'kind', 'minutes', 'plan', 'reason'],
	yes: 'yes',
	no: 'no',
	rule: (r) => `${r.incrementMinutes} ${r.rounding}`,
	kinds: {
		granted: 'granted',
		visit: 'visit',
		credit: 'credit',
		debit: 'debit',
		expired: 'expired'
	},
	overdraft: 'overdraft',
	unlimited: 'unlimited'
};

const november = { from: '2026-11-01', to: '2026-11-30' };
const now = new Date('2026-12-01T10:00:00.000Z');

describe('visits export', () => {
	it('lists the period’s visits by date, in local time, with their billing', () => {
		expect(visitRows(facts, november, text, now)).toEqual([
			text.visitHeaders,
			['Léa Fontaine', '2026-11-03', '09:02', '12:48', 226, 240, '15 up', 'no', 'no'],
			['Hugo Lefèvre', '2026-11-04', '09:00', '20:00', 660, 660, '15 up', 'yes', 'no'],
			// Past midnight: it counts on its first day, and the end says which day it was.
			['Léa Fontaine', '2026-11-05', '22:00', '2026-11-06 01:00', 180, 180, '15 up', 'no', 'no'],
			// Within the grace: free, and flagged for review.
			['Hugo Lefèvre', '2026-11-30', '10:00', '10:05', 5, 0, '15 up', 'no', 'yes']
		]);
	});

	it('an empty period has only the header', () => {
		expect(visitRows(facts, { from: '2026-12-01', to: '2026-12-31' }, text, now)).toEqual([
			text.visitHeaders
		]);
	});
});

describe('hour history export', () => {
	it('per member: grants, visits billed, adjustments with their reason, hours lost at expiry', () => {
		expect(historyRows(facts, november, text, now)).toEqual([
			text.historyHeaders,
			['Hugo Lefèvre', '2026-11-01', 'granted', 600, 'Carnet 10 h', ''],
			// 660 billed on 600 granted: the rest is owed.
			['Hugo Lefèvre', '2026-11-04', 'visit', -660, 'Carnet 10 h + overdraft', ''],
			['Hugo Lefèvre', '2026-11-10', 'debit', -15, '', 'Imprimante'],
			// Léa's pack was granted in October (outside the period); 60 + 240 + 180 drawn of 630.
			['Léa Fontaine', '2026-11-03', 'visit', -240, 'Carnet 10 h', ''],
			['Léa Fontaine', '2026-11-04', 'credit', 30, 'Carnet 10 h', 'Café offert'],
			['Léa Fontaine', '2026-11-05', 'visit', -180, 'Carnet 10 h', ''],
			['Léa Fontaine', '2026-11-09', 'expired', -150, 'Carnet 10 h', '']
		]);
	});

	it('a resident contract grants unlimited hours', () => {
		const resident = contract({
			id: uuid(103),
			userId: MEMBER,
			kind: 'resident',
			expiresOn: null,
			minutesGranted: null
		});
		const rows = historyRows(
			{ ...facts, contracts: [resident], visits: [], adjustments: [] },
			november,
			text,
			now
		);
		expect(rows).toEqual([
			text.historyHeaders,
			['Léa Fontaine', '2026-11-01', 'granted', 'unlimited', 'Carnet 10 h', '']
		]);
	});
});

describe('the CSV file', () => {
	it('is named after what and when', () => {
		expect(exportFileName('visites', november)).toBe('collectif-visites-2026-11-01_2026-11-30.csv');
	});

	it('starts with a byte-order mark and keeps accents, commas and quotes intact', () => {
		const rows = historyRows(facts, november, text, now);
		rows.push(['Zoé "Zo" Martin', '2026-11-30', 'credit', 60, '', 'Geste, merci']);
		const csv = withBom(Papa.unparse(rows));
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const parsed = Papa.parse<string[]>(csv.slice(1)).data;
		expect(parsed.at(-1)).toEqual([
			'Zoé "Zo" Martin',
			'2026-11-30',
			'credit',
			'60',
			'',
			'Geste, merci'
		]);
		expect(parsed[5]).toEqual([
			'Léa Fontaine',
			'2026-11-04',
			'credit',
			'30',
			'Carnet 10 h',
			'Café offert'
		]);
	});
});
