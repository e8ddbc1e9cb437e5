import { describe, expect, it } from 'vitest';
import { attendanceDraft, higherPart, partOfRole } from '$lib/domain/rituals/attendance';
import { kindLabel, kindsOf } from '$lib/domain/rituals/kinds';
import { occurrenceOf } from '$lib/domain/rituals/occurrences';
import type { Attendance, Visit } from '$lib/domain/types';
import { LUNCH, SPACE, ritual, signup } from './rituals-builders';

const PARIS = 'Europe/Paris';
const lunch = ritual({ capacity: 3, leadUserId: 'lea' });
// Thursday 10 December 2026, 12:30 → 14:00 in Paris (11:30Z → 13:00Z).
const occurrence = occurrenceOf(lunch, [], '2026-12-10T12:30', PARIS)!;

const visit = (userId: string, startedAt: string, endedAt: string | null): Visit => ({
	id: `v-${userId}-${startedAt}`,
	spaceId: SPACE,
	userId,
	startedAt,
	endedAt,
	autoClosed: false,
	flagged: false,
	reviewed: false
});

describe('the attendance list a host confirms', () => {
	it('starts from confirmed sign-ups checked in during the ritual, with the part their role implies', () => {
		const draft = attendanceDraft({
			ritual: lunch,
			occurrence,
			marks: [],
			signups: [
				signup('ana', 1, { roleKey: 'cooking' }),
				signup('bob', 2, { roleKey: 'dessert' }),
				signup('cid', 3),
				signup('dan', 4), // waitlisted: not offered
				signup('eve', 5, { cancelled: true })
			],
			visits: [
				visit('ana', '2026-12-10T08:00:00.000Z', '2026-12-10T16:00:00.000Z'),
				visit('bob', '2026-12-10T12:59:00.000Z', null), // still here, arrived during the meal
				visit('cid', '2026-12-10T07:00:00.000Z', '2026-12-10T11:30:00.000Z'), // left as it began
				visit('lea', '2026-12-10T11:00:00.000Z', '2026-12-10T14:00:00.000Z')
			]
		});
		expect(
			draft.map(({ userId, part, present, source }) => `${userId} ${part} ${present} ${source}`)
		).toEqual([
			'ana coanimated true checked_in',
			'bob contributed true checked_in',
			'cid attended false signed_up',
			'lea led true lead'
		]);
	});

	it('once confirmed, the marks are the list', () => {
		const mark: Attendance = {
			id: 'a1',
			spaceId: SPACE,
			ritualId: LUNCH,
			occurrence: '2026-12-10T12:30',
			userId: 'walk-in',
			part: 'attended',
			roleKey: null,
			markedBy: 'host',
			markedAt: '2026-12-10T14:00:00.000Z'
		};
		const hidden = { ...mark, id: 'a2', userId: null };
		const draft = attendanceDraft({
			ritual: lunch,
			occurrence,
			marks: [mark, hidden],
			signups: [signup('ana', 1)],
			visits: []
		});
		expect(draft).toEqual([
			{
				userId: 'walk-in',
				part: 'attended',
				roleKey: null,
				present: true,
				source: 'marked',
				attendanceId: 'a1'
			}
		]);
	});

	it.each([
		['no role', null, 'attended'],
		['a role that animates', 'cooking', 'coanimated'],
		['a role that brings', 'dessert', 'contributed'],
		['a role the ritual no longer has', 'juggling', 'attended']
	] as const)('%s → %s', (_, roleKey, part) => {
		expect(partOfRole(lunch, roleKey)).toBe(part);
	});

	it('only the highest part counts', () => {
		expect(higherPart('attended', 'led')).toBe('led');
		expect(higherPart('coanimated', 'contributed')).toBe('coanimated');
	});
});

describe('the kinds a space offers', () => {
	const label = (key: string) => `«${key}»`;

	it('are the built-in ones, with their default roles, until the space names its own', () => {
		const kinds = kindsOf(undefined, label);
		expect(kinds.map((k) => k.key)).toEqual(['meal', 'breakfast', 'afterwork', 'workshop']);
		expect(kinds[0]!.roles).toEqual([
			{ key: 'cooking', label: '«cooking»', slots: 2, animates: true },
			{ key: 'dessert', label: '«dessert»', slots: 2, animates: false },
			{ key: 'setup', label: '«setup»', slots: 1, animates: false },
			{ key: 'tidy', label: '«tidy»', slots: 2, animates: false }
		]);
	});

	it("read in the space's words", () => {
		const vocabulary = {
			id: SPACE,
			spaceId: SPACE,
			kinds: [{ key: 'meal', label: 'Le déjeuner du jeudi', roles: [] }],
			glossary: []
		};
		expect(kindsOf(vocabulary, label).map((k) => k.label)).toEqual(['Le déjeuner du jeudi']);
		expect(kindLabel('meal', vocabulary, label)).toBe('Le déjeuner du jeudi');
		expect(kindLabel('breakfast', vocabulary, label)).toBe('«breakfast»');
		expect(kindLabel('potluck', vocabulary, label)).toBe('potluck');
	});
});
