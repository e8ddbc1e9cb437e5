import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateMutation } from '$lib/domain/mutations/validate';
import { connect } from './helpers';

// The values of participation.settings@1 are checked twice: by the catalogue
// (`v.record(v.string(), v.unknown())`, then `JSON.stringify(values).length <= 8000`) and by the
// server (app_private.arg_settings_values, which measures with app_private.json_text_length). Both
// must accept the same values, leave the same object, and count the same length, whatever the
// numbers, escapes and characters: listed texts, then random JSON.

/** The text of `JSON.stringify(JSON.parse(text))`: what the app measures. */
const jsLength = (text: string) => JSON.stringify(JSON.parse(text)).length;

const listedTexts = [
	'{}',
	'[]',
	'{"a":1}',
	'{"a":[1,2,{"b":null}],"c":"é😀\\n\\u001b\\"\\\\/","d":true,"e":false}',
	'{"😀":"𝄞","\\u0007":"\\t\\r\\b\\f","\\u2028":"\\u00ad"}',
	// Numbers as Number::toString writes the nearest double.
	'[0, -0, 0.0, 1.50, 1.000000, 100, 1e2, 1E2, 12e-1]',
	'[1e21, 1e20, 123456789012345680000, 1e-7, 1e-6, 0.000001, 0.0000001, -1e-7]',
	'[1.5e300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 4.9e-324]',
	'[1e400, -1e400, 1e-400, -1e-400, 2e-324, 3e-324, 1.7976931348623159e308]',
	'[0.1, 0.2, 0.30000000000000004, 3.141592653589793, 2.718281828459045, 1e15, 1e16]',
	'[123456789012345678901234567890, 0.1234567890123456789, 9007199254740993, -12.5e-3]',
	'[1e-5, 1e-6, 1.5e-6, 1.5e-7, 1e100, 1.2e21, 9.99e20, 999999999999999999999]',
	// Deep but short.
	`{"a":${'['.repeat(100)}${']'.repeat(100)}}`
];

describe('participation settings values: catalogue and server agree', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
		// The server's outcome for many values at once: the value it keeps, or its refusal.
		await db.query(`create or replace function pg_temp.settings_values(t text) returns jsonb
			language plpgsql as $$
			begin
				return jsonb_build_object('kept', app_private.arg_settings_values(
					jsonb_build_object('values', t::jsonb), 'values'));
			exception when sqlstate 'CR004' then
				return jsonb_build_object('refused', sqlerrm);
			end;
			$$`);
	});
	afterAll(async () => {
		await db.end();
	});

	async function serverLengths(texts: string[]): Promise<number[]> {
		const { rows } = await db.query<{ n: string }>(
			`select app_private.json_text_length(t.v::jsonb, 1000000000) as n
			from unnest($1::text[]) with ordinality as t (v, i) order by t.i`,
			[texts]
		);
		return rows.map((row) => Number(row.n));
	}

	async function serverValues(texts: string[]): Promise<Record<string, unknown>[]> {
		const { rows } = await db.query<{ outcome: Record<string, unknown> }>(
			`select pg_temp.settings_values(t.v) as outcome
			from unnest($1::text[]) with ordinality as t (v, i) order by t.i`,
			[texts]
		);
		return rows.map((row) => row.outcome);
	}

	function appValues(text: string): Record<string, unknown> {
		try {
			const { args } = validateMutation({
				name: 'participation.settings@1',
				args: {
					spaceId: '10000000-0000-4000-8000-000000000001',
					settingsId: '10000000-0000-4000-8000-000000000099',
					validFrom: '2027-01-01',
					values: JSON.parse(text)
				}
			});
			return { kept: (args as { values: unknown }).values };
		} catch {
			return { refused: true };
		}
	}

	test('listed texts: the length of JSON.stringify, numbers, escapes and astral characters included', async () => {
		expect(await serverLengths(listedTexts)).toEqual(listedTexts.map(jsLength));
	});

	test('the length does not depend on the session’s extra_float_digits', async () => {
		await db.query('begin');
		try {
			await db.query('set local extra_float_digits = 0');
			expect(await serverLengths(listedTexts)).toEqual(listedTexts.map(jsLength));
		} finally {
			await db.query('rollback');
		}
	});

	test('random JSON values and numbers: the same length', async () => {
		const texts = fc.sample(
			fc.oneof(
				fc.jsonValue().map((value) => JSON.stringify(value)),
				fc.json(),
				fc
					.double({ noNaN: true, noDefaultInfinity: true })
					.map((value) => JSON.stringify([value, -value, value / 7])),
				// Number texts the app never writes (a hostile push may).
				fc
					.tuple(
						fc.constantFrom('', '-'),
						fc.stringMatching(/^[1-9][0-9]{0,25}$/),
						fc.stringMatching(/^(\.[0-9]{1,25})?$/),
						fc.integer({ min: -330, max: 330 })
					)
					.map(([sign, whole, fraction, exponent]) => `[${sign}${whole}${fraction}e${exponent}]`)
			),
			{ numRuns: 3000, seed: 20261206 }
		);
		expect(await serverLengths(texts)).toEqual(texts.map(jsLength));
	});

	test('listed and random values: accepted alike, the same object kept', async () => {
		const special = fc.constantFrom('__proto__', 'prototype', 'constructor', 'a', '0', '');
		// {"a":"…"} of 7,985 to 8,005 characters, in units that count 1 or 2.
		const near = fc.sample(
			fc
				.tuple(fc.integer({ min: 7985, max: 8005 }), fc.constantFrom('x', 'é', '😀', '\n', '"'))
				.map(([size, unit]) =>
					JSON.stringify({
						a: unit.repeat(Math.ceil((size - 8) / JSON.stringify(unit).slice(1, -1).length))
					})
				),
			{ numRuns: 100, seed: 8000 }
		);
		const texts = [
			...listedTexts,
			'null',
			'"x"',
			'3',
			'true',
			JSON.stringify(Array.from({ length: 1600 }, () => 1)),
			JSON.stringify(Array.from({ length: 700 }, () => 1)),
			'{"__proto__":{"x":1},"prototype":2,"constructor":3,"kept":{"constructor":4}}',
			...fc.sample(
				fc.oneof(
					fc.jsonValue().map((value) => JSON.stringify(value)),
					fc
						.array(fc.tuple(special, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 })
						.map(
							(entries) =>
								`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`
						),
					fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 10 }).map((a) => JSON.stringify(a))
				),
				{ numRuns: 600, seed: 6 }
			),
			...near
		];
		const server = await serverValues(texts);
		const app = texts.map(appValues);
		texts.forEach((text, i) => {
			const mine = server[i]!;
			const theirs = app[i]!;
			if ('refused' in theirs) expect(mine, text.slice(0, 200)).toHaveProperty('refused');
			// As JSON, the form both send and pull (-0 is written 0, a number beyond the doubles null).
			else
				expect(JSON.parse(JSON.stringify(mine)), text.slice(0, 200)).toEqual(
					JSON.parse(JSON.stringify(theirs))
				);
		});
		// Both kinds were seen, around the limit too.
		expect(app.filter((a) => 'refused' in a).length).toBeGreaterThan(20);
		expect(app.filter((a) => 'kept' in a).length).toBeGreaterThan(200);
		const aroundLimit = app.slice(-near.length);
		expect(aroundLimit.filter((a) => 'refused' in a).length).toBeGreaterThan(10);
		expect(aroundLimit.filter((a) => 'kept' in a).length).toBeGreaterThan(10);
	});
});
