import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createUser, expectPgError, inTransaction } from './helpers';

// The database is the last line against a hostile client: bad values fail with 23514.
describe('check constraints', () => {
	let db: pg.Client;
	let userId = '';
	beforeAll(async () => {
		db = await connect();
		userId = await createUser(db);
	});
	afterAll(async () => {
		await db.end();
	});

	const insertSpace = 'insert into public.spaces (name, time_zone, capacity) values ($1, $2, $3)';

	const badSpaces: [string, [string, string, number | null]][] = [
		['an empty name', ['', 'Europe/Paris', 10]],
		['a blank name', ['   ', 'Europe/Paris', 10]],
		['a name over 120 characters', ['x'.repeat(121), 'Europe/Paris', 10]],
		['an unknown time zone', ['Atelier', 'Mars/Olympus', 10]],
		['a POSIX zone Postgres would accept', ['Atelier', 'XYZ+3', 10]],
		['a zone in the wrong case', ['Atelier', 'europe/paris', 10]],
		['an empty time zone', ['Atelier', '', 10]],
		['a capacity of zero', ['Atelier', 'Europe/Paris', 0]],
		['a negative capacity', ['Atelier', 'Europe/Paris', -5]],
		['a capacity over 10000', ['Atelier', 'Europe/Paris', 10_001]]
	];

	test.each(badSpaces)('a space with %s is rejected', async (_, values) => {
		await inTransaction(db, (tx) => expectPgError(tx, '23514', insertSpace, values));
	});

	const goodSpaces: [string, [string, string, number | null]][] = [
		['a 120-character name', ['x'.repeat(120), 'Europe/Paris', 10]],
		['a deep zone name', ['Atelier', 'America/Argentina/Buenos_Aires', 10]],
		['UTC and the largest capacity', ['Atelier', 'UTC', 10_000]],
		['no capacity', ['Atelier', 'Pacific/Chatham', null]]
	];

	test.each(goodSpaces)('a space with %s is accepted', async (_, values) => {
		await inTransaction(db, async (tx) => {
			const { rowCount } = await tx.query(insertSpace, values);
			expect(rowCount).toBe(1);
		});
	});

	test.each([
		['an empty display name', `update public.profiles set display_name = '' where id = $1`],
		[
			'a display name over 80',
			`update public.profiles set display_name = repeat('x', 81) where id = $1`
		],
		['an unknown locale', `update public.profiles set locale = 'de' where id = $1`]
	])('a profile with %s is rejected', async (_, sql) => {
		await inTransaction(db, (tx) => expectPgError(tx, '23514', sql, [userId]));
	});

	test('a membership with an unknown role is rejected', async () => {
		await inTransaction(db, async (tx) => {
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.spaces (name, time_zone) values ('Atelier', 'UTC') returning id`
			);
			await expectPgError(
				tx,
				'23514',
				`insert into public.memberships (space_id, user_id, role) values ($1, $2, 'owner')`,
				[rows[0]?.id, userId]
			);
		});
	});
});
