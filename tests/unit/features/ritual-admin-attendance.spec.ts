import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { catalogue } from '$lib/domain/mutations/catalogue';
import { attendanceDraft } from '$lib/domain/rituals/attendance';
import type { ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { Attendance, Membership, Ritual, Signup, Visit } from '$lib/domain/types';
import {
	attendanceCounts,
	attendanceEntries,
	attendanceOpen,
	attendanceRows,
	walkInCandidates,
	walkInRow,
	type AttendanceRow
} from '$lib/features/ritual-admin/attendance-view';
import { SPACE, uuid } from '../builders';

// Thursday lunch, 12:30 to 14:00 in Paris (11:30 to 13:00 UTC).
const occurrence: ScheduledOccurrence = {
	ritualId: uuid(10),
	key: '2026-12-03T12:30',
	local: '2026-12-03T12:30',
	startsAt: '2026-12-03T11:30:00.000Z',
	endsAt: '2026-12-03T13:00:00.000Z',
	cancelled: false,
	place: 'La grande table',
	durationMinutes: 90,
	change: null
};

const [SOPHIE, AICHA, HUGO, LEA, NINA] = [uuid(20), uuid(21), uuid(22), uuid(23), uuid(24)];
const member = (userId: string, displayName: string): Membership => ({
	id: `${SPACE}:${userId}`,
	spaceId: SPACE,
	userId,
	displayName,
	role: 'member',
	showPresence: false
});
const members = [
	member(SOPHIE, 'Sophie Martin'),
	member(AICHA, 'Aïcha Diallo'),
	member(HUGO, 'Hugo Lefèvre'),
	member(LEA, 'Léa Fontaine'),
	member(NINA, 'Nina Rossi')
];

const ritual: Ritual = {
	id: uuid(10),
	spaceId: SPACE,
	kind: 'meal',
	title: 'Déjeuner partagé du jeudi',
	description: '',
	place: 'La grande table',
	durationMinutes: 90,
	capacity: null,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: '2026-11-05T12:30',
	roles: [
		{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
		{ key: 'dessert', label: 'Dessert', slots: 2, animates: false }
	],
	leadUserId: SOPHIE,
	endsBefore: null,
	endMessage: '',
	continuedBy: null,
	proposalId: null
};

let n = 100;
const signup = (userId: string, roleKey: string | null): Signup => ({
	id: uuid(n++),
	spaceId: SPACE,
	ritualId: ritual.id,
	occurrence: occurrence.key,
	userId,
	roleKey,
	note: '',
	cancelled: false,
	createdAt: '2026-12-01T09:00:00.000Z',
	rank: n,
	roleRank: roleKey ? n : null
});
const visit = (userId: string, startedAt: string, endedAt: string | null): Visit => ({
	id: uuid(n++),
	spaceId: SPACE,
	userId,
	startedAt,
	endedAt,
	autoClosed: false,
	flagged: false,
	reviewed: false
});

const signups = [signup(AICHA, 'cooking'), signup(HUGO, 'dessert'), signup(LEA, null)];
// Aïcha in all morning, Hugo only for lunch, Léa never seen; Sophie, the lead, was in.
const visits = [
	visit(AICHA, '2026-12-03T08:00:00.000Z', '2026-12-03T16:00:00.000Z'),
	visit(HUGO, '2026-12-03T11:20:00.000Z', '2026-12-03T13:10:00.000Z'),
	visit(SOPHIE, '2026-12-03T07:30:00.000Z', null)
];

const rowsOf = (marks: Attendance[] = []) =>
	attendanceRows(attendanceDraft({ ritual, occurrence, marks, signups, visits }), members);

describe('the list a host confirms after the lunch', () => {
	it('starts from sign-ups seen in the space during it, the lead first, the unseen unticked', () => {
		expect(
			rowsOf().map((row) => [row.name, row.present, row.part, row.roleKey, row.source])
		).toEqual([
			['Sophie Martin', true, 'led', null, 'lead'],
			['Aïcha Diallo', true, 'coanimated', 'cooking', 'checked_in'],
			['Hugo Lefèvre', true, 'contributed', 'dessert', 'checked_in'],
			['Léa Fontaine', false, 'attended', null, 'signed_up']
		]);
	});

	it('once confirmed, it is the confirmed list, with the ids of the marks', () => {
		const mark: Attendance = {
			id: uuid(900),
			spaceId: SPACE,
			ritualId: ritual.id,
			occurrence: occurrence.key,
			userId: NINA,
			part: 'attended',
			roleKey: null,
			markedBy: SOPHIE,
			markedAt: '2026-12-03T14:00:00.000Z'
		};
		const rows = rowsOf([mark]);
		expect(rows.map((row) => [row.name, row.attendanceId, row.source])).toEqual([
			['Nina Rossi', uuid(900), 'marked']
		]);
	});

	it('someone no longer a member keeps a place on the list, without a name', () => {
		const rows = attendanceRows(
			[{ ...rowsOf()[1]!, userId: uuid(99), source: 'checked_in' }],
			members
		);
		expect(rows[0]?.name).toBeNull();
	});
});

describe('walk-ins', () => {
	it.each([
		['', ['Nina Rossi']],
		['nina', ['Nina Rossi']],
		['AÏCHA', []],
		['zz', []]
	])('searching %j offers %j (people already listed are not offered)', (query, names) => {
		expect(walkInCandidates(rowsOf(), members, query).map((m) => m.displayName)).toEqual(names);
	});

	it('accents do not matter', () => {
		const rows = rowsOf().filter((row) => row.name !== 'Aïcha Diallo');
		expect(walkInCandidates(rows, members, 'aicha').map((m) => m.displayName)).toEqual([
			'Aïcha Diallo'
		]);
	});

	it('a walk-in is ticked as attending, with no role', () => {
		expect(walkInRow(members[4]!)).toMatchObject({
			userId: NINA,
			present: true,
			part: 'attended',
			roleKey: null,
			source: 'walk_in',
			attendanceId: null
		});
	});
});

describe('what is saved', () => {
	const ids = () => {
		let next = 500;
		return () => uuid(next++);
	};

	it('the ticked members, each once, existing marks keeping their ids', () => {
		const rows: AttendanceRow[] = [
			...rowsOf(),
			walkInRow(members[4]!),
			{ ...rowsOf()[1]!, attendanceId: uuid(901) }
		];
		rows[1] = { ...rows[1]!, attendanceId: uuid(901) };
		const entries = attendanceEntries(rows, ritual, ids());
		expect(entries).toEqual([
			{ attendanceId: uuid(500), userId: SOPHIE, part: 'led', roleKey: null },
			{ attendanceId: uuid(901), userId: AICHA, part: 'coanimated', roleKey: 'cooking' },
			{ attendanceId: uuid(501), userId: HUGO, part: 'contributed', roleKey: 'dessert' },
			{ attendanceId: uuid(502), userId: NINA, part: 'attended', roleKey: null }
		]);
		const args = { spaceId: SPACE, ritualId: ritual.id, occurrence: occurrence.key, entries };
		expect(v.is(catalogue['attendance.mark@1'].args, args)).toBe(true);
	});

	it.each<[string, Partial<AttendanceRow>, object | null]>([
		['unticked: left out (unmarked)', { present: false }, null],
		['changed to attending: no role', { part: 'attended' }, { part: 'attended', roleKey: null }],
		['a role the ritual no longer has is dropped', { roleKey: 'bbq' }, { roleKey: null }],
		['a former member cannot be marked', { name: null }, null]
	])('%s', (_, change, expected) => {
		const row = { ...rowsOf()[1]!, ...change };
		const [entry] = attendanceEntries([row], ritual, ids());
		if (expected === null) expect(entry).toBeUndefined();
		else expect(entry).toMatchObject(expected);
	});

	it('counts who came and who animated', () => {
		expect(attendanceCounts(rowsOf())).toEqual({ present: 3, animated: 2 });
	});
});

describe('when the list can be confirmed', () => {
	it.each([
		['before the start', '2026-12-03T11:29:59.000Z', false],
		['at the start', '2026-12-03T11:30:00.000Z', true],
		['the day after', '2026-12-04T09:00:00.000Z', true]
	])('%s: %s', (_, now, open) => {
		expect(attendanceOpen(occurrence, new Date(now))).toBe(open);
	});
});
