/**
 * Local day numbers of instants in a space's zone, for tens of thousands of visits: the zone's
 * offset is asked once per UTC day (two `Intl` calls, `../time.ts`) and reused for every instant of
 * that day; only a day on which the offset changes asks per instant.
 */
import { localDateOf, localMinutesOf } from '../time';
import { dayFromCivil, dayNumber } from './days';

const DAY_MS = 86_400_000;

/** Offsets per zone, per UTC day: shared by every log of the zone (a zone's history never changes). */
const offsetsByZone = new Map<string, Map<number, number>>();

export class LocalDays {
	readonly #offsets: Map<number, number>;

	constructor(readonly timeZone: string) {
		let offsets = offsetsByZone.get(timeZone);
		if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map()));
		this.#offsets = offsets;
	}

	/** The zone's offset in ms at the start (00:00 UTC) of a UTC day. */
	#offsetAt(utcDay: number): number {
		let offset = this.#offsets.get(utcDay);
		if (offset === undefined) {
			const instant = new Date(utcDay * DAY_MS);
			const wall =
				dayNumber(localDateOf(instant, this.timeZone)) * 1440 +
				localMinutesOf(instant, this.timeZone);
			offset = (wall - utcDay * 1440) * 60_000;
			this.#offsets.set(utcDay, offset);
		}
		return offset;
	}

	/** Local day number of an instant (UTC ISO string). */
	dayOf(instant: string): number {
		const ms = epochMs(instant);
		const utcDay = Math.floor(ms / DAY_MS);
		const offset = this.#offsetAt(utcDay);
		if (offset === this.#offsetAt(utcDay + 1)) return Math.floor((ms + offset) / DAY_MS);
		return dayNumber(localDateOf(instant, this.timeZone));
	}
}

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

/**
 * Milliseconds of a `toISOString()` instant (`YYYY-MM-DDTHH:MM:SS.sssZ`) read digit by digit,
 * several times cheaper than `Date.parse` over tens of thousands of visits; any other form goes
 * to `Date.parse`.
 */
export function epochMs(instant: string): number {
	if (instant.length !== 24 || instant.charCodeAt(23) !== 90 /* Z */) return Date.parse(instant);
	const year = two(instant, 0) * 100 + two(instant, 2);
	const day = dayFromCivil(year, two(instant, 5), two(instant, 8));
	const ms = digit(instant, 20) * 100 + two(instant, 21);
	return (
		day * DAY_MS +
		two(instant, 11) * 3_600_000 +
		two(instant, 14) * 60_000 +
		two(instant, 17) * 1000 +
		ms
	);
}
