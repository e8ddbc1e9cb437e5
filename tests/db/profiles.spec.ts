import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, connect, createSpace, createUser, type NewUser } from './helpers';

describe('a profile for every new auth user', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	async function profileOf(user: NewUser) {
		const id = await createUser(db, user);
		const { rows } = await db.query<{ display_name: string; locale: string }>(
			'select display_name, locale from public.profiles where id = $1',
			[id]
		);
		return rows[0];
	}

	// Fixed emails are safe: each run has a fresh database and only this file uses them.
	const long = 'Ł'.repeat(100);
	const cases: [string, NewUser, { display_name: string; locale: string }][] = [
		[
			'name and locale from the sign-up metadata',
			{ email: 'maelle@example.test', userMetadata: { display_name: '  Maëlle  ', locale: 'en' } },
			{ display_name: 'Maëlle', locale: 'en' }
		],
		[
			'name from the email when none is given',
			{ email: 'jeanne.dupont@example.test' },
			{ display_name: 'jeanne.dupont', locale: 'fr' }
		],
		[
			'blank name falls back to the email',
			{ email: 'zoe@example.test', userMetadata: { display_name: '   ' } },
			{ display_name: 'zoe', locale: 'fr' }
		],
		[
			'unknown locale falls back to French',
			{ email: 'hans@example.test', userMetadata: { locale: 'de' } },
			{ display_name: 'hans', locale: 'fr' }
		],
		[
			'long name cut to 80 characters',
			{ userMetadata: { display_name: long } },
			{ display_name: long.slice(0, 80), locale: 'fr' }
		],
		[
			'no email and no name (phone sign-up)',
			{ email: null },
			{ display_name: 'Membre', locale: 'fr' }
		],
		[
			'no email and no name, in English',
			{ email: null, userMetadata: { locale: 'en' } },
			{ display_name: 'Member', locale: 'en' }
		]
	];

	test.each(cases)('%s', async (_, user, expected) => {
		expect(await profileOf(user)).toEqual(expected);
	});

	test('the trigger works for GoTrue, which has no right on public tables', async () => {
		const { rows } = await db.query(
			`select has_table_privilege('supabase_auth_admin', 'public.profiles', 'INSERT') as can_insert`
		);
		expect(rows[0]).toEqual({ can_insert: false });
		expect(await profileOf({})).toBeDefined();
	});

	test('deleting the auth user removes the profile and the memberships', async () => {
		const id = await createUser(db);
		const space = await createSpace(db);
		await addMember(db, space, id);
		await db.query('delete from auth.users where id = $1', [id]);
		const { rows } = await db.query(
			`select (select count(*) from public.profiles where id = $1)::int as profiles,
				(select count(*) from public.memberships where user_id = $1)::int as memberships`,
			[id]
		);
		expect(rows[0]).toEqual({ profiles: 0, memberships: 0 });
	});
});
