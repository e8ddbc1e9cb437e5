/**
 * The HTTP edge of Supabase, faked inside the test process: Auth (GoTrue) and PostgREST answer
 * the app's requests to `https://e2e.supabase.test` through Playwright's request routing, and
 * every database call runs on a real Postgres holding the unchanged migrations, as the signed-in
 * user (`set local role authenticated` + `request.jwt.claims`, as PostgREST does), so row-level
 * security, grants and the sync functions are the real ones. See docs/testing-connected.md.
 *
 * Only what the app uses is implemented: email one-time codes, sessions and refresh, the two sync
 * RPCs and `GET` of a few tables with `eq.` filters. Anything else answers like PostgREST does for
 * an unknown function or table, so a new call in the app fails loudly here.
 */
import { test as base, type BrowserContext, type Page, type Request } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { startDatabase } from './database';
import { postgrestStatus } from '../../sync/postgrest-status';

/** What the connected build was built with (`npm run build:connected`). */
export const SUPABASE_URL = 'https://e2e.supabase.test';
export const PUBLISHABLE_KEY = 'sb_publishable_e2e';

const ACCESS_TOKEN_SECONDS = 3600;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Answer {
	status: number;
	/** JSON, or a string sent as it is. */
	body?: unknown;
	headers?: Record<string, string>;
}

/** An HTTP error answer, thrown by the handlers. */
class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		readonly headers: Record<string, string> = {}
	) {
		super(String(body.message ?? body.msg ?? status));
	}
}

/** GoTrue's error format for clients that send `X-Supabase-Api-Version: 2024-01-01`. */
const authError = (status: number, code: string, message: string) =>
	new HttpError(status, { code, message }, { 'x-supabase-api-version': '2024-01-01' });

/** PostgREST's error body. */
const restError = (status: number, code: string, message: string, details: string | null = null) =>
	new HttpError(status, { code, message, details, hint: null });

interface SessionRecord {
	userId: string;
	email: string;
	sessionId: string;
}

export interface RecordedCall {
	method: string;
	path: string;
	status: number;
	/** The device (browser context) that made the call. */
	context: BrowserContext;
	/** The tab that made it (null for a service worker's request). */
	page: Page | null;
}

/** The RPCs PostgREST would find in `public`, with their parameters in order. */
const rpcs: Record<string, [name: string, type: string][]> = {
	sync_push: [
		['p_client_id', 'uuid'],
		['p_schema_version', 'integer'],
		['p_mutations', 'jsonb']
	],
	sync_pull: [
		['p_client_id', 'uuid'],
		['p_space_id', 'uuid'],
		['p_cursor', 'jsonb'],
		['p_limit', 'integer']
	]
};

/** Tables the app may read directly (through row-level security). */
const readableTables = new Set(['memberships', 'spaces', 'profiles']);
const identifier = /^[a-z_][a-z0-9_]*$/;

export class FakeSupabase {
	/** Superuser connections to the test database, for setup and assertions. */
	readonly db: pg.Pool;
	/** Every request answered, oldest first. */
	readonly calls: RecordedCall[] = [];

	readonly #secret = randomBytes(32);
	readonly #codes = new Map<string, { code: string; userId: string }>();
	readonly #refreshTokens = new Map<string, SessionRecord>();
	readonly #revokedSessions = new Set<string>();
	readonly #offline = new WeakSet<BrowserContext>();
	#failures: { path: RegExp; answer: Answer; remaining: number }[] = [];

	constructor(db: pg.Pool) {
		this.db = db;
	}

	/** Routes a device's requests to Supabase through this fake. */
	async attach(context: BrowserContext): Promise<void> {
		await context.route(`${SUPABASE_URL}/**`, async (route) => {
			const request = route.request();
			if (this.#offline.has(context)) return route.abort('internetdisconnected').catch(() => {});
			const answer = await this.#answer(request);
			const url = new URL(request.url());
			this.calls.push({
				method: request.method(),
				path: `${url.pathname}${url.search}`,
				status: answer.status,
				context,
				page: pageOf(request)
			});
			const raw = typeof answer.body === 'string'; // e.g. a gateway's HTML error page
			const empty = answer.body === undefined;
			await route
				.fulfill({
					status: answer.status,
					headers: {
						...corsHeaders(request),
						...(empty
							? {}
							: { 'content-type': raw ? 'text/plain' : 'application/json; charset=utf-8' }),
						...answer.headers
					},
					body: empty ? '' : raw ? (answer.body as string) : JSON.stringify(answer.body)
				})
				.catch(() => {}); // the page went away meanwhile
		});
	}

	/**
	 * Takes a device off the network or back: the browser's own offline mode (pages, service
	 * worker) plus this fake refusing to answer it, whichever Chromium applies first.
	 */
	async setOffline(context: BrowserContext, offline: boolean): Promise<void> {
		if (offline) this.#offline.add(context);
		else this.#offline.delete(context);
		await context.setOffline(offline);
	}

	/** The last code emailed to this address, as the person would read it in their inbox. */
	codeFor(email: string): string {
		const entry = this.#codes.get(email.trim().toLowerCase());
		if (!entry) throw new Error(`no code was sent to ${email}`);
		return entry.code;
	}

	/** The next `count` requests whose path matches get `answer` instead (a failing server). */
	failNext(path: RegExp, answer: Answer, count = 1): void {
		this.#failures.push({ path, answer, remaining: count });
	}

	/** The auth user's id for an address, null if it never asked for a code. */
	async userIdOf(email: string): Promise<string | null> {
		const { rows } = await this.db.query<{ id: string }>(
			'select id from auth.users where email = $1',
			[email.trim().toLowerCase()]
		);
		return rows[0]?.id ?? null;
	}

	// --- dispatch ---------------------------------------------------------------------------

	async #answer(request: Request): Promise<Answer> {
		const url = new URL(request.url());
		try {
			if (request.method() === 'OPTIONS') return { status: 204 };
			const failure = this.#failures.find((f) => f.remaining > 0 && f.path.test(url.pathname));
			if (failure) {
				failure.remaining -= 1;
				this.#failures = this.#failures.filter((f) => f.remaining > 0);
				return failure.answer;
			}
			// Supabase's gateway checks the key before anything else.
			if (request.headers()['apikey'] !== PUBLISHABLE_KEY) {
				throw new HttpError(401, { message: 'Invalid API key' });
			}
			if (url.pathname.startsWith('/auth/v1/')) {
				return await this.#auth(request, url.pathname.slice('/auth/v1'.length), url);
			}
			if (url.pathname.startsWith('/rest/v1/')) {
				return await this.#rest(request, url.pathname.slice('/rest/v1'.length), url);
			}
			throw new HttpError(404, { message: 'no Route matched with those values' });
		} catch (error) {
			if (error instanceof HttpError) {
				return { status: error.status, body: error.body, headers: error.headers };
			}
			console.error('supabase fake:', error);
			return { status: 500, body: { message: String(error) } };
		}
	}

	// --- Auth (GoTrue) ----------------------------------------------------------------------

	async #auth(request: Request, path: string, url: URL): Promise<Answer> {
		const versioned = (answer: Answer): Answer => ({
			...answer,
			headers: { 'x-supabase-api-version': '2024-01-01', ...answer.headers }
		});
		const method = request.method();
		if (method === 'POST' && path === '/otp') return versioned(await this.#sendCode(request));
		if (method === 'POST' && path === '/verify') return versioned(await this.#verifyCode(request));
		if (method === 'POST' && path === '/token') return versioned(await this.#token(request, url));
		if (method === 'GET' && path === '/user') {
			const claims = this.#sessionClaims(request);
			return versioned({ status: 200, body: await this.#user(claims.sub) });
		}
		if (method === 'POST' && path === '/logout') {
			const claims = this.#sessionClaims(request);
			const scope = url.searchParams.get('scope') ?? 'global';
			if (scope === 'global') {
				for (const session of this.#refreshTokens.values()) {
					if (session.userId === claims.sub) this.#revokedSessions.add(session.sessionId);
				}
			} else if (scope === 'local') {
				this.#revokedSessions.add(claims.session_id);
			}
			return versioned({ status: 204 });
		}
		throw authError(404, 'not_found', `no fake for ${method} /auth/v1${path}`);
	}

	async #sendCode(request: Request): Promise<Answer> {
		const body = jsonBody(request);
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			throw authError(400, 'validation_failed', 'Unable to validate email address: invalid format');
		}
		let userId = await this.userIdOf(email);
		if (!userId) {
			if (body.create_user === false) {
				throw authError(422, 'otp_disabled', 'Signups not allowed for otp');
			}
			userId = await this.#createUser(email, isObject(body.data) ? body.data : {});
		}
		this.#codes.set(email, { code: String(randomInt(0, 1_000_000)).padStart(6, '0'), userId });
		return { status: 200, body: {} };
	}

	async #verifyCode(request: Request): Promise<Answer> {
		const body = jsonBody(request);
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		if (body.type !== 'email') {
			throw authError(400, 'validation_failed', 'Verify requires a verification type');
		}
		const sent = this.#codes.get(email);
		if (!sent || sent.code !== body.token) {
			throw authError(403, 'otp_expired', 'Token has expired or is invalid');
		}
		this.#codes.delete(email);
		return { status: 200, body: await this.#newSession(sent.userId, email, randomUUID()) };
	}

	async #token(request: Request, url: URL): Promise<Answer> {
		if (url.searchParams.get('grant_type') !== 'refresh_token') {
			throw authError(400, 'validation_failed', 'unsupported_grant_type');
		}
		const token = jsonBody(request).refresh_token;
		const session = typeof token === 'string' ? this.#refreshTokens.get(token) : undefined;
		if (!session || this.#revokedSessions.has(session.sessionId)) {
			throw authError(
				400,
				'refresh_token_not_found',
				'Invalid Refresh Token: Refresh Token Not Found'
			);
		}
		this.#refreshTokens.delete(token as string); // rotation: each refresh token works once
		return {
			status: 200,
			body: await this.#newSession(session.userId, session.email, session.sessionId)
		};
	}

	/** Inserts the auth user as GoTrue does: as `supabase_auth_admin`, with the user data. */
	async #createUser(email: string, data: Record<string, unknown>): Promise<string> {
		const id = randomUUID();
		const client = await this.db.connect();
		try {
			await client.query('begin');
			await client.query('set local role supabase_auth_admin');
			await client.query(
				`insert into auth.users (id, email, raw_user_meta_data, raw_app_meta_data)
				values ($1, $2, $3, $4)`,
				[id, email, data, { provider: 'email', providers: ['email'] }]
			);
			await client.query('commit');
		} catch (error) {
			await client.query('rollback').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
		return id;
	}

	async #newSession(userId: string, email: string, sessionId: string) {
		const now = Math.floor(Date.now() / 1000);
		const claims = {
			aud: 'authenticated',
			exp: now + ACCESS_TOKEN_SECONDS,
			iat: now,
			iss: `${SUPABASE_URL}/auth/v1`,
			sub: userId,
			email,
			role: 'authenticated',
			aal: 'aal1',
			session_id: sessionId,
			is_anonymous: false
		};
		const refreshToken = randomBytes(18).toString('base64url');
		this.#refreshTokens.set(refreshToken, { userId, email, sessionId });
		return {
			access_token: this.#sign(claims),
			token_type: 'bearer',
			expires_in: ACCESS_TOKEN_SECONDS,
			expires_at: claims.exp,
			refresh_token: refreshToken,
			user: await this.#user(userId)
		};
	}

	async #user(userId: string) {
		const { rows } = await this.db.query<{
			email: string;
			raw_user_meta_data: Record<string, unknown> | null;
			created_at: Date;
		}>('select email, raw_user_meta_data, created_at from auth.users where id = $1', [userId]);
		const row = rows[0];
		if (!row) throw authError(404, 'user_not_found', 'User not found');
		const created = row.created_at.toISOString();
		return {
			id: userId,
			aud: 'authenticated',
			role: 'authenticated',
			email: row.email,
			email_confirmed_at: created,
			confirmed_at: created,
			last_sign_in_at: new Date().toISOString(),
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: row.raw_user_meta_data ?? {},
			identities: [],
			created_at: created,
			updated_at: created,
			is_anonymous: false
		};
	}

	/** GoTrue's check of the session token (signature, expiry, and the session still exists). */
	#sessionClaims(request: Request): { sub: string; session_id: string } {
		const token = bearer(request);
		if (!token) throw authError(401, 'no_authorization', 'This endpoint requires a Bearer token');
		const claims = this.#verify(token);
		if (!claims.ok) throw authError(403, 'bad_jwt', `invalid JWT: ${claims.reason}`);
		const { sub, session_id } = claims.claims as { sub?: unknown; session_id?: unknown };
		if (typeof sub !== 'string' || typeof session_id !== 'string') {
			throw authError(403, 'bad_jwt', 'invalid claim: missing sub claim');
		}
		if (this.#revokedSessions.has(session_id)) {
			throw authError(
				403,
				'session_not_found',
				'Session from session_id claim in JWT does not exist'
			);
		}
		return { sub, session_id };
	}

	// --- PostgREST --------------------------------------------------------------------------

	async #rest(request: Request, path: string, url: URL): Promise<Answer> {
		const claims = this.#restClaims(request);
		const rpc = /^\/rpc\/([^/]+)$/.exec(path);
		if (rpc) {
			if (request.method() !== 'POST') {
				throw restError(405, 'PGRST101', 'Only GET, HEAD or POST are allowed for RPC');
			}
			return this.#rpc(rpc[1] ?? '', jsonBody(request), claims, request);
		}
		if (request.method() === 'GET' && /^\/[a-z_]+$/.test(path)) {
			return this.#select(path.slice(1), url.searchParams, claims, request);
		}
		throw restError(405, 'PGRST117', `Unsupported HTTP method in the fake: ${request.method()}`);
	}

	/** PostgREST's JWT check: a valid signature and `exp`; no token (or the key) means `anon`. */
	#restClaims(request: Request): Record<string, unknown> {
		const token = bearer(request);
		if (!token || token === PUBLISHABLE_KEY) return { role: 'anon' };
		const verified = this.#verify(token);
		if (!verified.ok) {
			throw new HttpError(
				401,
				{ code: 'PGRST301', message: verified.reason, details: null, hint: null },
				{
					'www-authenticate': `Bearer error="invalid_token", error_description="${verified.reason}"`
				}
			);
		}
		return verified.claims;
	}

	async #rpc(
		name: string,
		body: Record<string, unknown>,
		claims: Record<string, unknown>,
		request: Request
	): Promise<Answer> {
		const params = rpcs[name];
		const given = Object.keys(body).sort();
		if (
			!params ||
			given.join(',') !==
				params
					.map(([param]) => param)
					.sort()
					.join(',')
		) {
			throw restError(
				404,
				'PGRST202',
				`Could not find the function public.${name}(${given.join(', ')}) in the schema cache`
			);
		}
		const values = params.map(([param, type]) => {
			const value = body[param] as Json | undefined;
			if (value === null || value === undefined) return null;
			return type === 'jsonb' ? JSON.stringify(value) : value;
		});
		const args = params.map(([param, type], i) => `${param} := $${i + 1}::${type}`).join(', ');
		const result = await this.#asCaller(claims, request, (client) =>
			client.query<{ result: unknown }>(`select public.${name}(${args}) as result`, values)
		);
		return { status: 200, body: result.rows[0]?.result ?? null };
	}

	async #select(
		table: string,
		search: URLSearchParams,
		claims: Record<string, unknown>,
		request: Request
	): Promise<Answer> {
		if (!readableTables.has(table)) {
			throw restError(
				404,
				'PGRST205',
				`Could not find the table 'public.${table}' in the schema cache`
			);
		}
		const selected = search.get('select') ?? '*';
		const columns = selected === '*' ? ['*'] : selected.split(',').map((column) => column.trim());
		if (!columns.every((column) => column === '*' || identifier.test(column))) {
			throw restError(400, 'PGRST100', `the fake reads plain columns only: ${selected}`);
		}
		const conditions: string[] = [];
		const values: string[] = [];
		for (const [key, value] of search) {
			if (key === 'select') continue;
			if (!identifier.test(key) || !value.startsWith('eq.')) {
				throw restError(400, 'PGRST100', `the fake filters with eq. only: ${key}=${value}`);
			}
			values.push(value.slice(3));
			conditions.push(`"${key}" = $${values.length}`);
		}
		const list = columns.map((column) => (column === '*' ? '*' : `"${column}"`)).join(', ');
		const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
		const result = await this.#asCaller(claims, request, (client) =>
			client.query<{ rows: unknown }>(
				`select coalesce(json_agg(t), '[]'::json) as rows
				from (select ${list} from public.${table} ${where}) as t`,
				values
			)
		);
		return { status: 200, body: result.rows[0]?.rows ?? [] };
	}

	/** Runs `fn` as PostgREST runs a request: one transaction, as the caller's role and claims. */
	async #asCaller<T>(
		claims: Record<string, unknown>,
		request: Request,
		fn: (client: pg.PoolClient) => Promise<T>
	): Promise<T> {
		const role = claims.role === 'authenticated' ? 'authenticated' : 'anon';
		const client = await this.db.connect();
		try {
			await client.query('begin');
			await client.query(`set local role ${role}`);
			await client.query(
				`select set_config('request.jwt.claims', $1, true), set_config('request.method', $2, true)`,
				[JSON.stringify(claims), request.method()]
			);
			const result = await fn(client);
			await client.query('commit');
			return result;
		} catch (error) {
			await client.query('rollback').catch(() => undefined);
			throw postgrestError(error, role);
		} finally {
			client.release();
		}
	}

	// --- tokens -------------------------------------------------------------------------------

	#sign(claims: Record<string, unknown>): string {
		const header = base64url({ alg: 'HS256', typ: 'JWT' });
		const payload = base64url(claims);
		const signature = createHmac('sha256', this.#secret)
			.update(`${header}.${payload}`)
			.digest('base64url');
		return `${header}.${payload}.${signature}`;
	}

	#verify(
		token: string
	): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string } {
		const [header, payload, signature] = token.split('.');
		if (!header || !payload || !signature)
			return { ok: false, reason: 'JWSError (CompactDecodeError Invalid number of parts)' };
		const expected = createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest();
		const given = Buffer.from(signature, 'base64url');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
			return { ok: false, reason: 'JWSError JWSInvalidSignature' };
		}
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
			string,
			unknown
		>;
		if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
			return { ok: false, reason: 'JWT expired' };
		}
		return { ok: true, claims };
	}

	/** A token as this fake would sign it, for tests of refused or expired tokens. */
	signToken(claims: Record<string, unknown>): string {
		return this.#sign(claims);
	}
}

// --- helpers -----------------------------------------------------------------------------------

function corsHeaders(request: Request): Record<string, string> {
	return {
		'access-control-allow-origin': request.headers()['origin'] ?? '*',
		'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
		'access-control-allow-headers':
			request.headers()['access-control-request-headers'] ??
			'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
		'access-control-expose-headers': 'content-range, x-supabase-api-version',
		'access-control-max-age': '600',
		vary: 'Origin'
	};
}

function bearer(request: Request): string | null {
	const header = request.headers()['authorization'];
	return header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? null;
}

function jsonBody(request: Request): Record<string, unknown> {
	try {
		const body: unknown = request.postDataJSON();
		return isObject(body) ? body : {};
	} catch {
		throw new HttpError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A Postgres error as PostgREST answers it: its HTTP status for the SQLSTATE
 * (https://docs.postgrest.org/en/stable/references/errors.html) and `{ code, message, details, hint }`.
 */
function postgrestError(error: unknown, role: string): HttpError {
	const pgError = error as { code?: string; message?: string; detail?: string; hint?: string };
	const code = pgError.code;
	if (typeof code !== 'string' || code.length !== 5) {
		return restError(503, 'PGRST000', `Database connection error: ${String(error)}`);
	}
	return new HttpError(postgrestStatus(code, role !== 'anon'), {
		code,
		message: pgError.message ?? '',
		details: pgError.detail ?? null,
		hint: pgError.hint ?? null
	});
}

function pageOf(request: Request): Page | null {
	try {
		return request.frame().page();
	} catch {
		return null; // a service worker's request has no frame
	}
}

// --- fixtures ----------------------------------------------------------------------------------

export interface Device {
	context: BrowserContext;
	page: Page;
}

/**
 * `supabase`: one fake and one database per worker (the connected project runs one worker);
 * the default `context` (and `page`) are routed through it; `newDevice()` opens another browser
 * context, i.e. another device with its own storage, routed too.
 */
export const test = base.extend<{ newDevice: () => Promise<Device> }, { supabase: FakeSupabase }>({
	supabase: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			if (!existsSync('.tmp/build-connected/index.html')) {
				throw new Error('No connected build in .tmp/build-connected: run npm run build:connected');
			}
			const database = await startDatabase();
			try {
				await use(new FakeSupabase(database.pool));
			} finally {
				await database.stop();
			}
		},
		{ scope: 'worker', timeout: 120_000 }
	],
	context: async ({ context, supabase }, use) => {
		await supabase.attach(context);
		await use(context);
	},
	newDevice: async ({ browser, supabase }, use) => {
		const opened: BrowserContext[] = [];
		await use(async () => {
			const context = await browser.newContext();
			opened.push(context);
			await supabase.attach(context);
			return { context, page: await context.newPage() };
		});
		for (const context of opened) await context.close();
	}
});

export { expect } from '@playwright/test';
