import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clamp, closing, corrections } from '../vectors/visit-rules';
import { connect, inTransaction } from './helpers';

// The shared visit rules (tests/vectors/README.md) against the database's pure functions;
// tests/unit/domain/visit-rules-vectors.spec.ts runs the same cases against the app's.
describe('shared visit rules on the database', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	const clampSql = `select app_private.clamp_device_time($1::timestamptz, $2::timestamptz) as at`;

	// The answer must not depend on the session's time zone (a day of an interval does): each
	// case runs in UTC (Supabase's default) and in Paris, whose DST nights some cases cross.
	test.each(clamp.map((c) => [c.why, c] as const))('clamp_device_time: %s', async (_why, c) => {
		for (const zone of ['UTC', 'Europe/Paris']) {
			await inTransaction(db, async (tx) => {
				await tx.query(`select set_config('TimeZone', $1, true)`, [zone]);
				const { rows } = await tx.query<{ at: Date }>(clampSql, [c.at, c.receivedAt]);
				const at = rows[0]!.at.getTime();
				expect({ zone, at, flagged: at !== Date.parse(c.at) }).toEqual({
					zone,
					at: Date.parse(c.expected.at),
					flagged: c.expected.flagged
				});
			});
		}
	});

	test('the one-argument clamp is the same rule, received now (to the millisecond)', async () => {
		const { rows } = await db.query(
			`select app_private.clamp_device_time(now() + interval '1 day') = received as future,
				app_private.clamp_device_time(now() - interval '1 hour') = now() - interval '1 hour' as kept,
				app_private.clamp_device_time(now() - interval '30 days') = received - interval '168 hours' as old
			from (select date_trunc('milliseconds', now()) as received) as r`
		);
		expect(rows).toEqual([{ future: true, kept: true, old: true }]);
	});

	test.each(closing.map((c) => [c.why, c] as const))('closing_after: %s', async (_why, c) => {
		for (const zone of ['UTC', 'Europe/Paris', 'America/New_York']) {
			await inTransaction(db, async (tx) => {
				await tx.query(`select set_config('TimeZone', $1, true)`, [zone]);
				const { rows } = await tx.query<{ at: Date }>(
					`select app_private.closing_after($1::timestamptz, $2, $3::time) as at`,
					[c.startedAt, c.timeZone, c.closingTime]
				);
				expect({ zone, at: rows[0]!.at.toISOString() }).toEqual({ zone, at: c.expected });
			});
		}
	});

	test.each(corrections.map((c) => [c.why, c] as const))(
		'correction_refusal: %s',
		async (_why, c) => {
			const { rows } = await db.query<{ refusal: string | null }>(
				`select app_private.correction_refusal(
					$1::timestamptz, $2::timestamptz, $3, $4, $5::timestamptz, $6::timestamptz, $7, $8,
					$9::timestamptz
				) as refusal`,
				[
					c.visit.startedAt,
					c.visit.endedAt,
					c.visit.autoClosed,
					c.visit.reviewed,
					c.to.startedAt,
					c.to.endedAt,
					c.visit.mine,
					c.host,
					c.now
				]
			);
			expect(rows[0]!.refusal).toBe(c.expected);
		}
	);
});
