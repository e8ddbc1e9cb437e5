import { describe, expect, it } from 'vitest';
import {
	creditTypes,
	defaultWeights,
	deriveActivities,
	tierOf,
	type Activity
} from '$lib/domain/participation/activities';
import type { ParticipationFacts, ProposalFact } from '$lib/domain/participation/facts';
import { attend, ZONE } from './builders';

const derive = (facts: ParticipationFacts) => deriveActivities(facts, ZONE);
const of = (activities: Activity[], userId: string) =>
	activities.filter((a) => a.userId === userId).map(({ userId: _, ...rest }) => rest);

describe("the model's table", () => {
	it('gives each credited act its tier and default weight', () => {
		expect(creditTypes.map((type) => [type, tierOf[type], defaultWeights[type]])).toEqual([
			['attended', 1, 3],
			['contributed', 2, 4],
			['proposed', 2, 4],
			['proposalHeld', 2, 6],
			['welcomed', 2, 5],
			['coanimated', 3, 7],
			['led', 3, 9],
			['handedOver', 3, 8]
		]);
		expect([tierOf.present, tierOf.signedUp]).toEqual([0, 0]);
	});
});

describe('credits from attendance', () => {
	const cases: [string, ParticipationFacts, string, Omit<Activity, 'userId'>[]][] = [
		[
			'for one occurrence only the highest part counts',
			{
				attendance: [
					attend('ann', '2026-03-05'),
					attend('ann', '2026-03-05', 'coanimated'),
					attend('ann', '2026-03-05', 'contributed')
				]
			},
			'ann',
			[{ date: '2026-03-05', type: 'coanimated' }]
		],
		[
			'at most one credit per type per day (two rituals attended the same day)',
			{
				attendance: [
					attend('ann', '2026-03-05T08:30', 'attended', 'breakfast'),
					attend('ann', '2026-03-05T12:30')
				]
			},
			'ann',
			[{ date: '2026-03-05', type: 'attended' }]
		],
		[
			'but different types the same day each count',
			{
				attendance: [
					attend('ann', '2026-03-05T08:30', 'led', 'breakfast'),
					attend('ann', '2026-03-05T12:30')
				]
			},
			'ann',
			[
				{ date: '2026-03-05', type: 'led' },
				{ date: '2026-03-05', type: 'attended' }
			]
		],
		[
			'the day is the occurrence’s local date',
			{ attendance: [attend('ann', '2026-03-05T23:30', 'contributed', 'party')] },
			'ann',
			[{ date: '2026-03-05', type: 'contributed' }]
		],
		[
			'staff earn no credit',
			{ attendance: [attend('host', '2026-03-05', 'led')], staffIds: ['host'] },
			'host',
			[]
		],
		[
			'an opted-out member earns nothing from their opt-out day on',
			{
				attendance: [
					attend('ann', '2026-03-05'),
					attend('ann', '2026-03-12'),
					attend('ann', '2026-03-19')
				],
				optOuts: [{ userId: 'ann', since: '2026-03-12' }]
			},
			'ann',
			[{ date: '2026-03-05', type: 'attended' }]
		]
	];
	for (const [rule, facts, userId, expected] of cases) {
		it(rule, () => expect(of(derive(facts), userId)).toEqual(expected));
	}

	it('a row without a name earns nobody anything', () => {
		expect(derive({ attendance: [attend(null, '2026-03-05', 'led')] })).toEqual([]);
	});
});

describe('credits from proposals', () => {
	const proposal = (over: Partial<ProposalFact>): ProposalFact => ({
		id: 'proposal',
		userId: 'ann',
		status: 'accepted',
		ritualId: 'knitting',
		decidedAt: '2026-03-01T23:30:00.000Z',
		...over
	});

	it('an accepted proposal is credited on the (local) day of its acceptance', () => {
		// 23:30 UTC is already 2 March in Paris.
		expect(of(derive({ proposals: [proposal({})] }), 'ann')).toEqual([
			{ date: '2026-03-02', type: 'proposed' }
		]);
	});

	it('when its ritual first takes place, that credit is replaced by the larger one', () => {
		const facts = {
			proposals: [proposal({})],
			// Anyone's attendance (even unnamed) shows it took place; the proposer need not attend.
			attendance: [
				attend(null, '2026-03-12', 'attended', 'knitting'),
				attend('bob', '2026-03-19', 'attended', 'knitting')
			]
		};
		expect(of(derive(facts), 'ann')).toEqual([
			{ date: '2026-03-02', type: 'proposed', supersededOn: '2026-03-12' },
			{ date: '2026-03-12', type: 'proposalHeld' }
		]);
	});

	it('a proposal not accepted, or not decided, earns nothing', () => {
		const proposals = [
			proposal({ id: 'a', status: 'open', decidedAt: null }),
			proposal({ id: 'b', status: 'declined' }),
			proposal({ id: 'c', status: 'withdrawn' }),
			proposal({ id: 'd', status: 'accepted', decidedAt: null })
		];
		expect(derive({ proposals })).toEqual([]);
	});
});

describe('credits from welcomes', () => {
	it('the welcomer named by the newcomer is credited on the day of the confirmation', () => {
		const facts: ParticipationFacts = {
			welcomes: [
				{ newcomerId: 'zoe', welcomerId: 'ann', confirmedAt: '2026-03-04T09:00:00.000Z' },
				{ newcomerId: 'zoe', welcomerId: 'zoe', confirmedAt: '2026-03-04T09:00:00.000Z' },
				{ newcomerId: 'zoe', welcomerId: 'host', confirmedAt: '2026-03-04T09:00:00.000Z' }
			],
			staffIds: ['host']
		};
		expect(derive(facts)).toEqual([{ userId: 'ann', date: '2026-03-04', type: 'welcomed' }]);
	});
});

describe('hand-over credit', () => {
	const handOvers = (facts: ParticipationFacts) =>
		derive(facts).filter((a) => a.type === 'handedOver');
	// Ann leads the 8 January lunch with Bob and Carl co-animating.
	const together = [
		attend('ann', '2026-01-08', 'led'),
		attend('bob', '2026-01-08', 'coanimated'),
		attend('carl', '2026-01-08', 'coanimated')
	];

	it('everyone who hosted with a member credits the day that member first leads, within 90 days', () => {
		const facts = { attendance: [...together, attend('bob', '2026-03-05', 'led')] };
		expect(handOvers(facts)).toEqual([
			{ userId: 'ann', date: '2026-03-05', type: 'handedOver' },
			{ userId: 'carl', date: '2026-03-05', type: 'handedOver' }
		]);
	});

	const none: [string, ParticipationFacts][] = [
		[
			'a first lead 91 days later',
			{ attendance: [...together, attend('bob', '2026-04-09', 'led')] }
		],
		[
			'a lead that is not the first',
			{
				attendance: [
					attend('bob', '2026-01-01', 'led'),
					...together,
					attend('bob', '2026-03-05', 'led')
				]
			}
		],
		[
			'someone who only attended before leading',
			{
				attendance: [
					attend('ann', '2026-01-08', 'led'),
					attend('dan', '2026-01-08', 'attended'),
					attend('dan', '2026-02-05', 'led')
				]
			}
		],
		[
			'staff who co-animated',
			{
				attendance: [
					attend('host', '2026-01-08', 'led'),
					attend('bob', '2026-01-08', 'coanimated'),
					attend('bob', '2026-02-05', 'led')
				],
				staffIds: ['host']
			}
		]
	];
	for (const [rule, facts] of none)
		it(`no credit for ${rule}`, () => expect(handOvers(facts)).toEqual([]));

	it('one hand-over credit per day, even when several co-animated occurrences lead to it', () => {
		const facts = {
			attendance: [
				attend('ann', '2026-01-08', 'led'),
				attend('bob', '2026-01-08', 'coanimated'),
				attend('ann', '2026-01-15', 'coanimated'),
				attend('bob', '2026-01-15', 'coanimated'),
				attend('bob', '2026-02-05', 'led')
			]
		};
		expect(handOvers(facts)).toEqual([{ userId: 'ann', date: '2026-02-05', type: 'handedOver' }]);
	});
});
