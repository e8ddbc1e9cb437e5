import { afterEach, describe, expect, it } from 'vitest';
import {
	capacityText,
	dayInSentence,
	localWhen,
	longDate,
	myStatusText,
	openRoleText,
	openRoles,
	relativeDay,
	roleCoveredText,
	timeRange
} from '$lib/features/rituals/ritual-text';
import { refusalText, rejectionText } from '$lib/features/sync/rejection-text';
import { signupErrorText } from '$lib/features/rituals/signup-actions';
import { MutationError } from '$lib/domain/mutations/errors';
import { seatsOf } from '$lib/domain/rituals/signups';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { ritual, signup } from '../domain/rituals-builders';

const plain = (text: string) => text.replace(/\s/g, ' ');

afterEach(() => overwriteGetLocale(() => 'fr'));

describe('places and roles in words', () => {
	it.each([
		['places left', 3, [signup('a', 1)], '2 places libres', '2 places left'],
		['one place left', 2, [signup('a', 1)], '1 place libre', '1 place left'],
		['full, nobody waiting', 1, [signup('a', 1)], 'Complet', 'Full'],
		[
			'full with a waitlist',
			1,
			[signup('a', 1), signup('b', 2), signup('c', 3)],
			"Complet · liste d'attente : 2",
			'Full · waitlist: 2'
		],
		[
			'no limit, nobody yet',
			null,
			[],
			"Personne pour l'instant : lancez-vous !",
			'Nobody yet: be the first!'
		],
		['no limit, one', null, [signup('a', 1)], '1 personne vient', '1 person coming'],
		[
			'no limit, several',
			null,
			[signup('a', 1), signup('b', 2)],
			'2 personnes viennent',
			'2 people coming'
		]
	] as const)('%s', (_, capacity, signups, french, english) => {
		const seats = seatsOf(ritual({ capacity }), signups);
		expect(capacityText(seats)).toBe(french);
		overwriteGetLocale(() => 'en');
		expect(capacityText(seats)).toBe(english);
	});

	it('offers open roles as chips, singular and plural, not what a pending sign-up here took', () => {
		const seats = seatsOf(ritual(), [
			signup('a', 1, { roleKey: 'dessert' }),
			signup('b', null, { roleKey: 'setup' })
		]);
		const chips = openRoles(seats);
		expect(chips.map(openRoleText)).toEqual(['Cuisine : 2 places', 'Dessert : 1 place']);
		overwriteGetLocale(() => 'en');
		expect(chips.map(openRoleText)).toEqual(['Cuisine: 2 spots', 'Dessert: 1 spot']);
	});
});

describe("a member's own status", () => {
	const lunch = ritual({
		capacity: 2,
		roles: [{ key: 'dessert', label: 'Dessert', slots: 1, animates: false }]
	});
	const seats = seatsOf(lunch, [
		signup('a', 1, { roleKey: 'dessert' }),
		signup('me', 2, { roleKey: 'dessert' }),
		signup('w', 3),
		signup('p', null)
	]);
	const of = (user: string) => seats.seats.find((s) => s.signup.userId === user)!;

	it('says coming, in which role, covered or not', () => {
		expect(myStatusText(of('a'))).toEqual({ text: 'Vous venez · Dessert', tone: 'ok' });
		expect(roleCoveredText(of('a'))).toBeNull();
		expect(roleCoveredText(of('me'))).toBe(
			'Le rôle « Dessert » est déjà couvert : vous gardez votre place.'
		);
	});

	it('says waiting with the position, or pending sync', () => {
		expect(myStatusText(of('w'))).toEqual({ text: "Liste d'attente : n° 1", tone: 'wait' });
		expect(myStatusText(of('p'))).toEqual({
			text: 'Inscription en attente de synchronisation',
			tone: 'pending'
		});
		overwriteGetLocale(() => 'en');
		expect(myStatusText(of('w')).text).toBe('Waitlist: no. 1');
	});
});

describe('days and times in the space', () => {
	it('names today and tomorrow, then the date', () => {
		expect(relativeDay('2026-12-09', '2026-12-09')).toBe("Aujourd'hui");
		expect(relativeDay('2026-12-10', '2026-12-09')).toBe('Demain');
		expect(relativeDay('2026-12-11', '2026-12-09')).toBeNull();
		expect(longDate('2026-12-11')).toBe('vendredi 11 décembre');
		expect(dayInSentence('2026-12-10', '2026-12-09')).toBe('demain');
		overwriteGetLocale(() => 'en');
		expect(longDate('2026-12-11')).toBe('Friday, December 11');
	});

	it('writes times in the space zone, across DST', () => {
		const summer = { startsAt: '2026-07-02T10:30:00.000Z', endsAt: '2026-07-02T12:00:00.000Z' };
		expect(plain(timeRange(summer, 'Europe/Paris'))).toBe('12:30 – 14:00');
		expect(plain(timeRange(summer, 'America/New_York'))).toBe('06:30 – 08:00');
		expect(plain(localWhen('2026-03-29T12:30', 'Europe/Paris'))).toBe('dimanche 29 mars, 12:30');
	});
});

describe('refusals of sign-ups, explained', () => {
	it.each([
		['forbidden', 'too_late', 'Le rituel avait déjà commencé.', "Voyez avec l'hôte sur place."],
		['conflict', 'cancelled', "Cette date a été annulée par l'hôte.", 'Regardez les autres dates'],
		[
			'conflict',
			'already signed up',
			'Vous étiez déjà inscrit·e',
			'votre inscription existante compte'
		],
		['not_found', 'occurrence', 'ne fait pas, ou plus, partie du rituel', 'Vérifiez la date'],
		['invalid_args', 'roleKey', "Ce rôle n'existe plus", 'Choisissez un autre rôle'],
		['invalid_args', 'entries.3.roleKey', "Ce rôle n'existe plus", 'Choisissez un autre rôle'],
		['conflict', 'decided', 'La proposition avait déjà reçu une réponse.', 'Rien à refaire'],
		['forbidden', 'not_started', "Le rituel n'avait pas encore commencé.", 'Recommencez']
	] as const)('%s: %s', (code, detail, reason, todo) => {
		const text = refusalText(code, detail)!;
		expect(text.reason).toContain(reason);
		expect(text.todo).toContain(todo);
		const rejected = rejectionText({ name: 'signup.create@1', code, detail });
		expect(rejected.title).toContain('Inscription à un rituel');
		expect(rejected.title).toContain(reason);
		expect(rejected.todo).toContain(todo);
	});

	it('falls back to the code when the detail names no rule', () => {
		expect(refusalText('conflict', 'ritual exists')).toBeNull();
		expect(refusalText('not_found', null)).toBeNull();
		expect(refusalText('not_found', 'constructor')).toBeNull();
		expect(
			rejectionText({ name: 'signup.update@1', code: 'forbidden', detail: null }).title
		).toContain("Modification d'une inscription");
	});

	it('is said where the change was made, in both languages', () => {
		const error = new MutationError('forbidden', 'too_late');
		expect(signupErrorText(error)).toBe(
			"Le rituel avait déjà commencé. Voyez avec l'hôte sur place."
		);
		overwriteGetLocale(() => 'en');
		expect(signupErrorText(error)).toBe(
			'The ritual had already started. See the host on the spot.'
		);
		expect(signupErrorText(new MutationError('storage_full'))).toMatch(/storage/i);
	});
});
