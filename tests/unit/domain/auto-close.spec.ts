import { describe, expect, it } from 'vitest';
import {
	closingAfter,
	correctionRefusal,
	dueAutoCloses,
	endOfVisit,
	visitAsOf
} from '$lib/domain/auto-close';
import { zonedInstant } from '$lib/domain/time';
import { MEMBER, OTHER, SPACE, uuid, visit } from '../builders';

const PARIS = 'Europe/Paris';
const space = { id: SPACE, timeZone: PARIS, closingTime: '20:00' };
const paris = (date: string, hh: number, mm = 0) => zonedInstant(date, hh, mm, PARIS);

describe('closing time after a visit starts', () => {
	it('is that day’s closing time, in the space’s zone', () => {
		expect(closingAfter(paris('2026-11-26', 9), space)).toBe('2026-11-26T19:00:00.000Z');
		expect(closingAfter(paris('2026-07-01', 9), space)).toBe('2026-07-01T18:00:00.000Z');
	});

	it('is the next day’s for a visit that started after closing, or exactly at it', () => {
		expect(closingAfter(paris('2026-11-26', 21), space)).toBe(paris('2026-11-27', 20));
		expect(closingAfter(paris('2026-11-26', 20), space)).toBe(paris('2026-11-27', 20));
	});

	it('stays at 20:00 local across the DST nights', () => {
		expect(closingAfter(paris('2026-03-29', 1, 30), space)).toBe('2026-03-29T18:00:00.000Z');
		expect(closingAfter(paris('2026-10-25', 1, 30), space)).toBe('2026-10-25T19:00:00.000Z');
	});
});

describe('forgotten check-outs', () => {
	const morning = visit({ id: uuid(1), startedAt: paris('2026-11-26', 9) });

	it('an open visit is closed at closing time, marked, once that time has passed', () => {
		expect(dueAutoCloses([morning], space, new Date(paris('2026-11-26', 19, 59)))).toEqual([]);
		expect(dueAutoCloses([morning], space, new Date(paris('2026-11-26', 20)))).toEqual([
			{ ...morning, endedAt: paris('2026-11-26', 20), autoClosed: true }
		]);
	});

	it('the same result whenever it runs afterwards (the next device to sync, days later)', () => {
		const later = dueAutoCloses([morning], space, new Date(paris('2026-11-29', 10)));
		expect(later[0]?.endedAt).toBe(paris('2026-11-26', 20));
	});

	it('leaves closed visits and other spaces alone', () => {
		const closed = visit({ id: uuid(2), endedAt: paris('2026-11-26', 12) });
		const elsewhere = visit({ id: uuid(3), spaceId: uuid(99), startedAt: paris('2026-11-26', 9) });
		expect(dueAutoCloses([closed, elsewhere], space, new Date(paris('2026-11-27', 9)))).toEqual([]);
	});
});

describe('correcting an automatically closed visit', () => {
	const closed = visit({
		id: uuid(4),
		userId: MEMBER,
		startedAt: paris('2026-11-26', 9),
		endedAt: paris('2026-11-26', 20),
		autoClosed: true
	});
	const member = { userId: MEMBER, host: false };
	const nextDay = new Date(paris('2026-11-27', 9));
	const endAt = (end: string) => ({ startedAt: closed.startedAt, endedAt: end });

	it('its member may set the real end, between the start and the automatic close', () => {
		expect(
			correctionRefusal(closed, endAt(paris('2026-11-26', 17, 30)), member, nextDay)
		).toBeNull();
		expect(correctionRefusal(closed, endAt(closed.endedAt!), member, nextDay)).toBeNull();
		expect(correctionRefusal(closed, endAt(paris('2026-11-26', 8)), member, nextDay)).toBe(
			'before_start'
		);
		expect(correctionRefusal(closed, endAt(paris('2026-11-26', 21)), member, nextDay)).toBe(
			'after_auto_close'
		);
	});

	it('the end only: the start is a fact the member cannot move', () => {
		const moved = { startedAt: paris('2026-11-26', 10), endedAt: paris('2026-11-26', 17) };
		expect(correctionRefusal(closed, moved, member, nextDay)).toBe('start_changed');
	});

	it('once: a confirmed or corrected visit is settled for its member', () => {
		const reviewed = { ...closed, reviewed: true };
		expect(correctionRefusal(reviewed, endAt(paris('2026-11-26', 17)), member, nextDay)).toBe(
			'already_reviewed'
		);
	});

	it('within 7 days only', () => {
		const end = endAt(paris('2026-11-26', 17));
		expect(
			correctionRefusal(closed, end, member, new Date(paris('2026-12-03', 19, 59)))
		).toBeNull();
		expect(correctionRefusal(closed, end, member, new Date(paris('2026-12-03', 20, 1)))).toBe(
			'too_late'
		);
	});

	it('not someone else’s visit, nor one the member closed themselves', () => {
		const end = endAt(paris('2026-11-26', 17));
		expect(correctionRefusal(closed, end, { userId: OTHER, host: false }, nextDay)).toBe(
			'not_yours'
		);
		expect(correctionRefusal({ ...closed, autoClosed: false }, end, member, nextDay)).toBe(
			'not_auto_closed'
		);
		expect(correctionRefusal({ ...closed, endedAt: null }, end, member, nextDay)).toBe(
			'not_closed'
		);
	});

	it('a host may correct any closed visit, later too, start included, never ending before it starts', () => {
		const host = { userId: OTHER, host: true };
		const monthLater = new Date(paris('2026-12-26', 9));
		const reviewed = { ...closed, reviewed: true, autoClosed: false };
		expect(
			correctionRefusal(reviewed, endAt(paris('2026-11-26', 21)), host, monthLater)
		).toBeNull();
		expect(
			correctionRefusal(
				closed,
				{ startedAt: paris('2026-11-26', 10), endedAt: paris('2026-11-26', 12) },
				host,
				monthLater
			)
		).toBeNull();
		expect(correctionRefusal(closed, endAt(paris('2026-11-26', 8)), host, monthLater)).toBe(
			'before_start'
		);
	});
});

describe('an auto-closed visit corrected by its member, end to end', () => {
	it('closed at 20:00 the evening it was forgotten, corrected to 17:30 the next morning', () => {
		const morning = visit({ id: uuid(5), userId: MEMBER, startedAt: paris('2026-11-26', 9) });
		const [auto] = dueAutoCloses([morning], space, new Date(paris('2026-11-27', 8)));
		expect(auto).toMatchObject({ endedAt: paris('2026-11-26', 20), autoClosed: true });
		const to = { startedAt: morning.startedAt, endedAt: paris('2026-11-26', 17, 30) };
		const member = { userId: MEMBER, host: false };
		expect(correctionRefusal(auto!, to, member, new Date(paris('2026-11-27', 8)))).toBeNull();
		const corrected = { ...auto!, ...to, reviewed: true };
		expect(correctionRefusal(corrected, to, member, new Date(paris('2026-11-27', 9)))).toBe(
			'already_reviewed'
		);
	});
});

describe('the end a check-out gives', () => {
	const start = paris('2026-11-26', 9);

	it('is the check-out time up to the closing time', () => {
		expect(endOfVisit(start, paris('2026-11-26', 18), space)).toEqual({
			endedAt: paris('2026-11-26', 18),
			autoClosed: false
		});
		expect(endOfVisit(start, paris('2026-11-26', 20), space)).toEqual({
			endedAt: paris('2026-11-26', 20),
			autoClosed: false
		});
	});

	it('is the closing time, marked, for a check-out after it (late, offline, the next day)', () => {
		for (const late of [paris('2026-11-26', 20, 1), paris('2026-11-27', 9)]) {
			expect(endOfVisit(start, late, space)).toEqual({
				endedAt: paris('2026-11-26', 20),
				autoClosed: true
			});
		}
	});
});

describe('a visit as of now', () => {
	const open = visit({ id: uuid(6), startedAt: paris('2026-11-26', 9) });

	it('stays open until the closing time, then shows closed there', () => {
		expect(visitAsOf(open, space, new Date(paris('2026-11-26', 19, 59)))).toBe(open);
		expect(visitAsOf(open, space, new Date(paris('2026-11-26', 20)))).toEqual({
			...open,
			endedAt: paris('2026-11-26', 20),
			autoClosed: true
		});
	});

	it('leaves closed visits as they are', () => {
		const closed = { ...open, endedAt: paris('2026-11-26', 12) };
		expect(visitAsOf(closed, space, new Date(paris('2026-11-28', 9)))).toBe(closed);
	});
});
