import { beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { catalogue } from '$lib/domain/mutations/catalogue';
import type { Ritual } from '$lib/domain/types';
import { kindsOf } from '$lib/domain/rituals/kinds';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import {
	checkRitualDetails,
	checkRitualDraft,
	checkRitualSchedule,
	newRitualDraft,
	ritualDraftOf,
	type RitualDraft
} from '$lib/features/ritual-admin/ritual-form';
import {
	acceptArgs,
	createArgs,
	proposalArgs,
	splitArgs,
	updateArgs
} from '$lib/features/ritual-admin/ritual-args';
import {
	choiceAfterDateChange,
	choiceOfRule,
	monthWeekOf
} from '$lib/features/ritual-admin/schedule-rule';
import { scheduleText } from '$lib/features/ritual-admin/schedule-text';
import { ritualErrorText } from '$lib/features/ritual-admin/field-error-text';
import {
	checkRoles,
	keyFromLabel,
	newRoleDraft,
	untouchedRoles
} from '$lib/features/ritual-admin/role-drafts';
import { builtInLabel } from '$lib/features/rituals/vocabulary-text';
import { SPACE, uuid } from '../builders';

const PARIS = 'Europe/Paris';
const meal = kindsOf(null, builtInLabel)[0]!;

/** A weekly Thursday lunch from Thursday 3 December 2026, 12:30 to 14:00. */
const draft = (over: Partial<RitualDraft> = {}): RitualDraft => ({
	...newRitualDraft('2026-12-03', meal),
	title: 'Déjeuner partagé du jeudi',
	place: 'La grande table',
	...over
});

const ritual = (over: Partial<Ritual> = {}): Ritual => ({
	id: uuid(10),
	spaceId: SPACE,
	kind: 'meal',
	title: 'Déjeuner partagé du jeudi',
	description: 'On mange ensemble.',
	place: 'La grande table',
	durationMinutes: 90,
	capacity: 14,
	rrule: 'FREQ=WEEKLY;BYDAY=TH',
	startsAt: '2026-12-03T12:30',
	roles: [
		{ key: 'cooking', label: 'Cuisine', slots: 2, animates: true },
		{ key: 'dessert', label: 'Dessert', slots: 2, animates: false }
	],
	leadUserId: uuid(20),
	endsBefore: null,
	endMessage: '',
	continuedBy: null,
	proposalId: null,
	...over
});

const scheduled = (over: Partial<RitualDraft>) => {
	const check = checkRitualDraft(draft(over), PARIS);
	return check.ok ? { rrule: check.value.rrule, startsAt: check.value.startsAt } : check.errors;
};

describe('a new ritual starts', () => {
	it('from the first kind, with its default roles, weekly on the chosen date’s weekday', () => {
		const fresh = newRitualDraft('2026-12-03', meal);
		expect(fresh).toMatchObject({ kind: 'meal', repeat: 'weekly', days: ['TH'], capacity: '' });
		expect(fresh.roles.map((r) => [r.key, r.slots, r.animates])).toEqual([
			['cooking', '2', true],
			['dessert', '2', false],
			['setup', '1', false],
			['tidy', '2', false]
		]);
	});
});

describe('the recurrence chosen becomes an RRULE, starting on its first matching date', () => {
	it.each<[string, Partial<RitualDraft>, string, string]>([
		['weekly on Thursdays', {}, 'FREQ=WEEKLY;BYDAY=TH', '2026-12-03T12:30'],
		[
			'weekly on Monday and Thursday (days in calendar order)',
			{ days: ['TH', 'MO'] },
			'FREQ=WEEKLY;BYDAY=MO,TH',
			'2026-12-03T12:30'
		],
		[
			'every other Friday from a Thursday: the next day',
			{ repeat: 'fortnightly', days: ['FR'], startTime: '18:30', endTime: '20:30' },
			'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
			'2026-12-04T18:30'
		],
		[
			'the first Friday of the month from 4 December 2026',
			{ date: '2026-12-04', repeat: 'monthly', nth: 1 },
			'FREQ=MONTHLY;BYDAY=1FR',
			'2026-12-04T12:30'
		],
		[
			'the first Friday, chosen from a later Friday: next month’s',
			{ date: '2026-12-11', repeat: 'monthly', nth: 1 },
			'FREQ=MONTHLY;BYDAY=1FR',
			'2027-01-01T12:30'
		],
		[
			'the last Friday of the month',
			{ date: '2026-12-04', repeat: 'monthly', nth: -1 },
			'FREQ=MONTHLY;BYDAY=-1FR',
			'2026-12-25T12:30'
		],
		[
			'a single date',
			{ date: '2026-12-12', repeat: 'once' },
			'FREQ=DAILY;COUNT=1',
			'2026-12-12T12:30'
		],
		[
			'a single date ignores an end date',
			{ date: '2026-12-12', repeat: 'once', until: '2026-01-01' },
			'FREQ=DAILY;COUNT=1',
			'2026-12-12T12:30'
		],
		[
			'weekly until a date',
			{ until: '2027-03-31' },
			'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270331',
			'2026-12-03T12:30'
		],
		[
			'weekly on Thursdays from a Monday: that week’s Thursday',
			{ date: '2026-11-30' },
			'FREQ=WEEKLY;BYDAY=TH',
			'2026-12-03T12:30'
		]
	])('%s', (_, over, rrule, startsAt) => {
		expect(scheduled(over)).toEqual({ rrule, startsAt });
	});

	it('keeps a rule the form cannot show, with a new end date', () => {
		const custom = { repeat: 'custom' as const, customRule: 'FREQ=MONTHLY;BYMONTHDAY=15' };
		expect(scheduled({ ...custom, date: '2026-12-15', until: '2027-06-30' })).toEqual({
			rrule: 'FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270630',
			startsAt: '2026-12-15T12:30'
		});
	});
});

describe('bad input gets a field error, and nothing is sent', () => {
	it.each<[string, Partial<RitualDraft>, Record<string, unknown>]>([
		['an empty title', { title: '   ' }, { title: { kind: 'required' } }],
		['a huge title', { title: 'x'.repeat(121) }, { title: { kind: 'too_long', max: 120 } }],
		[
			'a huge description',
			{ description: 'x'.repeat(2001) },
			{ description: { kind: 'too_long', max: 2000 } }
		],
		['a huge place', { place: 'x'.repeat(121) }, { place: { kind: 'too_long', max: 120 } }],
		['no kind', { kind: '' }, { kind: { kind: 'required' } }],
		['a negative capacity', { capacity: '-3' }, { capacity: { kind: 'range', min: 1, max: 1000 } }],
		['a capacity of zero', { capacity: '0' }, { capacity: { kind: 'range', min: 1, max: 1000 } }],
		[
			'a capacity over 1000',
			{ capacity: '1001' },
			{ capacity: { kind: 'range', min: 1, max: 1000 } }
		],
		[
			'a capacity in words',
			{ capacity: 'dix' },
			{ capacity: { kind: 'range', min: 1, max: 1000 } }
		],
		['an end before the start', { endTime: '12:00' }, { endTime: { kind: 'end_before_start' } }],
		['an end at the start', { endTime: '12:30' }, { endTime: { kind: 'end_before_start' } }],
		['under five minutes', { endTime: '12:33' }, { endTime: { kind: 'too_short', min: 5 } }],
		['no start time', { startTime: '' }, { startTime: { kind: 'time' } }],
		['no date', { date: '' }, { date: { kind: 'date' } }],
		['30 February', { date: '2027-02-30' }, { date: { kind: 'date' } }],
		['a week without days', { days: [] }, { days: { kind: 'no_days' } }],
		[
			'an end date before the first date',
			{ until: '2026-12-01' },
			{ until: { kind: 'until_before_start' } }
		],
		[
			'an end date before the first matching date',
			{ date: '2026-11-30', until: '2026-12-01' },
			{ until: { kind: 'no_occurrence' } }
		],
		['an unreadable end date', { until: '2026-13-01' }, { until: { kind: 'date' } }],
		[
			'an invalid recurrence',
			{ repeat: 'custom', customRule: 'FREQ=YEARLY;BYHOUR=9' },
			{ repeat: { kind: 'rule' } }
		],
		[
			'a role without a label and too many slots',
			{ roles: [{ key: '', label: ' ', slots: '51', animates: false }] },
			{
				'roles.0.label': { kind: 'required' },
				'roles.0.slots': { kind: 'range', min: 1, max: 50 }
			}
		],
		[
			'a role with no slot',
			{ roles: [{ key: '', label: 'Vaisselle', slots: '0', animates: false }] },
			{ 'roles.0.slots': { kind: 'range', min: 1, max: 50 } }
		],
		[
			'a huge role label',
			{ roles: [{ key: '', label: 'x'.repeat(61), slots: '1', animates: false }] },
			{ 'roles.0.label': { kind: 'too_long', max: 60 } }
		],
		[
			'more than twenty roles',
			{ roles: Array.from({ length: 21 }, (_, i) => ({ ...newRoleDraft(), label: `Rôle ${i}` })) },
			{ roles: { kind: 'too_many', max: 20 } }
		]
	])('%s', (_, over, errors) => {
		expect(checkRitualDraft(draft(over), PARIS)).toEqual({ ok: false, errors });
	});

	it('a split may not start before the date it splits from', () => {
		expect(checkRitualDraft(draft({ date: '2026-12-03' }), PARIS, '2026-12-10')).toEqual({
			ok: false,
			errors: { date: { kind: 'before_split', date: '2026-12-10' } }
		});
		expect(checkRitualDraft(draft({ date: '2026-12-10' }), PARIS, '2026-12-10').ok).toBe(true);
	});

	it('reports every wrong field at once', () => {
		const check = checkRitualDraft(
			draft({ title: '', capacity: '-1', endTime: '11:00', days: [] }),
			PARIS
		);
		expect(check.ok ? [] : Object.keys(check.errors).sort()).toEqual([
			'capacity',
			'days',
			'endTime',
			'title'
		]);
	});

	it('the schedule alone is checked while the host types (for its summary)', () => {
		expect(checkRitualSchedule(draft({ title: '' }), PARIS)).toEqual({
			ok: true,
			value: { rrule: 'FREQ=WEEKLY;BYDAY=TH', startsAt: '2026-12-03T12:30' }
		});
		expect(checkRitualSchedule(draft({ days: [] }), PARIS).ok).toBe(false);
	});
});

describe('the arguments the catalogue accepts', () => {
	const values = () => {
		const check = checkRitualDraft(
			draft({ capacity: '14', leadUserId: uuid(20), description: '  On mange ensemble.  ' }),
			PARIS
		);
		if (!check.ok) throw new Error(JSON.stringify(check.errors));
		return check.value;
	};

	it('a new series: trimmed text, duration from the times, roles with their keys', () => {
		const args = createArgs(SPACE, uuid(1), values());
		expect(args).toMatchObject({
			title: 'Déjeuner partagé du jeudi',
			description: 'On mange ensemble.',
			durationMinutes: 90,
			capacity: 14,
			leadUserId: uuid(20),
			rrule: 'FREQ=WEEKLY;BYDAY=TH',
			startsAt: '2026-12-03T12:30'
		});
		expect(v.is(catalogue['ritual.create@1'].args, args)).toBe(true);
	});

	it('no capacity is unlimited; no lead is nobody', () => {
		const check = checkRitualDraft(draft(), PARIS);
		expect(check.ok && [check.value.capacity, check.value.leadUserId]).toEqual([null, null]);
	});

	it('a split, a whole-series update, a proposal and an accepted proposal', () => {
		const all = values();
		const split = splitArgs(SPACE, uuid(1), uuid(2), '2026-12-03T12:30', all, ' Nouvel horaire ');
		expect(split.message).toBe('Nouvel horaire');
		expect(v.is(catalogue['ritual.split@1'].args, split)).toBe(true);
		const details = checkRitualDetails(draft({ capacity: '20' }));
		if (!details.ok) throw new Error('details');
		const update = updateArgs(SPACE, uuid(1), details.value);
		expect(update).not.toHaveProperty('rrule');
		expect(v.is(catalogue['ritual.update@1'].args, update)).toBe(true);
		const proposal = proposalArgs(SPACE, uuid(3), all, true, '2026-11-20T10:00:00.000Z');
		expect(proposal).not.toHaveProperty('capacity');
		expect(proposal).not.toHaveProperty('leadUserId');
		expect(v.is(catalogue['proposal.create@1'].args, proposal)).toBe(true);
		const accept = acceptArgs(SPACE, uuid(3), uuid(4), all, '');
		expect(accept).not.toHaveProperty('leadUserId');
		expect(v.is(catalogue['proposal.accept@1'].args, accept)).toBe(true);
	});
});

describe('an existing series in the form', () => {
	it('reads back as it was stored', () => {
		const stored = ritual();
		const check = checkRitualDraft(ritualDraftOf(stored), PARIS);
		expect(check).toEqual({
			ok: true,
			value: {
				kind: stored.kind,
				title: stored.title,
				description: stored.description,
				place: stored.place,
				durationMinutes: 90,
				capacity: 14,
				roles: stored.roles,
				leadUserId: stored.leadUserId,
				rrule: stored.rrule,
				startsAt: stored.startsAt
			}
		});
		expect(ritualDraftOf(stored)).toMatchObject({ startTime: '12:30', endTime: '14:00' });
	});

	it('a whole-series edit checks the details, not the schedule', () => {
		const check = checkRitualDetails({ ...ritualDraftOf(ritual()), days: [], date: '' });
		expect(check.ok).toBe(true);
		expect(checkRitualDetails({ ...ritualDraftOf(ritual()), title: '' })).toEqual({
			ok: false,
			errors: { title: { kind: 'required' } }
		});
	});

	it.each<[string, string, string, Partial<ReturnType<typeof choiceOfRule>>]>([
		['weekly', 'FREQ=WEEKLY;BYDAY=TH', '2026-12-03T12:30', { repeat: 'weekly', days: ['TH'] }],
		[
			'every other week',
			'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR',
			'2026-12-04T18:30',
			{ repeat: 'fortnightly', days: ['FR'] }
		],
		['first Monday', 'FREQ=MONTHLY;BYDAY=1MO', '2026-12-07T09:00', { repeat: 'monthly', nth: 1 }],
		['last Friday', 'FREQ=MONTHLY;BYDAY=-1FR', '2026-12-25T09:00', { repeat: 'monthly', nth: -1 }],
		['a single date', 'FREQ=DAILY;COUNT=1', '2026-12-12T19:00', { repeat: 'once' }],
		[
			'weekly with an end',
			'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270331',
			'2026-12-03T12:30',
			{ repeat: 'weekly', until: '2027-03-31' }
		],
		[
			'every third week',
			'FREQ=WEEKLY;INTERVAL=3;BYDAY=TH',
			'2026-12-03T12:30',
			{ repeat: 'custom' }
		],
		['ten Thursdays', 'FREQ=WEEKLY;BYDAY=TH;COUNT=10', '2026-12-03T12:30', { repeat: 'custom' }],
		['the 15th', 'FREQ=MONTHLY;BYMONTHDAY=15', '2026-12-15T12:30', { repeat: 'custom' }]
	])('a rule %s shows as its choice', (_, rrule, startsAt, choice) => {
		expect(choiceOfRule(rrule, startsAt)).toMatchObject(choice);
	});
});

describe('moving the first date', () => {
	it.each<[string, { days: ('MO' | 'TH' | 'FR')[]; nth: 1 | 2 | -1 }, string, string, object]>([
		[
			'the day follows the date',
			{ days: ['TH'], nth: 1 },
			'2026-12-03',
			'2026-12-04',
			{ days: ['FR'] }
		],
		[
			'days the host chose stay',
			{ days: ['MO', 'TH'], nth: 1 },
			'2026-12-03',
			'2026-12-04',
			{ days: ['MO', 'TH'] }
		],
		[
			'a day other than the date’s stays',
			{ days: ['MO'], nth: 1 },
			'2026-12-03',
			'2026-12-04',
			{ days: ['MO'] }
		],
		[
			'the week of the month follows',
			{ days: ['TH'], nth: 1 },
			'2026-12-03',
			'2026-12-10',
			{ nth: 2 }
		],
		['a chosen week stays', { days: ['TH'], nth: -1 }, '2026-12-03', '2026-12-10', { nth: -1 }]
	])('%s', (_, choice, from, to, expected) => {
		expect(choiceAfterDateChange(choice, from, to)).toMatchObject(expected);
	});

	it('the 29th to 31st are the last of their weekday', () => {
		expect(['2026-12-01', '2026-12-08', '2026-12-28', '2026-12-29'].map(monthWeekOf)).toEqual([
			1, 2, 4, -1
		]);
	});
});

describe('roles', () => {
	it.each([
		['Cuisine', 'cuisine'],
		['Mise en place', 'mise-en-place'],
		['Crème brûlée !', 'creme-brulee'],
		['  ', 'role'],
		['2e service', 'role-2e-service'],
		['x'.repeat(50), 'x'.repeat(40)]
	])('%j gets the key %j', (label, key) => {
		expect(keyFromLabel(label, new Set(), 'role')).toBe(key);
	});

	it('keys are unique in the list; a stored key is kept when the label changes', () => {
		const errors = {};
		const roles = checkRoles(errors, 'roles', [
			{ key: 'dessert', label: 'Gâteaux', slots: '2', animates: false },
			{ key: '', label: 'Dessert', slots: '1', animates: false },
			{ key: '', label: 'Dessert', slots: '1', animates: true }
		]);
		expect(roles.map((r) => r.key)).toEqual(['dessert', 'dessert-2', 'dessert-3']);
		expect(errors).toEqual({});
	});

	it('a new kind replaces the roles only while the host left them as they were', () => {
		const defaults = meal.roles;
		const fresh = newRitualDraft('2026-12-03', meal).roles;
		expect(untouchedRoles(fresh, defaults)).toBe(true);
		expect(untouchedRoles([], defaults)).toBe(true);
		expect(untouchedRoles([{ ...fresh[0]!, slots: '3' }, ...fresh.slice(1)], defaults)).toBe(false);
		expect(untouchedRoles(fresh.slice(1), defaults)).toBe(false);
	});
});

describe('the schedule in words', () => {
	beforeEach(() => overwriteGetLocale(() => 'fr'));

	it.each([
		['FREQ=WEEKLY;BYDAY=TH', '2026-12-03T12:30', 'Chaque jeudi à 12:30'],
		['FREQ=WEEKLY;BYDAY=MO,TH', '2026-12-03T12:30', 'Chaque lundi et jeudi à 12:30'],
		['FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', '2026-12-04T18:30', 'Un vendredi sur deux à 18:30'],
		['FREQ=MONTHLY;BYDAY=1FR', '2026-12-04T12:30', 'Le premier vendredi du mois à 12:30'],
		['FREQ=MONTHLY;BYDAY=-1FR', '2026-12-25T12:30', 'Le dernier vendredi du mois à 12:30'],
		['FREQ=DAILY;COUNT=1', '2026-12-12T19:00', 'Le 12 décembre à 19:00'],
		['FREQ=DAILY', '2026-12-12T08:00', 'Chaque jour à 08:00'],
		[
			'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270331',
			'2026-12-03T12:30',
			'Chaque jeudi à 12:30, jusqu’au 31 mars 2027'
		],
		['FREQ=WEEKLY;BYDAY=TU;COUNT=4', '2026-12-08T19:00', 'Chaque mardi à 19:00, 4 fois'],
		['FREQ=MONTHLY;BYMONTHDAY=15', '2026-12-15T12:30', 'Récurrence : FREQ=MONTHLY;BYMONTHDAY=15'],
		[
			'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3',
			'2026-12-15T12:30',
			'Récurrence : FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3'
		]
	])('%s from %s reads "%s"', (rrule, startsAt, text) => {
		expect(scheduleText(rrule, startsAt).replace(/[\u202f\u00a0]/g, ' ')).toBe(
			text.replace('’', "'")
		);
	});

	it('and in English', () => {
		overwriteGetLocale(() => 'en');
		expect(scheduleText('FREQ=WEEKLY;BYDAY=TH', '2026-12-03T12:30')).toBe(
			'Every Thursday at 12:30'
		);
		expect(scheduleText('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', '2026-12-04T18:30')).toBe(
			'Every other Friday at 18:30'
		);
		expect(scheduleText('FREQ=MONTHLY;BYDAY=1FR', '2026-12-04T12:30')).toBe(
			'The first Friday of the month at 12:30'
		);
		expect(scheduleText('FREQ=DAILY;COUNT=1', '2026-12-12T19:00')).toBe('On December 12 at 19:00');
	});

	it('errors read as sentences', () => {
		expect(ritualErrorText({ kind: 'end_before_start' })).toBe('La fin doit venir après le début.');
		expect(ritualErrorText({ kind: 'required' })).toBe('À remplir.');
		expect(ritualErrorText({ kind: 'range', min: 1, max: 1000 })).toBe(
			'Un nombre entier de 1 à 1000.'
		);
		expect(ritualErrorText(undefined)).toBe('');
	});
});
