import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateMutation } from '$lib/domain/mutations/validate';
import { MutationError } from '$lib/domain/mutations/errors';
import { catalogue, mutationNames } from '$lib/domain/mutations/catalogue';
import { SPACE, spaceArgs, uuid } from '../builders';

function refusal(name: string, args: unknown): MutationError {
	try {
		validateMutation({ name, args });
	} catch (error) {
		if (error instanceof MutationError) return error;
		throw error;
	}
	throw new Error('expected a refusal');
}

const visitArgs = { spaceId: SPACE, visitId: uuid(1), at: '2026-11-26T08:00:00.000Z' };

describe('the mutation catalogue', () => {
	it('names every mutation with a version and says who may call it', () => {
		for (const name of mutationNames) {
			expect(name).toMatch(/^[a-z]+\.[a-z][a-zA-Z]*@\d+$/);
			expect(['anyone', 'member', 'host']).toContain(catalogue[name].allowed);
		}
	});

	it('accepts valid arguments and trims text', () => {
		const valid = validateMutation({
			name: 'space.create@1',
			args: spaceArgs({ name: '  La Cantine  ' })
		});
		expect(valid.args).toMatchObject({ name: 'La Cantine' });
	});

	it.each([
		['emoji', '🥗 Déjeuner'],
		['right-to-left text', 'مقهى العمل'],
		['accented letters', 'Épicerie à côté']
	])('accepts %s in text', (_, name) => {
		expect(
			validateMutation({ name: 'space.create@1', args: spaceArgs({ name }) }).args
		).toMatchObject({ name });
	});
});

describe('bad input is refused with a typed error', () => {
	it.each([
		['an unknown mutation', 'visit.teleport@1', visitArgs],
		['an unknown version', 'visit.start@9', visitArgs],
		['a non-string name', 42 as unknown as string, visitArgs]
	])('%s → unknown_mutation', (_, name, args) => {
		expect(refusal(name, args).code).toBe('unknown_mutation');
	});

	it.each<[string, string, unknown, string]>([
		['wrong type', 'visit.start@1', { ...visitArgs, at: 12 }, 'at'],
		['missing field', 'visit.start@1', { spaceId: SPACE, at: visitArgs.at }, 'visitId'],
		['extra field', 'visit.start@1', { ...visitArgs, userId: uuid(9) }, 'userId'],
		['not an object', 'visit.start@1', 'visit', ''],
		['null arguments', 'visit.start@1', null, ''],
		['a malformed id', 'visit.start@1', { ...visitArgs, visitId: 'abc' }, 'visitId'],
		['an invalid date', 'visit.start@1', { ...visitArgs, at: '2026-02-30T08:00:00.000Z' }, 'at'],
		['an empty name', 'space.create@1', spaceArgs({ name: '   ' }), 'name'],
		['a huge name', 'space.create@1', spaceArgs({ name: 'x'.repeat(121) }), 'name'],
		['a NUL byte', 'space.create@1', spaceArgs({ name: 'La\u0000Cantine' }), 'name'],
		['an unknown time zone', 'space.create@1', spaceArgs({ timeZone: 'Mars/Olympus' }), 'timeZone'],
		['an empty time zone', 'space.create@1', spaceArgs({ timeZone: '' }), 'timeZone'],
		['a lower-case zone', 'space.create@1', spaceArgs({ timeZone: 'europe/paris' }), 'timeZone'],
		['an offset, not a zone', 'space.create@1', spaceArgs({ timeZone: '+01:00' }), 'timeZone'],
		['a negative capacity', 'space.create@1', spaceArgs({ capacity: -1 }), 'capacity'],
		['a huge capacity', 'space.create@1', spaceArgs({ capacity: 1e9 }), 'capacity'],
		['a fractional capacity', 'space.create@1', spaceArgs({ capacity: 2.5 }), 'capacity'],
		['NaN', 'space.create@1', spaceArgs({ capacity: Number.NaN }), 'capacity'],
		['a bad clock time', 'space.create@1', spaceArgs({ closingTime: '25:00' }), 'closingTime'],
		[
			'an unknown enum value',
			'membership.add@1',
			{ spaceId: SPACE, userId: uuid(2), displayName: 'A', role: 'owner' },
			'role'
		]
	])('%s → invalid_args naming the field', (_, name, args, path) => {
		const error = refusal(name, args);
		expect(error.code).toBe('invalid_args');
		expect(error.issues.map((issue) => issue.path)).toContain(path);
	});

	it('never throws anything but a MutationError, whatever the input (property)', () => {
		fc.assert(
			fc.property(fc.constantFrom(...mutationNames, 'nope@1'), fc.anything(), (name, args) => {
				try {
					validateMutation({ name, args });
				} catch (error) {
					expect(error).toBeInstanceOf(MutationError);
				}
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('dates and times', () => {
	const grant = (startsOn: string) => ({
		spaceId: SPACE,
		contractId: uuid(1),
		planId: uuid(2),
		userId: uuid(3),
		startsOn
	});
	it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', ''])(
		'refuses the date %j',
		(date) => {
			expect(refusal('contract.grant@1', grant(date)).code).toBe('invalid_args');
		}
	);
	it('accepts 29 February in a leap year only', () => {
		expect(() =>
			validateMutation({ name: 'contract.grant@1', args: grant('2028-02-29') })
		).not.toThrow();
		expect(refusal('contract.grant@1', grant('2026-02-29')).code).toBe('invalid_args');
	});
	it.each(['2026-11-26T08:00:00+01:00', '2026-11-26 08:00:00Z', '2026-11-26T24:00:00.000Z'])(
		'refuses the instant %j',
		(at) => {
			expect(refusal('visit.start@1', { ...visitArgs, at }).code).toBe('invalid_args');
		}
	);
});
