import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveActivities } from '$lib/domain/participation/activities';
import { compactFacts } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import { dateOfDay } from '$lib/domain/participation/days';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { epochMs, LocalDays } from '$lib/domain/participation/local-days';
import { logIndex } from '$lib/domain/participation/log-index';
import { memberActivitiesOf } from '$lib/domain/participation/member-mirror';
import { syntheticSpace } from '$lib/domain/participation/synthetic';
import { localDateOf } from '$lib/domain/time';
import { attend, logOf, normalised, signup, ZONE } from './builders';

const chunks = <T>(rows: readonly T[] | undefined, parts: number): T[][] =>
	Array.from({ length: parts }, (_, i) =>
		(rows ?? []).slice(
			Math.floor(((rows ?? []).length * i) / parts),
			Math.floor(((rows ?? []).length * (i + 1)) / parts)
		)
	);

describe('the compact log', () => {
	it('appending facts in batches gives what appending them at once gives', () => {
		const space = syntheticSpace(40, 240, 3);
		const whole = compactFacts(space.facts, space.timeZone);
		const batched = compactFacts({ staffIds: space.staff }, space.timeZone);
		const keys = Object.keys(space.facts) as (keyof ParticipationFacts)[];
		for (let part = 0; part < 4; part++) {
			const batch = Object.fromEntries(
				keys.map((key) => [key, chunks(space.facts[key] as unknown[], 4)[part]])
			);
			batched.append(batch as ParticipationFacts);
			// Reading between batches: the derived index is rebuilt after each change.
			hostIndicators(batched, space.end);
		}
		expect(normalised(hostIndicators(batched, space.end))).toEqual(
			normalised(hostIndicators(whole, space.end))
		);
	});

	it('a corrected attendance row replaces its earlier version; a withdrawn one is gone', () => {
		const row = attend('ann', '2026-03-05');
		const log = logOf({ attendance: [row] });
		log.append({ attendance: [{ ...row, part: 'led' }] });
		expect(memberActivitiesOf(log, 'ann', '2026-03-31', defaultConfig)).toEqual([
			{ userId: 'ann', date: '2026-03-05', type: 'led' }
		]);
		log.removeRows({ attendance: [row.id] });
		expect(memberActivitiesOf(log, 'ann', '2026-03-31', defaultConfig)).toEqual([]);
		expect(logIndex(log).heldByDay).toHaveLength(0);
	});

	it('a cancelled sign-up no longer counts in show-up', () => {
		const booked = signup('bob', '2026-03-05');
		const log = logOf({
			attendance: [attend('ann', '2026-03-05')],
			signups: [booked, signup('ann', '2026-03-05')]
		});
		expect(hostIndicators(log, '2026-03-31').rituals.showUp).toMatchObject({ count: 1, over: 2 });
		log.append({ signups: [{ ...booked, cancelled: true }] });
		expect(hostIndicators(log, '2026-03-31').rituals.showUp).toMatchObject({ count: 1, over: 1 });
	});

	it('several visits a day make one presence day, on the local date', () => {
		const log = compactFacts(
			{
				visits: [
					// 23:30 UTC on 28 March 2026 is already 29 March in Paris (the spring change that night).
					{ userId: 'ann', startedAt: '2026-03-28T23:30:00.000Z' },
					{ userId: 'ann', startedAt: '2026-03-29T08:00:00.000Z' },
					{ userId: 'ann', startedAt: '2026-03-29T14:00:00.000Z' },
					{ userId: null, startedAt: '2026-03-29T14:00:00.000Z' }
				]
			},
			ZONE
		);
		const { presenceByUser } = logIndex(log);
		expect([...presenceByUser.items].map(dateOfDay)).toEqual(['2026-03-29']);
	});

	it('places any instant on the same local day as the time module, in any zone', () => {
		const zones = [
			'Europe/Paris',
			'America/New_York',
			'Asia/Kolkata',
			'Asia/Kathmandu',
			'Australia/Lord_Howe',
			'Pacific/Apia'
		];
		fc.assert(
			fc.property(
				fc.constantFrom(...zones),
				fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }),
				(zone, ms) => {
					const instant = new Date(ms).toISOString();
					expect(dateOfDay(new LocalDays(zone).dayOf(instant))).toBe(localDateOf(instant, zone));
				}
			),
			{ numRuns: 3000 }
		);
	});

	it('reads instants digit by digit as Date.parse does', () => {
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
				const instant = new Date(ms).toISOString();
				expect(epochMs(instant)).toBe(Date.parse(instant));
			})
		);
		expect(epochMs('2026-03-05T10:00:00+01:00')).toBe(Date.parse('2026-03-05T09:00:00Z'));
	});

	it('deriveActivities reads the same log as the host view', () => {
		const space = syntheticSpace(12, 120, 5);
		const activities = deriveActivities(space.facts, space.timeZone);
		const log = compactFacts(space.facts, space.timeZone);
		for (const member of space.members) {
			expect(activities.filter((a) => a.userId === member)).toEqual(
				memberActivitiesOf(log, member, '2099-12-31', defaultConfig)
			);
		}
	});
});

describe('the synthetic space', () => {
	it('is the same for the same seed, and another for another seed', () => {
		expect(syntheticSpace(20, 60, 1)).toEqual(syntheticSpace(20, 60, 1));
		expect(syntheticSpace(20, 60, 2).members).not.toEqual(syntheticSpace(20, 60, 1).members);
	});

	it('looks like a lively space: about 200 visits and 50 ritual acts per member per year', () => {
		const { facts, members, start, end } = syntheticSpace(300, 365, 11);
		const visits = facts.visits!.length / members.length;
		const acts = facts.attendance!.length / members.length;
		expect(visits).toBeGreaterThan(170);
		expect(visits).toBeLessThan(230);
		expect(acts).toBeGreaterThan(40);
		expect(acts).toBeLessThan(65);
		expect([start, end]).toEqual(['2025-01-06', '2026-01-05']);
	});
});
