import type { BillingRules, Plan, RitualRole, Visit } from '$lib/domain/types';

/** Test data builders: a valid default, overridden by what the test is about. */

export const SPACE = '11111111-1111-4111-8111-111111111111';
export const HOST = '22222222-2222-4222-8222-222222222222';
export const MEMBER = '33333333-3333-4333-8333-333333333333';
export const OTHER = '44444444-4444-4444-8444-444444444444';

export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const rules = (over: Partial<BillingRules> = {}): BillingRules => ({
	incrementMinutes: 15,
	rounding: 'up',
	graceMinutes: 10,
	minimumMinutes: 0,
	dailyCapMinutes: null,
	...over
});

export const plan = (over: Partial<Plan> = {}): Plan => ({
	id: uuid(900),
	spaceId: SPACE,
	name: 'Carnet 10 h',
	kind: 'pack',
	hours: 10,
	validityDays: 90,
	rules: rules(),
	archived: false,
	...over
});

export const visit = (over: Partial<Visit> = {}): Visit => ({
	id: uuid(1),
	spaceId: SPACE,
	userId: MEMBER,
	startedAt: '2026-11-26T08:00:00.000Z',
	endedAt: null,
	autoClosed: false,
	flagged: false,
	reviewed: false,
	...over
});

export const spaceArgs = (over: Record<string, unknown> = {}) => ({
	spaceId: SPACE,
	name: 'La Cantine',
	timeZone: 'Europe/Paris',
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	hostName: 'Sophie',
	...over
});

/** The Thursday lunch of the rituals specs (Paris): two places, one cook, one dessert. */
export const RITUAL = uuid(700);
/** An occurrence of it: Thursday 26 November 2026, 12:30 in Paris (11:30 UTC). */
export const LUNCH = '2026-11-26T12:30';
export const LUNCH_STARTS = '2026-11-26T11:30:00.000Z';

export const lunchRoles = (): RitualRole[] => [
	{ key: 'cooking', label: 'Cuisine', slots: 1, animates: true },
	{ key: 'dessert', label: 'Dessert', slots: 1, animates: false }
];

export const ritualArgs = (over: Record<string, unknown> = {}) => ({
	spaceId: SPACE,
	ritualId: RITUAL,
	kind: 'meal',
	title: 'Déjeuner du jeudi',
	description: 'On cuisine, on mange ensemble.',
	place: 'La grande table',
	durationMinutes: 90,
	capacity: 2,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: '2026-11-05T12:30',
	roles: lunchRoles(),
	leadUserId: HOST,
	...over
});

export const signupArgs = (over: Record<string, unknown> = {}) => ({
	spaceId: SPACE,
	signupId: uuid(800),
	ritualId: RITUAL,
	occurrence: LUNCH,
	roleKey: null,
	note: '',
	at: '2026-11-24T09:00:00.000Z',
	...over
});
