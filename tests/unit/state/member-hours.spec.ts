import { describe, expect, it } from 'vitest';
import { memberHours } from '$lib/domain/member-hours';
import { hoursAt } from '$lib/state/member-hours';
import type { Contract, Space } from '$lib/domain/types';
import { MEMBER, SPACE, rules, uuid, visit } from '../builders';

const space: Space = {
	id: SPACE,
	name: 'La Cantine',
	timeZone: 'UTC',
	capacity: 30,
	openingTime: '08:00',
	closingTime: '20:00',
	lowThresholdMinutes: 60,
	overdraftLimitMinutes: null
};
const pack: Contract = {
	id: uuid(500),
	spaceId: SPACE,
	userId: MEMBER,
	planId: uuid(900),
	kind: 'pack',
	startsOn: '2026-11-01',
	expiresOn: null,
	minutesGranted: 600,
	rules: rules()
};
const readAt = (visits: ReturnType<typeof visit>[], now: string) => {
	const input = { space, contracts: [pack], visits, adjustments: [], now: new Date(now) };
	return { hours: memberHours(input), input };
};

describe('the home’s hours between two reads', () => {
	it('bills the open visit up to each new minute from the facts already read', () => {
		const read = readAt(
			[visit({ startedAt: '2026-11-26T09:00:00.000Z' })],
			'2026-11-26T09:20:00.000Z'
		);
		expect(read.hours.billedToday).toBe(30);
		expect(hoursAt(read, new Date('2026-11-26T09:20:00.000Z'))).toBe(read.hours);
		expect(hoursAt(read, new Date('2026-11-26T10:01:00.000Z')).billedToday).toBe(75);
	});

	it('keeps the read’s result while nobody is present', () => {
		const closed = visit({
			startedAt: '2026-11-26T09:00:00.000Z',
			endedAt: '2026-11-26T10:00:00.000Z'
		});
		const read = readAt([closed], '2026-11-26T10:05:00.000Z');
		expect(hoursAt(read, new Date('2026-11-26T15:00:00.000Z'))).toBe(read.hours);
	});
});
