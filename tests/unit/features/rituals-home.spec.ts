import { afterEach, describe, expect, it } from 'vitest';
import { homeRituals, type HomeInput } from '$lib/features/rituals/reminders';
import { noticeText } from '$lib/features/rituals/notice-text';
import {
	dismiss,
	emptySeen,
	readSeen,
	rememberSeats,
	rememberShown,
	writeSeen
} from '$lib/features/rituals/seen';
import { seatsOf } from '$lib/domain/rituals/signups';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { change, ritual, signup } from '../domain/rituals-builders';

const PARIS = 'Europe/Paris';
/** Wednesday 9 December 2026, 10:00 in Paris: the lunch is tomorrow. */
const NOW = new Date('2026-12-09T09:00:00.000Z');
const TODAY = '2026-12-09';
const NEXT = '2026-12-10T12:30';
const options = { timeZone: PARIS, today: TODAY, now: NOW, userId: 'me' };

afterEach(() => overwriteGetLocale(() => 'fr'));

/** A Storage in memory (Node has no localStorage). */
class MemoryStorage implements Storage {
	#items = new Map<string, string>();
	get length() {
		return this.#items.size;
	}
	clear() {
		this.#items.clear();
	}
	getItem(key: string) {
		return this.#items.get(key) ?? null;
	}
	key(index: number) {
		return [...this.#items.keys()][index] ?? null;
	}
	removeItem(key: string) {
		this.#items.delete(key);
	}
	setItem(key: string, value: string) {
		this.#items.set(key, value);
	}
}

const input = (over: Partial<HomeInput> = {}): HomeInput => ({
	rituals: [ritual({ capacity: 2 })],
	changes: [],
	signups: [],
	mine: [],
	...over
});

describe("the home's rituals", () => {
	it("shows today's and tomorrow's occurrences and my commitments of the week", () => {
		const daily = ritual({
			id: 'd',
			title: 'Café',
			rrule: 'FREQ=DAILY',
			startsAt: '2026-12-01T16:00'
		});
		// The week: today and the next seven days (the 17th is one too far).
		const mine = [
			signup('me', 1, { occurrence: NEXT }),
			signup('me', 2, { occurrence: '2026-12-17T12:30' })
		];
		const home = homeRituals(
			input({ rituals: [ritual(), daily], signups: mine, mine }),
			emptySeen(),
			options
		);
		expect(home.today.map((i) => i.occurrence.local)).toEqual(['2026-12-09T16:00']);
		expect(home.tomorrow.map((i) => i.occurrence.local)).toEqual([
			'2026-12-10T12:30',
			'2026-12-10T16:00'
		]);
		expect(home.commitments.map((i) => i.occurrence.local)).toEqual([NEXT]);
		expect(home.notices).toEqual([]);
	});

	it('tells me when a place opened up, until I dismiss it', () => {
		const ana = signup('ana', 1, { occurrence: NEXT });
		const bob = signup('bob', 2, { occurrence: NEXT });
		const me = signup('me', 3, { occurrence: NEXT });
		// First seen waiting.
		const before = homeRituals(
			input({ signups: [ana, bob, me], mine: [me] }),
			emptySeen(),
			options
		);
		expect(before.seats.map((s) => s.status)).toEqual(['waitlisted']);
		const seen = rememberSeats(emptySeen(), before.seats);
		// Ana cancels: I get her place.
		const after = input({ signups: [{ ...ana, cancelled: true }, bob, me], mine: [me] });
		const home = homeRituals(after, rememberSeats(seen, []), options);
		expect(home.notices.map((n) => n.kind)).toEqual(['promoted']);
		expect(noticeText(home.notices[0]!, TODAY, PARIS)).toBe(
			"Une place s'est libérée : vous venez à « Déjeuner partagé », demain."
		);
		// Seeing it elsewhere does not clear it; dismissing it does.
		const stillSeen = rememberSeats(seen, home.seats);
		expect(homeRituals(after, stillSeen, options).notices).toHaveLength(1);
		const dismissed = dismiss(stillSeen, home.notices[0]!.id, me.id);
		expect(homeRituals(after, dismissed, options).notices).toEqual([]);
	});

	it('tells me when an occurrence I signed up for is cancelled, moved, or no longer scheduled', () => {
		const mine = [
			signup('me', 1, { occurrence: NEXT }),
			signup('me', 2, { occurrence: '2026-12-17T12:30' }),
			signup('me', 3, { occurrence: '2026-12-24T12:30' }),
			// Not a Thursday: the series no longer has it.
			signup('me', 4, { occurrence: '2026-12-11T12:30' }),
			// Cleared, or past: nothing to say.
			signup('me', 5, { occurrence: '2026-12-31T12:30', cancelled: true }),
			signup('me', 6, { occurrence: '2026-12-03T12:30' })
		];
		const changes = [
			change({ occurrence: NEXT, cancelled: true, message: 'Cuisine en travaux' }),
			change({
				id: 'c2',
				occurrence: '2026-12-17T12:30',
				startsAt: '2026-12-17T13:00',
				place: 'La terrasse'
			}),
			// Restored: nothing changed.
			change({ id: 'c3', occurrence: '2026-12-24T12:30' })
		];
		const home = homeRituals(
			input({ rituals: [ritual()], changes, signups: mine, mine }),
			emptySeen(),
			options
		);
		expect(home.notices.map((n) => n.kind)).toEqual(['cancelled', 'moved', 'unscheduled']);
		const texts = home.notices.map((n) => noticeText(n, TODAY, PARIS));
		expect(texts[0]).toBe('« Déjeuner partagé », demain : annulé.');
		expect(texts[1]).toBe(
			'« Déjeuner partagé » change : désormais jeudi 17 décembre, 13:00 – 14:30, La terrasse.'
		);
		expect(texts[2]).toBe("« Déjeuner partagé », vendredi 11 décembre : n'a plus lieu.");
		expect(home.notices[0]).toMatchObject({ message: 'Cuisine en travaux' });
		// Dismissed, gone; a later change of the same occurrence is news again.
		const seen = dismiss(emptySeen(), home.notices[0]!.id);
		expect(
			homeRituals(input({ changes, signups: mine, mine }), seen, options).notices
		).toHaveLength(2);
		const changedAgain = changes.map((c, i) =>
			i === 0 ? { ...c, changedAt: '2026-12-08T10:00:00.000Z' } : c
		);
		expect(
			homeRituals(input({ changes: changedAgain, signups: mine, mine }), seen, options).notices
		).toHaveLength(3);
	});

	it('says it in English too', () => {
		overwriteGetLocale(() => 'en');
		const mine = [signup('me', 1, { occurrence: NEXT })];
		const changes = [change({ occurrence: NEXT, cancelled: true })];
		const [notice] = homeRituals(
			input({ changes, signups: mine, mine }),
			emptySeen(),
			options
		).notices;
		expect(noticeText(notice!, TODAY, PARIS)).toBe('“Déjeuner partagé”, tomorrow: cancelled.');
	});
});

describe('what this device showed', () => {
	const lunch = ritual({ capacity: 1 });
	const waiting = seatsOf(lunch, [signup('ana', 1), signup('me', 2)]).seats[1]!;
	const placed = { ...waiting, status: 'confirmed' as const, position: null };

	it('remembers waiting, keeps it through a promotion until dismissed, and ignores pending', () => {
		const seen = rememberSeats(emptySeen(), [waiting]);
		expect(seen.statuses[waiting.signup.id]).toBe('waitlisted');
		expect(rememberSeats(seen, [placed])).toBe(seen);
		const pending = seatsOf(lunch, [signup('me', null)]).seats[0]!;
		expect(rememberSeats(emptySeen(), [pending])).toEqual(emptySeen());
		expect(rememberSeats(emptySeen(), [placed]).statuses[waiting.signup.id]).toBe('confirmed');
	});

	it('is kept per user, and survives damaged storage', () => {
		const storage = new MemoryStorage();
		rememberShown('me', [waiting], storage);
		expect(readSeen('me', storage).statuses[waiting.signup.id]).toBe('waitlisted');
		expect(readSeen('someone-else', storage)).toEqual(emptySeen());
		writeSeen('me', dismiss(readSeen('me', storage), 'n1'), storage);
		expect(readSeen('me', storage).dismissed).toEqual(['n1']);
		storage.setItem('collectif.rituals.seen.me', '{not json');
		expect(readSeen('me', storage)).toEqual(emptySeen());
		storage.setItem(
			'collectif.rituals.seen.me',
			JSON.stringify({ statuses: 3, dismissed: [1, 'a'] })
		);
		expect(readSeen('me', storage)).toEqual({ statuses: {}, dismissed: ['a'] });
	});

	it('stays bounded', () => {
		let seen = emptySeen();
		for (let n = 0; n < 400; n++) seen = dismiss(seen, `n${n}`);
		expect(seen.dismissed).toHaveLength(300);
		expect(seen.dismissed.at(-1)).toBe('n399');
	});
});
