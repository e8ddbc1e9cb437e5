/**
 * Contract test of sign-in with an emailed code, through the real supabase-js client and a
 * recording fetch: the requests GoTrue receives, how its refusals become `AuthError` kinds, and
 * that the session lives on the device (read offline, forgotten offline).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTH_STORAGE_KEY, AuthError, connect } from '$lib/remote/connect';
import type { AuthErrorKind, AuthSession } from '$lib/remote/types';
import {
	MapStorage,
	authJson,
	json,
	offline,
	projectUrl,
	publishableKey,
	recordingFetch,
	sessionBody,
	storedSession,
	type Answer
} from './http';

const userId = '6f1c1d4e-8a55-4d7e-9a43-1d1f6b0c2a11';
const email = 'ada@example.test';

async function device(storage = new MapStorage()) {
	const http = recordingFetch();
	const remote = await connect({ url: projectUrl, publishableKey }, { fetch: http.fetch, storage });
	return { http, remote, storage };
}

async function kindOf(call: Promise<unknown>): Promise<AuthErrorKind> {
	const error: unknown = await call.then(
		() => undefined,
		(thrown: unknown) => thrown
	);
	expect(error).toBeInstanceOf(AuthError);
	return (error as AuthError).kind;
}

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('signing in with an emailed code', () => {
	it('sendCode: POST /auth/v1/otp, creating the user, with the locale in the user data', async () => {
		const { http, remote } = await device();
		http.answer(authJson(200, {}));

		await remote.auth.sendCode(email, 'fr');

		expect(http.requests).toHaveLength(1);
		const [request] = http.requests;
		expect(request?.url).toBe(`${projectUrl}/auth/v1/otp`);
		expect(request?.method).toBe('POST');
		expect(request?.headers).toMatchObject({ apikey: publishableKey });
		expect(request?.body).toMatchObject({ email, create_user: true, data: { locale: 'fr' } });
	});

	it('verifyCode: POST /auth/v1/verify (type email), keeps the session and reports it', async () => {
		const { http, remote, storage } = await device();
		const changes: (AuthSession | null)[] = [];
		remote.auth.onChange((session) => changes.push(session));
		http.answer(authJson(200, sessionBody(userId, email)));

		expect(await remote.auth.verifyCode(email, ' 123 456 ')).toEqual({ userId, email });

		const [request] = http.requests;
		expect(request?.url).toBe(`${projectUrl}/auth/v1/verify`);
		expect(request?.method).toBe('POST');
		expect(request?.body).toMatchObject({ email, token: '123456', type: 'email' });
		expect(storage.getItem(AUTH_STORAGE_KEY)).toContain(userId);
		expect(await remote.auth.session()).toEqual({ userId, email });
		expect(changes).toEqual([{ userId, email }]);
	});

	const sendFailures: [string, AuthErrorKind, Answer][] = [
		[
			'400 email_address_invalid',
			'invalid_email',
			authJson(400, { code: 'email_address_invalid', message: 'Email address is invalid' })
		],
		[
			'400 validation_failed',
			'invalid_email',
			authJson(400, { code: 'validation_failed', message: 'Unable to validate email address' })
		],
		[
			'429 over_email_send_rate_limit',
			'rate_limited',
			authJson(429, { code: 'over_email_send_rate_limit', message: 'email rate limit exceeded' })
		],
		['429 without a code', 'rate_limited', json(429, { msg: 'Too many requests' })],
		['no answer', 'network', offline()],
		['503 from a gateway', 'network', new Response('<html>down</html>', { status: 503 })],
		[
			'422 anything else',
			'unknown',
			authJson(422, { code: 'signup_disabled', message: 'Signups not allowed' })
		]
	];

	it.each(sendFailures)('sendCode refused: %s → %s', async (_, kind, answer) => {
		const { http, remote } = await device();
		http.answer(answer);
		expect(await kindOf(remote.auth.sendCode(email, 'en'))).toBe(kind);
	});

	const verifyFailures: [string, AuthErrorKind, Answer][] = [
		[
			'403 otp_expired (wrong or expired code)',
			'invalid_code',
			authJson(403, { code: 'otp_expired', message: 'Token has expired or is invalid' })
		],
		[
			'403 in the legacy error format',
			'invalid_code',
			json(403, { code: 403, error_code: 'otp_expired', msg: 'Token has expired or is invalid' })
		],
		[
			'429 over_request_rate_limit',
			'rate_limited',
			authJson(429, { code: 'over_request_rate_limit', message: 'Request rate limit reached' })
		],
		['no answer', 'network', offline()]
	];

	it.each(verifyFailures)('verifyCode refused: %s → %s', async (_, kind, answer) => {
		const { http, remote, storage } = await device();
		http.answer(answer);
		expect(await kindOf(remote.auth.verifyCode(email, '000000'))).toBe(kind);
		expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
		expect(await remote.auth.session()).toBeNull();
	});
});

describe('the session on the device', () => {
	it('is read back by a new client while offline', async () => {
		const first = await device();
		first.http.answer(authJson(200, sessionBody(userId, email)));
		await first.remote.auth.verifyCode(email, '123456');

		const later = await device(first.storage);
		later.http.always(offline);
		expect(await later.remote.auth.session()).toEqual({ userId, email });
	});

	it('survives an expired access token while offline (no sign-out for lack of network)', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email, -600));
		const { http, remote } = await device(storage);
		http.always(offline);

		expect(await remote.auth.session()).toEqual({ userId, email });
		expect(storage.getItem(AUTH_STORAGE_KEY)).toContain(userId);
	});

	it('signOut forgets it at once, even offline, for every client of the device', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		http.always(offline);
		const changes: (AuthSession | null)[] = [];
		remote.auth.onChange((session) => changes.push(session));

		await remote.auth.signOut();

		expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
		expect(await remote.auth.session()).toBeNull();
		expect(await (await device(storage)).remote.auth.session()).toBeNull();
		expect(changes).toEqual([null]);
	});

	it('signOut online also asks the server to revoke the refresh token (scope local)', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		http.answer(new Response(null, { status: 204 }));

		await remote.auth.signOut();

		const logout = http.requests.find((request) => request.url.includes('/logout'));
		expect(logout?.url).toBe(`${projectUrl}/auth/v1/logout?scope=local`);
		expect(logout?.method).toBe('POST');
		expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
	});
});

describe('refreshing the session', () => {
	it('true with a new token from POST /auth/v1/token?grant_type=refresh_token', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		http.answer(authJson(200, sessionBody(userId, email, { refreshToken: 'refresh-2' })));

		expect(await remote.auth.refresh()).toBe(true);

		const [request] = http.requests;
		expect(request?.url).toBe(`${projectUrl}/auth/v1/token?grant_type=refresh_token`);
		expect(request?.body).toMatchObject({ refresh_token: 'refresh-1' });
		expect(storage.getItem(AUTH_STORAGE_KEY)).toContain('refresh-2');
	});

	it('false when the server refuses the session, which is then forgotten', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		const changes: (AuthSession | null)[] = [];
		remote.auth.onChange((session) => changes.push(session));
		http.answer(
			authJson(400, { code: 'refresh_token_not_found', message: 'Invalid Refresh Token' })
		);
		http.always(new Response(null, { status: 204 }));

		expect(await remote.auth.refresh()).toBe(false);
		expect(await remote.auth.session()).toBeNull();
		expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
		expect(changes).toEqual([null]);
	});

	it('throws a network AuthError when the browser knows it is offline, keeping the session', async () => {
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		vi.stubGlobal('navigator', { onLine: false });

		expect(await kindOf(remote.auth.refresh())).toBe('network');
		expect(http.requests).toHaveLength(0);
		expect(await remote.auth.session()).toEqual({ userId, email });
	});

	it('throws a network AuthError when no answer comes (after supabase-js retries), keeping the session', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true });
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const { http, remote } = await device(storage);
		http.always(offline);

		const refreshed = kindOf(remote.auth.refresh());
		await vi.advanceTimersByTimeAsync(35_000);
		expect(await refreshed).toBe('network');
		expect(http.requests.length).toBeGreaterThan(1);
		expect(await remote.auth.session()).toEqual({ userId, email });
		expect(storage.getItem(AUTH_STORAGE_KEY)).toContain(userId);
	});
});
