import { describe, expect, it } from 'vitest';
import { defaultConfig, withValues } from '$lib/domain/participation/config';
import { levelHistory, memberScore } from '$lib/domain/participation/score';
import { addDays } from '$lib/domain/time';
import { act, acts, every, everyUntil } from './builders';

const config = defaultConfig;
const score = (activities: Parameters<typeof memberScore>[0], now: string) =>
	memberScore(activities, now, config);

describe('the reservoirs', () => {
	it('an act fills every reservoir up to its tier, capped at 2θ', () => {
		const cases = [
			['one attendance (3, tier 1)', [act('attended', '2026-03-02')], [3, 0, 0]],
			['one dish brought (4, tier 2)', [act('contributed', '2026-03-02')], [3, 4, 0]],
			['one welcome (5, tier 2)', [act('welcomed', '2026-03-02')], [3, 5, 0]],
			['one co-animation (7, tier 3)', [act('coanimated', '2026-03-02')], [3, 7, 7]],
			['one lead (9, tier 3)', [act('led', '2026-03-02')], [3, 8, 9]],
			['a hand-over (8, tier 3)', [act('handedOver', '2026-03-02')], [3, 8, 8]],
			[
				'three leads on three days: capped',
				acts(
					'led',
					['2026-03-02', '2026-03-02', '2026-03-02'].map((d, i) => addDays(d, -i))
				),
				[3, 8, 16]
			]
		] as const;
		for (const [rule, activities, expected] of cases) {
			const values = score(activities, '2026-03-02').gauges.map((g) => g.value);
			expect(
				values.map((v) => Math.round(v * 1e6) / 1e6),
				rule
			).toEqual(expected);
		}
	});

	it('reservoirs halve every 90 days without a new act', () => {
		const { gauges } = score([act('led', '2026-01-01')], addDays('2026-01-01', 90));
		expect(gauges.map((g) => g.value)).toEqual([1.5, 4, 4.5]);
		expect(gauges.map((g) => [g.threshold, g.ceiling])).toEqual([
			[1.5, 3],
			[4, 8],
			[8, 16]
		]);
	});

	it('at most the ceiling, whatever the number of acts', () => {
		const everyDay = acts('led', every(1, '2026-01-01', 60));
		const { gauges } = score(everyDay, '2026-03-01');
		expect(gauges.map((g) => g.value)).toEqual([3, 8, 16]);
	});
});

describe('raw level', () => {
	it('a single attendance holds level 1 for exactly the half-life', () => {
		const attended = [act('attended', '2026-01-10')];
		const cases = [
			['the same day', 0, 1],
			['the day before the half-life', 89, 1],
			['on the half-life (R1 = θ1 exactly)', 90, 1],
			['the day after', 91, 0]
		] as const;
		for (const [rule, days, level] of cases) {
			expect(score(attended, addDays('2026-01-10', days)).rawLevel, rule).toBe(level);
		}
		expect(score(attended, '2026-01-10').rawHoldsUntil).toBe(addDays('2026-01-10', 90));
	});

	it('levels read like their rules', () => {
		const cases = [
			['nothing: member', [], '2026-03-01', 0],
			[
				'attended a ritual last month: participant',
				[act('attended', '2026-02-01')],
				'2026-03-01',
				1
			],
			['brought a dish today: contributor', [act('contributed', '2026-03-01')], '2026-03-01', 2],
			[
				'brought a dish yesterday: one act is not enough to stay contributor',
				[act('contributed', '2026-02-28')],
				'2026-03-01',
				1
			],
			[
				'welcomed two newcomers this month: contributor',
				acts('welcomed', ['2026-02-10', '2026-02-20']),
				'2026-03-01',
				2
			],
			['co-animated once: contributor', [act('coanimated', '2026-02-20')], '2026-03-01', 2],
			[
				'co-animated twice recently: animator',
				acts('coanimated', ['2026-01-10', '2026-02-20']),
				'2026-03-01',
				3
			],
			['led one 15 days ago: animator', [act('led', '2026-02-14')], '2026-03-01', 3],
			['led one 16 days ago: no longer animator', [act('led', '2026-02-13')], '2026-03-01', 2]
		] as const;
		for (const [rule, activities, now, level] of cases) {
			expect(score(activities, now).rawLevel, rule).toBe(level);
		}
	});

	it('tier-0 acts (presence, sign-up) never change a level or a gauge', () => {
		const base = [act('attended', '2026-02-01'), act('contributed', '2026-02-20')];
		const tierZero = [
			...acts('present', every(1, '2026-01-01', 60)),
			...acts('signedUp', every(7, '2026-01-01', 9))
		];
		for (const now of ['2026-01-15', '2026-02-20', '2026-03-01', '2026-06-01']) {
			expect(score([...base, ...tierZero], now)).toEqual(score(base, now));
			expect(score(tierZero, now)).toMatchObject({ rawLevel: 0, level: 0 });
		}
	});

	it('a space may weigh an attendance less: then one is not enough for level 1', () => {
		const light = withValues(defaultConfig, { weights: { attended: 1 } });
		expect(memberScore([act('attended', '2026-03-01')], '2026-03-01', light).rawLevel).toBe(0);
		expect(
			memberScore(acts('attended', ['2026-02-20', '2026-03-01']), '2026-03-01', light).rawLevel
		).toBe(1);
	});

	it('a proposal counts from its acceptance, and is replaced when its ritual first takes place', () => {
		const proposal = [
			{ ...act('proposed', '2026-03-02'), supersededOn: '2026-03-20' },
			act('proposalHeld', '2026-03-20')
		];
		expect(score(proposal, '2026-03-02').gauges[1].value).toBe(4);
		expect(score(proposal, '2026-03-19').gauges[1].value).toBeCloseTo(4 * 2 ** (-17 / 90));
		expect(score(proposal, '2026-03-20').gauges[1].value).toBe(6);
	});
});

describe('displayed level: promoted at once, lowered at the monthly review', () => {
	it('an attendance lapses at the first review after the half-life', () => {
		const attended = [act('attended', '2026-01-10')];
		// Raw level 1 until 10 April (day 90), then 0; the review of 1 May lowers the level shown.
		const cases = [
			['2026-01-10', 1, 1],
			['2026-04-10', 1, 1],
			['2026-04-11', 0, 1],
			['2026-04-30', 0, 1],
			['2026-05-01', 0, 0]
		] as const;
		for (const [now, raw, shown] of cases) {
			expect(score(attended, now), now).toMatchObject({ rawLevel: raw, level: shown });
		}
		expect(score(attended, '2026-02-01')).toMatchObject({
			levelHoldsUntil: '2026-04-30',
			nextLevel: 0
		});
		expect(score(attended, '2026-04-20')).toMatchObject({
			rawHoldsUntil: null,
			levelHoldsUntil: '2026-04-30'
		});
	});

	it('a lead shows "animator" for the rest of the month, then the level its reservoirs hold', () => {
		const led = [act('led', '2026-03-05')];
		expect(score(led, '2026-03-05')).toMatchObject({
			rawLevel: 3,
			level: 3,
			rawHoldsUntil: '2026-03-20'
		});
		expect(score(led, '2026-03-25')).toMatchObject({
			rawLevel: 2,
			level: 3,
			levelHoldsUntil: '2026-03-31',
			nextLevel: 2
		});
		expect(score(led, '2026-04-01')).toMatchObject({ rawLevel: 2, level: 2 });
	});

	it('a level reached on the last day of a month holds until the next review only', () => {
		const brought = [act('contributed', '2026-03-31')];
		expect(score(brought, '2026-03-31')).toMatchObject({
			level: 2,
			levelHoldsUntil: '2026-03-31',
			nextLevel: 1
		});
		expect(score(brought, '2026-04-01')).toMatchObject({ level: 1 });
	});

	it('a weekly host who stops lapses within a half-life plus one monthly review', () => {
		const weekly = acts('led', everyUntil(7, '2025-06-05', '2026-02-05'));
		const last = '2026-02-05';
		expect(score(weekly, addDays(last, 90))).toMatchObject({ rawLevel: 3, level: 3 });
		// The three reservoirs are all full: on day 91 they all pass under their thresholds.
		expect(score(weekly, addDays(last, 91))).toMatchObject({ rawLevel: 0, level: 3 });
		const shown = score(weekly, last).levelHoldsUntil!;
		expect(shown).toBe('2026-05-31');
		expect(shown <= addDays(last, 90 + 31)).toBe(true);
		expect(score(weekly, addDays(shown, 1)).level).toBe(0);
	});
});

describe('level history (a replay of the log over time)', () => {
	it('lists the days the raw or the shown level changed', () => {
		const history = levelHistory(
			[act('attended', '2026-01-10'), act('contributed', '2026-02-12')],
			'2026-01-01',
			'2026-07-01',
			config
		);
		expect(history).toEqual([
			{ date: '2026-01-01', rawLevel: 0, level: 0 },
			{ date: '2026-01-10', rawLevel: 1, level: 1 },
			{ date: '2026-02-12', rawLevel: 2, level: 2 },
			{ date: '2026-02-13', rawLevel: 1, level: 2 },
			{ date: '2026-03-01', rawLevel: 1, level: 1 },
			{ date: '2026-05-14', rawLevel: 0, level: 1 },
			{ date: '2026-06-01', rawLevel: 0, level: 0 }
		]);
	});
});
