import { describe, expect, it } from 'vitest';
import { contributorAbsenceFactor, topShare } from '$lib/domain/participation/concentration';
import { gravity, weightedCommitment } from '$lib/domain/participation/gravity';

describe('Contributor Absence Factor (CHAOSS)', () => {
	it("CHAOSS's worked example: the two largest carry half of the work", () => {
		expect(contributorAbsenceFactor([1000, 202, 90, 33, 332, 343, 42, 433])).toBe(2);
	});

	const cases = [
		['one person does everything', [5], 1],
		['one person carries half exactly', [2, 1, 1], 1],
		['just under half needs one more', [49, 26, 25], 2],
		['four equal hosts: two reach half', [1, 1, 1, 1], 2],
		['nobody animates', [], 0],
		['co-animations count half a lead', [0.5, 0.5, 0.5, 1], 2]
	] as const;
	for (const [rule, contributions, caf] of cases) {
		it(rule, () => expect(contributorAbsenceFactor(contributions)).toBe(caf));
	}

	it('Top1 is the largest share, null when there is nothing', () => {
		expect(topShare([3, 1])).toBe(0.75);
		expect(topShare([])).toBeNull();
	});
});

describe('gravity (Orbit)', () => {
	it("Orbit's worked example: three consecutive months of 30 members", () => {
		const months = [
			[17, 8, 4, 1],
			[15, 9, 5, 1],
			[12, 10, 6, 2]
		];
		const wc = months.map((counts) => weightedCommitment(counts));
		expect(wc).toEqual([441, 504, 666]);
		expect(gravity(wc[1]!, wc[0]!, 30)).toBeCloseTo(2.1, 10);
		expect(gravity(wc[2]!, wc[1]!, 30)).toBeCloseTo(5.4, 10);
	});

	it('without members there is no gravity', () => {
		expect(gravity(10, 0, 0)).toBeNull();
	});
});
