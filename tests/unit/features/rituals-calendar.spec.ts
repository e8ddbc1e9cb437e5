import { afterEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import {
	calendarFileName,
	calendarText,
	slug,
	type CalendarEvent
} from '$lib/features/rituals/calendar';
import {
	calendarEventOf,
	myCalendarEvents,
	occurrenceUid
} from '$lib/features/rituals/calendar-events';
import { transitionsOf, vtimezoneOf } from '$lib/features/rituals/vtimezone';
import { occurrenceOf } from '$lib/domain/rituals/occurrences';
import { seatsOf } from '$lib/domain/rituals/signups';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { LUNCH, change, ritual, signup } from '../domain/rituals-builders';

const PARIS = 'Europe/Paris';
const NOW = new Date('2026-10-01T08:00:00.000Z');
const options = { timeZone: PARIS, name: 'Collectif · mes rituels', now: NOW, language: 'FR' };
const originalTz = process.env.TZ;

afterEach(() => {
	overwriteGetLocale(() => 'fr');
	process.env.TZ = originalTz;
});

/** Thursday lunches on both sides of the autumn change (25 October 2026) and the spring one (28 March 2027). */
const lunches = ['2026-10-22T12:30', '2026-10-29T12:30', '2027-03-25T12:30', '2027-04-01T12:30'];

function eventsOf(keys: readonly string[]): CalendarEvent[] {
	const lunch = ritual({ description: 'Chacun apporte un plat.' });
	return keys.map((key) =>
		calendarEventOf(lunch, occurrenceOf(lunch, [], key, PARIS)!, null, PARIS)
	);
}

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const zones = calendar.getAllSubcomponents('vtimezone');
	const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
	return { calendar, zones, events };
}

/** The UTC instant of an event's start, converted with the file's own VTIMEZONE. */
function startUtc(calendar: ICAL.Component, event: ICAL.Event): string {
	const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
	const start = event.startDate;
	start.zone = zone;
	return start.toJSDate().toISOString();
}

describe('a calendar file of ritual occurrences', () => {
	it('parses, with a VTIMEZONE for Europe/Paris and one event per occurrence', () => {
		const text = calendarText(eventsOf(lunches), options);
		expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		const { zones, events, calendar } = parse(text);
		expect(zones).toHaveLength(1);
		expect(zones[0]!.getFirstPropertyValue('tzid')).toBe(PARIS);
		expect(events).toHaveLength(4);
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(text).toContain('DTSTAMP:20261001T080000Z');
		expect(events[0]!.summary).toBe('Déjeuner partagé');
		expect(events[0]!.location).toBe('La grande table');
		expect(events[0]!.description).toBe('Chacun apporte un plat.');
	});

	it('writes local 12:30 with the TZID on both sides of each DST change', () => {
		const text = calendarText(eventsOf(lunches), options);
		for (const key of lunches) {
			const local = key.replace(/[-:]/g, '');
			expect(text).toContain(`DTSTART;TZID=Europe/Paris:${local}00`);
		}
		expect(text).toContain('DTEND;TZID=Europe/Paris:20261022T140000');
		const { events } = parse(text);
		for (const event of events) {
			expect(event.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(PARIS);
			expect([event.startDate.hour, event.startDate.minute]).toEqual([12, 30]);
		}
	});

	it('gives the right UTC instants when converted with its VTIMEZONE', () => {
		const { calendar, events } = parse(calendarText(eventsOf(lunches), options));
		expect(events.map((event) => startUtc(calendar, event))).toEqual([
			'2026-10-22T10:30:00.000Z',
			'2026-10-29T11:30:00.000Z',
			'2027-03-25T11:30:00.000Z',
			'2027-04-01T10:30:00.000Z'
		]);
	});

	it('keeps the wall time whatever the device zone is', () => {
		process.env.TZ = 'America/New_York';
		expect(new Date(2026, 9, 22).getTimezoneOffset()).toBe(240);
		const text = calendarText(eventsOf(lunches.slice(0, 2)), options);
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20261022T123000');
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20261029T123000');
		process.env.TZ = 'Asia/Tokyo';
		expect(calendarText(eventsOf(lunches.slice(0, 1)), options)).toContain(
			'DTSTART;TZID=Europe/Paris:20261022T123000'
		);
	});

	it('has UIDs unique per occurrence and the same in every file', () => {
		const first = parse(calendarText(eventsOf(lunches), options)).events.map((e) => e.uid);
		const again = parse(
			calendarText(eventsOf(lunches.slice(1)), { ...options, now: new Date() })
		).events.map((e) => e.uid);
		expect(new Set(first).size).toBe(lunches.length);
		expect(again).toEqual(first.slice(1));
		expect(first[0]).toBe(occurrenceUid(LUNCH, '2026-10-22T12:30'));
	});

	it('marks a cancelled occurrence CANCELLED, with the host message, and a moved one at its new time', () => {
		const lunch = ritual();
		const changes = [
			change({ occurrence: '2026-10-22T12:30', cancelled: true, message: 'Cuisine en travaux' }),
			change({
				id: 'c0000000-0000-4000-8000-000000000002',
				occurrence: '2026-10-29T12:30',
				startsAt: '2026-10-29T13:00',
				place: 'La terrasse'
			})
		];
		const events = ['2026-10-22T12:30', '2026-10-29T12:30'].map((key) =>
			calendarEventOf(lunch, occurrenceOf(lunch, changes, key, PARIS)!, null, PARIS)
		);
		const text = calendarText(events, options);
		const parsed = parse(text).events;
		expect(parsed[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(parsed[0]!.description).toContain('Cuisine en travaux');
		expect(parsed[1]!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20261029T130000');
		expect(parsed[1]!.location).toBe('La terrasse');
		expect(parsed[1]!.uid).toBe(occurrenceUid(LUNCH, '2026-10-29T12:30'));
		expect(parsed[1]!.component.getFirstPropertyValue('sequence')).toBeGreaterThan(0);
	});

	it("says the member's role, note and waitlist place in the description", () => {
		const lunch = ritual({ capacity: 1 });
		const key = '2026-12-10T12:30';
		const seats = seatsOf(lunch, [
			signup('lea', 1),
			signup('me', 2, { roleKey: 'dessert', note: 'Une tarte' })
		]);
		const mine = seats.seats.find((s) => s.signup.userId === 'me')!;
		const occurrence = occurrenceOf(lunch, [], key, PARIS)!;
		const event = calendarEventOf(lunch, occurrence, mine, PARIS, 'https://collectif.test/x');
		expect(event.description).toContain('Votre rôle : Dessert');
		expect(event.description).toContain("liste d'attente (n° 1)");
		expect(event.description).toContain('Votre note : Une tarte');
		overwriteGetLocale(() => 'en');
		const english = calendarEventOf(lunch, occurrence, mine, PARIS);
		expect(english.description).toContain('Your role: Dessert');
		expect(
			parse(calendarText([event], options)).events[0]!.component.getFirstPropertyValue('url')
		).toBe('https://collectif.test/x');
	});

	it('holds every upcoming sign-up of the member, not others, not past or cleared ones', () => {
		const lunch = ritual();
		const mine = [
			signup('me', 1, { occurrence: '2026-10-29T12:30' }),
			signup('me', 2, { occurrence: '2026-10-22T12:30' }),
			signup('me', 3, { occurrence: '2026-09-24T12:30' }),
			signup('me', 4, { occurrence: '2026-11-05T12:30', cancelled: true }),
			// Not a Thursday any more: no longer scheduled, left out.
			signup('me', 5, { occurrence: '2026-11-06T12:30' })
		];
		const events = myCalendarEvents(
			{ rituals: [lunch], changes: [], mine, signups: [...mine, signup('lea', 6)] },
			{ timeZone: PARIS, now: NOW, userId: 'me', url: (id, key) => `https://x.test/${id}/${key}` }
		);
		expect(events.map((e) => e.start)).toEqual(['2026-10-22T12:30', '2026-10-29T12:30']);
		expect(events[0]!.url).toBe(`https://x.test/${LUNCH}/2026-10-22T12:30`);
	});

	it('is named after the ritual and the date', () => {
		expect(calendarFileName('Déjeuner partagé du jeudi', '2026-12-10')).toBe(
			'collectif-dejeuner-partage-du-jeudi-2026-12-10.ics'
		);
		expect(slug("L'afterwork : « apéro » !")).toBe('l-afterwork-apero');
		expect(slug('!!!')).toBe('rituel');
		expect(slug('a'.repeat(30) + ' ' + 'b'.repeat(30)).length).toBeLessThanOrEqual(40);
	});
});

describe('the VTIMEZONE made from the device time-zone data', () => {
	it('has the offset changes of Paris to the minute', () => {
		const changes = transitionsOf(PARIS, 2026, 2026);
		expect(changes.map((c) => [new Date(c.at).toISOString(), c.from, c.to])).toEqual([
			['2026-03-29T01:00:00.000Z', 60, 120],
			['2026-10-25T01:00:00.000Z', 120, 60]
		]);
		const text = vtimezoneOf(PARIS, 2026, 2026)!;
		expect(text).toContain(
			'BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200'
		);
		expect(text).toContain(
			'BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100'
		);
	});

	it('converts like the ical-timezones definition of Europe/Paris', () => {
		const reference = new ICAL.Timezone(
			new ICAL.Component(ICAL.parse(getVtimezoneComponent(PARIS)!))
		);
		const ours = new ICAL.Timezone(new ICAL.Component(ICAL.parse(vtimezoneOf(PARIS, 2025, 2028)!)));
		for (let day = 0; day < 3 * 366; day += 5) {
			for (const hour of [0, 2, 3, 12, 23]) {
				const wall = ICAL.Time.fromData({ year: 2025, month: 1, day: 1 + day, hour, minute: 30 });
				expect(ours.utcOffset(wall), wall.toString()).toBe(reference.utcOffset(wall));
			}
		}
	});

	it('works for zones without DST and south of the equator', () => {
		const tokyo = vtimezoneOf('Asia/Tokyo', 2026, 2027)!;
		expect(tokyo.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(['BEGIN:STANDARD']);
		expect(tokyo).toContain('TZOFFSETTO:+0900');
		const sydney = transitionsOf('Australia/Sydney', 2026, 2026);
		expect(sydney.map((c) => [c.from, c.to])).toEqual([
			[660, 600],
			[600, 660]
		]);
		expect(vtimezoneOf('Asia/Kolkata', 2026, 2026)).toContain('TZOFFSETTO:+0530');
		expect(vtimezoneOf('Not/AZone', 2026, 2026)).toBeNull();
	});
});
