import { afterEach, describe, expect, it } from 'vitest';
import { zonedInstant } from '$lib/domain/time';
import { correctedEnd, endFromLocalTime, localTimeOf } from '$lib/ui/correction';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { MEMBER, OTHER, visit } from '../builders';

const PARIS = 'Europe/Paris';
const member = { userId: MEMBER, host: false };

afterEach(() => overwriteGetLocale(() => 'fr'));

describe('the end time a member types, in the space’s zone', () => {
	it.each([
		['the same day', '2026-01-12T12:10:00.000Z', '17:30', '2026-01-12T16:30:00.000Z'],
		['at the start minute', '2026-01-12T12:10:00.000Z', '13:10', '2026-01-12T12:10:00.000Z'],
		[
			'past midnight, the next day',
			'2026-01-12T20:00:00.000Z',
			'01:30',
			'2026-01-13T00:30:00.000Z'
		],
		['in summer time', '2026-07-01T07:00:00.000Z', '18:00', '2026-07-01T16:00:00.000Z'],
		['across the autumn change', '2026-10-24T22:00:00.000Z', '08:00', '2026-10-25T07:00:00.000Z']
	])('%s', (_, startedAt, time, expected) => {
		expect(endFromLocalTime(startedAt, time, PARIS)).toBe(expected);
	});

	it('is null for what is not a time', () => {
		for (const time of ['', '25:00', '9h', '12:60', 'abc']) {
			expect(endFromLocalTime('2026-01-12T12:10:00.000Z', time, PARIS)).toBeNull();
		}
	});

	it('reads back the wall-clock time of an instant', () => {
		expect(localTimeOf('2026-01-12T19:00:00.000Z', PARIS)).toBe('20:00');
		expect(localTimeOf('2026-07-01T07:05:00.000Z', PARIS)).toBe('09:05');
		expect(localTimeOf('2026-01-12T23:30:00.000Z', 'America/New_York')).toBe('18:30');
	});
});

describe('checking a correction before sending it', () => {
	const day = '2026-01-12';
	const forgotten = visit({
		startedAt: zonedInstant(day, 13, 10, PARIS),
		endedAt: zonedInstant(day, 20, 0, PARIS),
		autoClosed: true
	});
	const soon = new Date(Date.parse(forgotten.endedAt!) + 3600_000);

	it('accepts an end between the arrival and the automatic close', () => {
		expect(correctedEnd(forgotten, '17:30', PARIS, member, soon)).toEqual({
			ok: true,
			endedAt: zonedInstant(day, 17, 30, PARIS)
		});
		expect(correctedEnd(forgotten, '20:00', PARIS, member, soon).ok).toBe(true);
	});

	it.each([
		['an empty time', '', 'Indiquez une heure.'],
		[
			'after the automatic close',
			'21:00',
			'Le départ ne peut pas être après la fermeture automatique (20:00).'
		],
		['before the arrival', '12:00', "Le départ ne peut pas précéder l'arrivée (13:10)."]
	])('refuses %s, in words', (_, time, text) => {
		const checked = correctedEnd(forgotten, time, PARIS, member, soon);
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(checked.text.replace(/\s/g, ' ')).toBe(text);
	});

	it('refuses after 7 days, once reviewed, and for someone else', () => {
		const late = new Date(Date.parse(forgotten.endedAt!) + 8 * 24 * 3600_000);
		const cases = [
			correctedEnd(forgotten, '17:30', PARIS, member, late),
			correctedEnd({ ...forgotten, reviewed: true }, '17:30', PARIS, member, soon),
			correctedEnd(forgotten, '17:30', PARIS, { userId: OTHER, host: false }, soon)
		];
		expect(cases.map((checked) => (checked.ok ? '' : checked.text))).toEqual([
			'Plus de 7 jours ont passé : voyez un·e hôte pour corriger ce passage.',
			'Ce passage a déjà été confirmé ou corrigé.',
			'Ce passage ne peut pas être corrigé ici : voyez un·e hôte.'
		]);
	});

	it('speaks English too', () => {
		overwriteGetLocale(() => 'en');
		const checked = correctedEnd(forgotten, '21:00', PARIS, member, soon);
		expect(checked.ok ? '' : checked.text.replace(/\s/g, ' ')).toBe(
			'The check-out cannot be after the automatic close (08:00 PM).'
		);
	});
});
