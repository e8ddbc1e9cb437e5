import { describe, expect, it } from 'vitest';
import {
	configAt,
	configChangesFrom,
	crossSpacePrivacy,
	defaultConfig,
	withValues,
	type ConfigChange,
	type ParticipationConfig
} from '$lib/domain/participation/config';
import { validateConfig, validateConfigChanges } from '$lib/domain/participation/config-validation';

describe('defaults', () => {
	it("are the model's parameters", () => {
		expect(defaultConfig).toMatchObject({
			halfLifeDays: 90,
			thresholds: [1.5, 4, 8],
			ceilings: [3, 8, 16],
			windowDays: 90,
			handOverDays: 90,
			newcomerDays: 56,
			gravityWeights: [1, 4, 7, 10],
			hostCredit: { led: 1, coanimated: 0.5 },
			privacy: { minGroup: 5, roundBelow: 20, roundTo: 0.1, smallSpaceMembers: 15 }
		});
		expect(defaultConfig.ceilings).toEqual(defaultConfig.thresholds.map((t) => 2 * t));
		expect(crossSpacePrivacy.minGroup).toBe(10);
		expect(validateConfig(defaultConfig)).toEqual([]);
	});
});

describe('versioned changes', () => {
	const changes: ConfigChange[] = [
		{ version: 1, validFrom: '2026-01-01', values: { halfLifeDays: 60 } },
		{
			version: 2,
			validFrom: '2026-04-01',
			values: { thresholds: [2, 4, 8], weights: { attended: 4 } }
		}
	];

	it('the settings in force on a date are the defaults with every change valid by then', () => {
		const cases = [
			['before any change', '2025-12-31', 90, [1.5, 4, 8], 3],
			['from the first', '2026-01-01', 60, [1.5, 4, 8], 3],
			['the second keeps what the first set', '2026-04-01', 60, [2, 4, 8], 4]
		] as const;
		for (const [rule, date, halfLife, thresholds, attended] of cases) {
			const config = configAt(changes, date);
			expect([config.halfLifeDays, config.thresholds, config.weights.attended], rule).toEqual([
				halfLife,
				thresholds,
				attended
			]);
			expect(config.weights.led, rule).toBe(9);
		}
	});

	it("the app's settings rows become versions in the order they were made", () => {
		const rows = [
			{
				validFrom: '2026-04-01',
				values: { halfLifeDays: 120 },
				createdAt: '2026-03-20T10:00:00.000Z'
			},
			{
				validFrom: '2026-02-01',
				values: { halfLifeDays: 60 },
				createdAt: '2026-01-15T10:00:00.000Z'
			}
		];
		expect(configChangesFrom(rows).map((c) => [c.version, c.validFrom])).toEqual([
			[1, '2026-02-01'],
			[2, '2026-04-01']
		]);
		expect(configAt(configChangesFrom(rows), '2026-05-01').halfLifeDays).toBe(120);
	});

	it('a history of changes is checked as a whole', () => {
		expect(validateConfigChanges(changes)).toEqual([]);
		expect(
			validateConfigChanges([
				{ version: 2, validFrom: '2026-02-01', values: {} },
				{ version: 2, validFrom: '2026-01-01', values: {} },
				{ version: 3, validFrom: '2026-02-30', values: {} }
			])
		).toEqual([
			{ path: 'version', code: 'version_not_increasing', version: 2 },
			{ path: 'validFrom', code: 'valid_from_out_of_order', version: 2 },
			{ path: 'validFrom', code: 'valid_from_not_a_date', version: 3 }
		]);
		expect(
			validateConfigChanges([{ version: 1, validFrom: '2026-01-01', values: { halfLifeDays: 1 } }])
		).toEqual([{ path: 'halfLifeDays', code: 'out_of_range', version: 1 }]);
	});
});

describe('validation', () => {
	const cases: [
		string,
		Parameters<typeof withValues<ParticipationConfig>>[1],
		{ path: string; code: string }[]
	][] = [
		[
			'a negative weight',
			{ weights: { led: -1 } },
			[{ path: 'weights.led', code: 'out_of_range' }]
		],
		[
			'a weight that is not a number',
			{ weights: { led: Number.NaN } },
			[{ path: 'weights.led', code: 'not_a_number' }]
		],
		[
			'a half-life in fractions of a day',
			{ halfLifeDays: 90.5 },
			[{ path: 'halfLifeDays', code: 'not_an_integer' }]
		],
		[
			'thresholds not increasing',
			{ thresholds: [1.5, 1.5, 8] },
			[{ path: 'thresholds.1', code: 'not_increasing' }]
		],
		[
			'a ceiling under its threshold: that level could never be reached',
			{ ceilings: [3, 3, 16] },
			[{ path: 'ceilings.1', code: 'ceiling_below_threshold' }]
		],
		[
			'a ratio threshold above 1',
			{ alerts: { showUp: 1.2 } },
			[{ path: 'alerts.showUp', code: 'out_of_range' }]
		],
		[
			'groups under 5 people: below the privacy floor',
			{ privacy: { minGroup: 3 } },
			[{ path: 'privacy.minGroup', code: 'below_privacy_floor' }]
		],
		[
			'a finer rounding than 10 points',
			{ privacy: { roundTo: 0.01 } },
			[{ path: 'privacy.roundTo', code: 'below_privacy_floor' }]
		],
		[
			'small-space mode from fewer members',
			{ privacy: { smallSpaceMembers: 10 } },
			[{ path: 'privacy.smallSpaceMembers', code: 'below_privacy_floor' }]
		],
		[
			'newcomer cohorts under 5',
			{ newcomers: { minCohort: 2 } },
			[{ path: 'newcomers.minCohort', code: 'below_privacy_floor' }]
		],
		[
			'stricter privacy is fine',
			{ privacy: { minGroup: 10, roundBelow: 40 }, newcomers: { minCohort: 10 } },
			[]
		]
	];
	for (const [rule, values, issues] of cases) {
		it(rule, () => expect(validateConfig(withValues(defaultConfig, values))).toEqual(issues));
	}
});
