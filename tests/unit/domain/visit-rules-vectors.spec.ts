import { describe, expect, test } from 'vitest';
import { closingAfter, correctionRefusal } from '$lib/domain/auto-close';
import type { Visit } from '$lib/domain/types';
import { clampDeviceTime } from '$lib/domain/visit-times';
import { clamp, closing, corrections } from '../../vectors/visit-rules';
import { MEMBER, OTHER, SPACE, uuid } from '../builders';

// The same cases run against the database's functions in tests/db/visit-rules-vectors.spec.ts
// (app_private.clamp_device_time, closing_after, correction_refusal): the app and the server must
// clamp, close and allow corrections alike, DST nights included.
describe('shared visit rules (tests/vectors/visit-rules.json)', () => {
	test('the file covers every refusal and the allowed cases', () => {
		expect(clamp.length).toBeGreaterThanOrEqual(10);
		expect(closing.length).toBeGreaterThanOrEqual(15);
		expect(new Set(corrections.map((c) => c.expected))).toEqual(
			new Set([
				null,
				'not_closed',
				'before_start',
				'after_auto_close',
				'not_auto_closed',
				'already_reviewed',
				'start_changed',
				'too_late',
				'not_yours'
			])
		);
	});

	test.each(clamp.map((c) => [c.why, c] as const))('clampDeviceTime: %s', (_why, c) => {
		const result = clampDeviceTime(c.at, c.receivedAt);
		expect({ at: Date.parse(result.at), flagged: result.flagged }).toEqual({
			at: Date.parse(c.expected.at),
			flagged: c.expected.flagged
		});
	});

	test.each(closing.map((c) => [c.why, c] as const))('closingAfter: %s', (_why, c) => {
		expect(closingAfter(c.startedAt, { timeZone: c.timeZone, closingTime: c.closingTime })).toBe(
			c.expected
		);
	});

	test.each(corrections.map((c) => [c.why, c] as const))('correctionRefusal: %s', (_why, c) => {
		const visit: Visit = {
			id: uuid(1),
			spaceId: SPACE,
			userId: c.visit.mine ? MEMBER : OTHER,
			startedAt: c.visit.startedAt,
			endedAt: c.visit.endedAt,
			autoClosed: c.visit.autoClosed,
			flagged: false,
			reviewed: c.visit.reviewed
		};
		expect(correctionRefusal(visit, c.to, { userId: MEMBER, host: c.host }, new Date(c.now))).toBe(
			c.expected
		);
	});
});
