import { describe, expect, it } from 'vitest';
import type { Space } from '$lib/domain/types';
import { zonedInstant } from '$lib/domain/time';
import { visitsToReview } from '$lib/domain/review';
import { MEMBER, OTHER, SPACE, uuid, visit } from '../builders';

const PARIS = 'Europe/Paris';
const space: Pick<Space, 'id' | 'timeZone' | 'closingTime'> = {
	id: SPACE,
	timeZone: PARIS,
	closingTime: '20:00'
};
const closed = (day: string, n: number, over = {}) =>
	visit({
		id: uuid(n),
		startedAt: zonedInstant(day, 13, 0, PARIS),
		endedAt: zonedInstant(day, 20, 0, PARIS),
		autoClosed: true,
		...over
	});

describe('the member’s visits to confirm or correct', () => {
	const now = new Date(zonedInstant('2026-01-14', 10, 0, PARIS));

	it('lists their own auto-closed visits of the last 7 days, latest first', () => {
		const visits = [
			closed('2026-01-12', 1),
			closed('2026-01-13', 2),
			closed('2026-01-02', 3), // more than 7 days ago
			closed('2026-01-12', 4, { reviewed: true }),
			closed('2026-01-12', 5, { autoClosed: false }),
			closed('2026-01-12', 6, { userId: OTHER }),
			closed('2026-01-12', 7, { spaceId: uuid(99) })
		];
		expect(visitsToReview(visits, MEMBER, space, now).map(({ visit }) => visit.id)).toEqual([
			uuid(2),
			uuid(1)
		]);
	});

	it('shows a forgotten check-out closed at closing time, to be closed first', () => {
		const open = visit({ startedAt: zonedInstant('2026-01-13', 9, 0, PARIS), endedAt: null });
		const [item] = visitsToReview([open], MEMBER, space, now);
		expect(item).toEqual({
			visit: { ...open, endedAt: zonedInstant('2026-01-13', 20, 0, PARIS), autoClosed: true },
			closeFirst: true
		});
		expect(visitsToReview([{ ...open, startedAt: now.toISOString() }], MEMBER, space, now)).toEqual(
			[]
		);
	});
});
