import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import {
	filterCounts,
	filterRows,
	foldName,
	memberRows,
	type SpaceFacts
} from '$lib/features/host/member-rows';
import { reviewQueue } from '$lib/domain/review';
import { presenceBoard, presentCount } from '$lib/features/host/presence-board';
import { qrPath } from '$lib/features/host/qr-path';
import type { Contract, Membership, Space, TopupRequest } from '$lib/domain/types';
import { HOST, MEMBER, OTHER, SPACE, rules, uuid, visit } from '../builders';

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

const THIRD = '55555555-5555-4555-8555-555555555555';
const FOURTH = '66666666-6666-4666-8666-666666666666';

const member = (userId: string, displayName: string, role: Membership['role'] = 'member') => ({
	id: `${SPACE}:${userId}`,
	spaceId: SPACE,
	userId,
	displayName,
	role,
	showPresence: false
});

const contract = (id: number, userId: string, over: Partial<Contract> = {}): Contract => ({
	id: uuid(id),
	spaceId: SPACE,
	userId,
	planId: uuid(900),
	kind: 'pack',
	startsOn: '2026-11-01',
	expiresOn: '2027-01-29',
	minutesGranted: 600,
	rules: rules(),
	...over
});

let serial = 500;
const request = (userId: string, handledAt: string | null): TopupRequest => ({
	id: uuid(++serial),
	spaceId: SPACE,
	userId,
	planId: null,
	note: '',
	createdAt: '2026-11-20T10:00:00.000Z',
	handledAt
});

const now = new Date('2026-11-26T10:00:00.000Z');

// Sophie hosts (no contract); Léa has hours left; Hugo is low; Inès owes; Malik is a resident.
const facts: SpaceFacts = {
	space,
	members: [
		member(HOST, 'Sophie Martin', 'host'),
		member(MEMBER, 'Léa Fontaine'),
		member(OTHER, 'Hugo Lefèvre'),
		member(THIRD, 'Inès Moreau'),
		member(FOURTH, 'Malik Benali')
	],
	contracts: [
		contract(1, MEMBER),
		contract(2, OTHER, { minutesGranted: 60 }),
		contract(3, THIRD, { minutesGranted: 60 }),
		contract(4, FOURTH, { kind: 'resident', minutesGranted: null, expiresOn: null })
	],
	visits: [
		visit({
			id: uuid(10),
			userId: HOST,
			startedAt: '2026-11-20T08:00:00.000Z',
			endedAt: '2026-11-20T17:00:00.000Z'
		}),
		visit({
			id: uuid(11),
			userId: OTHER,
			startedAt: '2026-11-20T08:00:00.000Z',
			endedAt: '2026-11-20T08:30:00.000Z'
		}),
		visit({
			id: uuid(12),
			userId: THIRD,
			startedAt: '2026-11-20T08:00:00.000Z',
			endedAt: '2026-11-20T10:00:00.000Z'
		}),
		visit({
			id: uuid(13),
			userId: FOURTH,
			startedAt: '2026-11-20T08:00:00.000Z',
			endedAt: '2026-11-20T18:00:00.000Z'
		})
	],
	adjustments: [],
	topups: [request(OTHER, null), request(THIRD, '2026-11-21T10:00:00.000Z')]
};

describe('the members list', () => {
	const rows = memberRows(facts, now);
	const statusOf = (name: string) => rows.find((row) => row.member.displayName === name)?.status;

	it('derives each member’s balance and status from the whole space', () => {
		expect(statusOf('Sophie Martin')).toBe('staff');
		expect(statusOf('Léa Fontaine')).toBe('ok');
		expect(statusOf('Hugo Lefèvre')).toBe('low');
		expect(statusOf('Inès Moreau')).toBe('overdraft');
		expect(statusOf('Malik Benali')).toBe('unlimited');
		expect(rows.find((row) => row.member.userId === OTHER)?.hours.statement.balance).toBe(30);
		expect(rows.find((row) => row.member.userId === THIRD)?.hours.statement.debt).toBe(60);
	});

	it('keeps only open top-up requests', () => {
		expect(rows.find((row) => row.member.userId === OTHER)?.openRequests).toHaveLength(1);
		expect(rows.find((row) => row.member.userId === THIRD)?.openRequests).toHaveLength(0);
	});

	it.each([
		['all', '', ['Sophie Martin', 'Léa Fontaine', 'Hugo Lefèvre', 'Inès Moreau', 'Malik Benali']],
		['low', '', ['Hugo Lefèvre']],
		['overdraft', '', ['Inès Moreau']],
		['requests', '', ['Hugo Lefèvre']],
		['all', 'lea', ['Léa Fontaine']],
		['all', ' INÈS ', ['Inès Moreau']],
		['low', 'lea', []]
	] as const)('filter %s with search %j', (filter, search, names) => {
		expect(filterRows(rows, filter, search).map((row) => row.member.displayName)).toEqual(names);
	});

	it('counts each filter for its chip', () => {
		expect(filterCounts(rows)).toEqual({ all: 5, low: 1, overdraft: 1, requests: 1 });
	});

	it('folds accents and case for search', () => {
		expect(foldName('Aïcha Diallo')).toBe('aicha diallo');
	});
});

describe('the review queue', () => {
	it('holds auto-closed and flagged visits not yet reviewed, latest first', () => {
		const visits = [
			visit({
				id: uuid(1),
				startedAt: '2026-11-24T08:00:00.000Z',
				endedAt: '2026-11-24T19:00:00.000Z',
				autoClosed: true
			}),
			visit({
				id: uuid(2),
				startedAt: '2026-11-25T08:00:00.000Z',
				endedAt: '2026-11-25T09:00:00.000Z',
				flagged: true
			}),
			visit({
				id: uuid(3),
				startedAt: '2026-11-23T08:00:00.000Z',
				endedAt: '2026-11-23T19:00:00.000Z',
				autoClosed: true,
				reviewed: true
			}),
			visit({
				id: uuid(4),
				startedAt: '2026-11-22T08:00:00.000Z',
				endedAt: '2026-11-22T09:00:00.000Z'
			}),
			// Still open in storage, but past yesterday's closing time: shown closed there.
			visit({ id: uuid(5), userId: OTHER, startedAt: '2026-11-25T15:00:00.000Z' }),
			// Open and flagged, today: not reviewable until it ends.
			visit({ id: uuid(6), userId: THIRD, startedAt: '2026-11-26T08:00:00.000Z', flagged: true })
		];
		const queue = reviewQueue(visits, space, now);
		expect(queue.map(({ visit }) => visit.id)).toEqual([uuid(5), uuid(2), uuid(1)]);
		expect(queue[0]).toMatchObject({
			closeFirst: true,
			visit: { endedAt: '2026-11-25T19:00:00.000Z', autoClosed: true }
		});
		expect(queue[1]?.closeFirst).toBe(false);
	});
});

describe('who is here now, for hosts', () => {
	it('names everyone present, leaves out forgotten check-outs, counts unknown visits', () => {
		const open = [
			visit({ id: uuid(1), userId: MEMBER, startedAt: '2026-11-26T08:30:00.000Z' }),
			visit({ id: uuid(2), userId: OTHER, startedAt: '2026-11-25T09:00:00.000Z' }),
			visit({ id: uuid(3), userId: null, startedAt: '2026-11-26T09:00:00.000Z' })
		];
		const board = presenceBoard(open, facts.members, space, now);
		expect(board.present.map(({ member }) => member.displayName)).toEqual(['Léa Fontaine']);
		expect(board.absent).toHaveLength(4);
		expect(board.others).toBe(1);
		expect(presentCount(board)).toBe(2);
	});
});

describe('the QR poster', () => {
	it('draws one square per dark module, the code qrcode computes', () => {
		const code = QRCode.create('https://example.test/checkin?space=x&key=y', {
			errorCorrectionLevel: 'M'
		});
		const path = qrPath(code.modules);
		const dark = code.modules.data.reduce((sum, bit) => sum + (bit ? 1 : 0), 0);
		expect(path.match(/M/g)).toHaveLength(dark);
		expect(path.startsWith('M0 0h1v1h-1z')).toBe(true); // the top-left finder pattern
	});
});
