import type { OccurrenceChange, Ritual, RitualRole, Signup } from '$lib/domain/types';

/** Builders for the ritual rules' tests: a valid default, overridden by what a test is about. */

export const SPACE = '11111111-1111-4111-8111-111111111111';
export const LUNCH = '55555555-5555-4555-8555-555555555555';

export const roles: RitualRole[] = [
	{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
	{ key: 'dessert', label: 'Dessert', slots: 2, animates: false },
	{ key: 'setup', label: 'Mise en place', slots: 1, animates: false }
];

export const ritual = (over: Partial<Ritual> = {}): Ritual => ({
	id: LUNCH,
	spaceId: SPACE,
	kind: 'meal',
	title: 'Déjeuner partagé',
	description: '',
	place: 'La grande table',
	durationMinutes: 90,
	capacity: null,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: '2026-01-01T12:30',
	roles,
	leadUserId: null,
	endsBefore: null,
	endMessage: '',
	continuedBy: null,
	proposalId: null,
	...over
});

export const change = (over: Partial<OccurrenceChange> = {}): OccurrenceChange => ({
	id: 'c0000000-0000-4000-8000-000000000001',
	spaceId: SPACE,
	ritualId: LUNCH,
	occurrence: '2026-03-26T12:30',
	cancelled: false,
	startsAt: null,
	durationMinutes: null,
	place: null,
	message: '',
	changedAt: '2026-03-20T09:00:00.000Z',
	...over
});

let counter = 0;
/** A sign-up ranked `rank` by the server (null: pending), by user `user` (a short name is fine). */
export const signup = (user: string, rank: number | null, over: Partial<Signup> = {}): Signup => ({
	id: `s-${user}-${++counter}`,
	spaceId: SPACE,
	ritualId: LUNCH,
	occurrence: '2026-12-10T12:30',
	userId: user,
	roleKey: null,
	note: '',
	cancelled: false,
	createdAt: `2026-12-01T09:00:${String(counter % 60).padStart(2, '0')}.000Z`,
	rank,
	roleRank: rank,
	...over
});
