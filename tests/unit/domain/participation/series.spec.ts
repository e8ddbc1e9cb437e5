import { describe, expect, it } from 'vitest';
import type { ConfigChange } from '$lib/domain/participation/config';
import { monthlySeries } from '$lib/domain/participation/series';
import { logOf } from './builders';
import { cantine } from './scenario';

describe('monthly series', () => {
	const log = logOf(cantine);

	it('one reading at the end of each month, the last on the day asked', () => {
		const series = monthlySeries(log, '2026-04', '2026-06-20');
		expect(series.map((r) => [r.month, r.indicators.asOf])).toEqual([
			['2026-04', '2026-04-30'],
			['2026-05', '2026-05-31'],
			['2026-06', '2026-06-20']
		]);
		expect(series.map((r) => r.indicators.members)).toEqual([20, 20, 20]);
	});

	it('each reading uses the settings in force on its date', () => {
		// From 1 June the space counts a member "active" over 30 days only.
		const changes: ConfigChange[] = [
			{ version: 1, validFrom: '2026-06-01', values: { windowDays: 30 } }
		];
		const series = monthlySeries(log, '2026-05', '2026-06-30', changes);
		expect(series.map((r) => r.indicators.from)).toEqual(['2026-03-03', '2026-06-01']);
	});
});
