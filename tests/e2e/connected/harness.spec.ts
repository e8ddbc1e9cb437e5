/**
 * The harness itself, without the app's screens: from a page of the connected build, the fake
 * Auth and PostgREST endpoints answer like Supabase, and the sync RPCs run on the real database
 * as the signed-in user.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { PUBLISHABLE_KEY, SUPABASE_URL, expect, test } from './supabase-fake';

interface Reply {
	status: number;
	body: unknown;
}

/** A request from the page, as the app's supabase-js would send it (CORS included). */
function call(
	page: Page,
	method: 'GET' | 'POST',
	path: string,
	{ body, token }: { body?: unknown; token?: string } = {}
): Promise<Reply> {
	return page.evaluate(
		async ({ url, method, body, apikey, token }) => {
			const response = await fetch(url, {
				method,
				headers: {
					apikey,
					authorization: `Bearer ${token ?? apikey}`,
					'x-supabase-api-version': '2024-01-01',
					...(body === undefined ? {} : { 'content-type': 'application/json' })
				},
				body: body === undefined ? undefined : JSON.stringify(body)
			});
			const text = await response.text();
			return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
		},
		{ url: `${SUPABASE_URL}${path}`, method, body, apikey: PUBLISHABLE_KEY, token }
	);
}

const payloadOf = (token: string) =>
	JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
		string,
		unknown
	>;

interface SessionBody {
	access_token: string;
	refresh_token: string;
	expires_in: number;
	expires_at: number;
	token_type: string;
	user: { id: string; email: string };
}

test('sign-in by code, a push and a pull as that user, through the fake edge', async ({
	page,
	supabase
}) => {
	await page.goto('/robots.txt');
	const email = `harness-${randomUUID().slice(0, 8)}@example.test`;

	const sent = await call(page, 'POST', '/auth/v1/otp', {
		body: { email, data: { locale: 'fr' }, create_user: true }
	});
	expect(sent).toEqual({ status: 200, body: {} });
	const userId = await supabase.userIdOf(email);
	expect(userId).toBeTruthy();
	const { rows: profiles } = await supabase.db.query(
		'select locale from public.profiles where id = $1',
		[userId]
	);
	expect(profiles).toEqual([{ locale: 'fr' }]);

	const wrong = await call(page, 'POST', '/auth/v1/verify', {
		body: {
			email,
			token: supabase.codeFor(email) === '000000' ? '000001' : '000000',
			type: 'email'
		}
	});
	expect(wrong).toMatchObject({ status: 403, body: { code: 'otp_expired' } });

	const verified = await call(page, 'POST', '/auth/v1/verify', {
		body: { email, token: supabase.codeFor(email), type: 'email' }
	});
	expect(verified.status).toBe(200);
	const session = verified.body as SessionBody;
	expect(session).toMatchObject({
		token_type: 'bearer',
		expires_in: 3600,
		user: { id: userId, email }
	});
	expect(payloadOf(session.access_token)).toMatchObject({
		sub: userId,
		role: 'authenticated',
		email,
		exp: session.expires_at
	});
	expect(() => supabase.codeFor(email)).toThrow(); // a code works once

	const user = await call(page, 'GET', '/auth/v1/user', { token: session.access_token });
	expect(user).toMatchObject({ status: 200, body: { id: userId, email } });

	const clientId = randomUUID();
	const spaceId = randomUUID();
	const pushed = await call(page, 'POST', '/rest/v1/rpc/sync_push', {
		token: session.access_token,
		body: {
			p_client_id: clientId,
			p_schema_version: 1,
			p_mutations: [
				{
					id: 1,
					name: 'space.create@1',
					args: {
						spaceId,
						name: 'La Ruche',
						timeZone: 'Europe/Paris',
						capacity: 20,
						openingTime: '08:00',
						closingTime: '19:00',
						hostName: 'Ada'
					},
					createdAt: new Date().toISOString()
				}
			]
		}
	});
	expect(pushed).toEqual({
		status: 200,
		body: { lastMutationId: 1, results: [{ id: 1, status: 'applied' }] }
	});

	const pulled = await call(page, 'POST', '/rest/v1/rpc/sync_pull', {
		token: session.access_token,
		body: { p_client_id: clientId, p_space_id: spaceId, p_cursor: null, p_limit: 1000 }
	});
	expect(pulled.status).toBe(200);
	const page1 = pulled.body as {
		reset: boolean;
		changes: { table: string; id: string }[];
		lastMutationId: number;
	};
	expect(page1).toMatchObject({ reset: false, lastMutationId: 1, hasMore: false });
	expect(page1.changes).toContainEqual(expect.objectContaining({ table: 'spaces', id: spaceId }));
	expect(page1.changes).toContainEqual(
		expect.objectContaining({ table: 'memberships', id: `${spaceId}:${userId}` })
	);

	const spaces = await call(
		page,
		'GET',
		`/rest/v1/memberships?select=space_id&user_id=eq.${userId}&deleted=eq.false`,
		{ token: session.access_token }
	);
	expect(spaces).toEqual({ status: 200, body: [{ space_id: spaceId }] });
});

test('refusals look like PostgREST and GoTrue: statuses and codes', async ({ page, supabase }) => {
	await page.goto('/robots.txt');
	const email = `refusals-${randomUUID().slice(0, 8)}@example.test`;
	await call(page, 'POST', '/auth/v1/otp', { body: { email, create_user: true } });
	const session = (
		await call(page, 'POST', '/auth/v1/verify', {
			body: { email, token: supabase.codeFor(email), type: 'email' }
		})
	).body as SessionBody;
	const push = (token: string | undefined, mutations: unknown) =>
		call(page, 'POST', '/rest/v1/rpc/sync_push', {
			token,
			body: { p_client_id: randomUUID(), p_schema_version: 1, p_mutations: mutations }
		});

	// Anonymous: EXECUTE is for `authenticated` only; PostgREST says 401 to anon.
	expect(await push(undefined, [])).toMatchObject({ status: 401, body: { code: '42501' } });
	// A token this server did not sign, and one that expired.
	const forged = `${session.access_token.slice(0, -4)}AAAA`;
	expect(await push(forged, [])).toMatchObject({ status: 401, body: { code: 'PGRST301' } });
	const expired = supabase.signToken({
		...payloadOf(session.access_token),
		exp: Math.floor(Date.now() / 1000) - 10
	});
	expect(await push(expired, [])).toMatchObject({
		status: 401,
		body: { code: 'PGRST301', message: 'JWT expired' }
	});
	// A malformed batch (empty) is the client's bug; a too-old client is told so.
	expect(await push(session.access_token, [])).toMatchObject({
		status: 400,
		body: { code: 'CL003' }
	});
	const old = await call(page, 'POST', '/rest/v1/rpc/sync_push', {
		token: session.access_token,
		body: { p_client_id: randomUUID(), p_schema_version: 0, p_mutations: [] }
	});
	expect(old).toMatchObject({ status: 400, body: { code: 'CL001' } });
	// Unknown parameters: PostgREST finds no such function.
	const unknown = await call(page, 'POST', '/rest/v1/rpc/sync_push', {
		token: session.access_token,
		body: { client_id: randomUUID() }
	});
	expect(unknown).toMatchObject({ status: 404, body: { code: 'PGRST202' } });
	// The gateway refuses a wrong key before anything else.
	const wrongKey = await page.evaluate(
		async (url) => (await fetch(url, { headers: { apikey: 'nope' } })).status,
		`${SUPABASE_URL}/rest/v1/spaces?select=id`
	);
	expect(wrongKey).toBe(401);

	// Refresh tokens rotate; a used one is refused; signing out revokes the session.
	const refreshed = await call(page, 'POST', '/auth/v1/token?grant_type=refresh_token', {
		body: { refresh_token: session.refresh_token }
	});
	expect(refreshed.status).toBe(200);
	const again = await call(page, 'POST', '/auth/v1/token?grant_type=refresh_token', {
		body: { refresh_token: session.refresh_token }
	});
	expect(again).toMatchObject({ status: 400, body: { code: 'refresh_token_not_found' } });
	const next = refreshed.body as SessionBody;
	expect(
		(await call(page, 'POST', '/auth/v1/logout?scope=local', { token: next.access_token })).status
	).toBe(204);
	const afterLogout = await call(page, 'POST', '/auth/v1/token?grant_type=refresh_token', {
		body: { refresh_token: next.refresh_token }
	});
	expect(afterLogout).toMatchObject({ status: 400, body: { code: 'refresh_token_not_found' } });
});

test('an offline device gets no answer, and answers again once back online', async ({
	page,
	context,
	supabase
}) => {
	await page.goto('/robots.txt');
	const otp = () =>
		page.evaluate(
			async ({ url, apikey }) => {
				try {
					const response = await fetch(url, {
						method: 'POST',
						headers: { apikey, 'content-type': 'application/json' },
						body: JSON.stringify({ email: 'offline@example.test' })
					});
					return response.status;
				} catch (error) {
					return (error as Error).name;
				}
			},
			{ url: `${SUPABASE_URL}/auth/v1/otp`, apikey: PUBLISHABLE_KEY }
		);
	await supabase.setOffline(context, true);
	expect(await otp()).toBe('TypeError');
	await supabase.setOffline(context, false);
	expect(await otp()).toBe(200);
});
