import { describe, expect, test } from 'vitest';
import { validateMutation } from '$lib/domain/mutations/validate';
import vectors from '../../vectors/mutation-args.json';

// The same cases are pushed to the real database by tests/db/mutation-vectors.spec.ts: the app and
// the server must draw the line between valid and invalid arguments in the same place.
interface Vector {
	name: string;
	args: unknown;
	valid: boolean;
	why: string;
}

const cases = (vectors as Vector[]).map((v) => [v.name, v.why, v] as const);

describe('shared mutation vectors (tests/vectors/mutation-args.json)', () => {
	test('cover every mutation of the catalogue, valid and invalid', () => {
		const names = new Set((vectors as Vector[]).map((v) => v.name));
		expect(names.size).toBeGreaterThanOrEqual(14);
		for (const name of names) {
			const mine = (vectors as Vector[]).filter((v) => v.name === name);
			expect(
				mine.some((v) => v.valid),
				name
			).toBe(true);
			expect(
				mine.some((v) => !v.valid),
				name
			).toBe(true);
		}
	});

	test.each(cases)('%s: %s', (name, _why, vector) => {
		const outcome = (() => {
			try {
				validateMutation({ name, args: vector.args });
				return 'valid';
			} catch (error) {
				return `invalid: ${(error as Error).message}`;
			}
		})();
		if (vector.valid) expect(outcome).toBe('valid');
		else expect(outcome).toMatch(/^invalid: invalid_args/);
	});
});
