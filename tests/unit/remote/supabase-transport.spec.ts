/**
 * Contract test of the Supabase transport: the real supabase-js client, with a recording fetch in
 * place of the network. What goes on the wire (docs/sync-protocol.md) and how PostgREST's error
 * answers become the engine's decisions (`classifyFailure`).
 */
import { createClient } from '@supabase/supabase-js';
import { describe, expect, it, vi } from 'vitest';
import { TransportError, type PushRequest, type SyncTransport } from '$lib/domain/protocol';
import { AUTH_STORAGE_KEY, connect } from '$lib/remote/connect';
import { SupabaseTransport } from '$lib/remote/transport';
import { classifyFailure, type SyncErrorKind } from '$lib/sync/errors';
import {
	MapStorage,
	authJson,
	json,
	offline,
	projectUrl,
	publishableKey,
	recordingFetch,
	storedSession,
	type Answer
} from './http';

const userId = '6f1c1d4e-8a55-4d7e-9a43-1d1f6b0c2a11';
const email = 'ada@example.test';
const clientId = '0b7e8f3c-2d7a-4c36-9d55-0f2f5a3e4b21';
const spaceId = '3a0a6a4c-54b1-4f4e-8a44-54f7d6c1e9f0';

const pushRequest: PushRequest = {
	clientId,
	schemaVersion: 1,
	mutations: [
		{
			id: 1,
			name: 'space.create@1',
			args: { spaceId, name: 'La Ruche', timeZone: 'Europe/Paris', capacity: 20 },
			createdAt: '2026-11-26T09:00:00.000Z'
		}
	]
};

async function signedIn() {
	const http = recordingFetch();
	const storage = new MapStorage();
	storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
	const token = (JSON.parse(storage.getItem(AUTH_STORAGE_KEY)!) as { access_token: string })
		.access_token;
	const remote = await connect({ url: projectUrl, publishableKey }, { fetch: http.fetch, storage });
	return { http, remote, token, transport: remote.transport };
}

/** What the transport threw, as a `TransportError`. */
async function failureOf(call: Promise<unknown>): Promise<TransportError> {
	const error: unknown = await call.then(
		() => undefined,
		(thrown: unknown) => thrown
	);
	expect(error).toBeInstanceOf(TransportError);
	return error as TransportError;
}

describe('requests on the wire', () => {
	it('push: POST /rest/v1/rpc/sync_push with the key, the user token and exactly the parameters', async () => {
		const { http, token, transport } = await signedIn();
		const answer = { lastMutationId: 1, results: [{ id: 1, status: 'applied' }] };
		http.answer(json(200, answer));

		expect(await transport.push(pushRequest)).toEqual(answer);

		expect(http.requests).toHaveLength(1);
		const [request] = http.requests;
		expect(request?.url).toBe(`${projectUrl}/rest/v1/rpc/sync_push`);
		expect(request?.method).toBe('POST');
		expect(request?.headers).toMatchObject({
			apikey: publishableKey,
			authorization: `Bearer ${token}`,
			'content-type': 'application/json'
		});
		expect(request?.body).toEqual({
			p_client_id: clientId,
			p_schema_version: 1,
			p_mutations: pushRequest.mutations
		});
	});

	it('pull: POST /rest/v1/rpc/sync_pull with the cursor handed back as it came', async () => {
		const { http, token, transport } = await signedIn();
		const page = {
			reset: false,
			changes: [],
			results: [],
			cursor: { rows: 3, results: 0, role: 'host' },
			hasMore: false,
			lastMutationId: 1,
			serverTime: '2026-11-26T09:00:01.234Z'
		};
		http.answer(json(200, page), json(200, { reset: true, reason: 'not_member' }));

		expect(await transport.pull({ clientId, spaceId, cursor: null, limit: 1000 })).toEqual(page);
		const again = await transport.pull({ clientId, spaceId, cursor: page.cursor, limit: 10 });
		expect(again).toEqual({ reset: true, reason: 'not_member' });

		const [first, second] = http.requests;
		expect(first?.url).toBe(`${projectUrl}/rest/v1/rpc/sync_pull`);
		expect(first?.method).toBe('POST');
		expect(first?.headers).toMatchObject({
			apikey: publishableKey,
			authorization: `Bearer ${token}`
		});
		expect(first?.body).toEqual({
			p_client_id: clientId,
			p_space_id: spaceId,
			p_cursor: null,
			p_limit: 1000
		});
		expect(second?.body).toEqual({
			p_client_id: clientId,
			p_space_id: spaceId,
			p_cursor: { rows: 3, results: 0, role: 'host' },
			p_limit: 10
		});
	});

	it("listSpaces: GET the user's active memberships through row-level security", async () => {
		const { http, token, transport } = await signedIn();
		http.answer(
			json(200, [{ space_id: spaceId }, { space_id: 'b6c1f0aa-0000-4000-8000-000000000002' }])
		);

		expect(await transport.listSpaces()).toEqual([spaceId, 'b6c1f0aa-0000-4000-8000-000000000002']);

		expect(http.requests).toHaveLength(1);
		const url = new URL(http.requests[0]!.url);
		expect(`${url.origin}${url.pathname}`).toBe(`${projectUrl}/rest/v1/memberships`);
		expect(Object.fromEntries(url.searchParams)).toEqual({
			select: 'space_id',
			user_id: `eq.${userId}`,
			deleted: 'eq.false'
		});
		expect(http.requests[0]?.method).toBe('GET');
		expect(http.requests[0]?.headers).toMatchObject({
			apikey: publishableKey,
			authorization: `Bearer ${token}`
		});
	});

	it('listSpaces without a session fails as an auth failure, without asking', async () => {
		const http = recordingFetch();
		const remote = await connect(
			{ url: projectUrl, publishableKey },
			{ fetch: http.fetch, storage: new MapStorage() }
		);
		const error = await failureOf(remote.transport.listSpaces());
		expect(classifyFailure(error.failure)).toBe('auth');
		expect(http.requests).toHaveLength(0);
	});

	it('push without a session fails as an auth failure, without asking (not as anon)', async () => {
		const http = recordingFetch();
		const remote = await connect(
			{ url: projectUrl, publishableKey },
			{ fetch: http.fetch, storage: new MapStorage() }
		);
		const error = await failureOf(remote.transport.push(pushRequest));
		expect(error.failure.status).toBe(401);
		expect(classifyFailure(error.failure)).toBe('auth');
		expect(http.requests).toHaveLength(0);
	});

	it('an expired token that the auth server refuses to refresh → auth, nothing sent as anon', async () => {
		const http = recordingFetch();
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email, -600));
		http.always(
			authJson(400, { code: 'refresh_token_not_found', message: 'Invalid Refresh Token' })
		);
		const remote = await connect(
			{ url: projectUrl, publishableKey },
			{ fetch: http.fetch, storage }
		);
		const error = await failureOf(
			remote.transport.pull({ clientId, spaceId, cursor: null, limit: 1 })
		);
		expect(classifyFailure(error.failure)).toBe('auth');
		expect(http.requests.every((request) => request.url.includes('/auth/v1/token'))).toBe(true);
	});

	it('an expired token that cannot be refreshed for lack of an answer → network, nothing sent as anon', async () => {
		vi.useFakeTimers({ shouldAdvanceTime: true });
		try {
			const http = recordingFetch();
			const storage = new MapStorage();
			storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email, -600));
			http.always(offline);
			const remote = await connect(
				{ url: projectUrl, publishableKey },
				{ fetch: http.fetch, storage }
			);
			const failed = failureOf(remote.transport.push(pushRequest));
			await vi.advanceTimersByTimeAsync(35_000);
			const error = await failed;
			expect(error.failure.status).toBeUndefined();
			expect(classifyFailure(error.failure)).toBe('network');
			expect(http.requests.every((request) => request.url.includes('/auth/v1/token'))).toBe(true);
			expect(await remote.auth.session()).toEqual({ userId, email });
		} finally {
			vi.useRealTimers();
		}
	});

	it('GET requests are not retried by postgrest-js (the engine has its own backoff)', async () => {
		const { http, transport } = await signedIn();
		http.answer(new Response('<html>busy</html>', { status: 503 }));
		const error = await failureOf(transport.listSpaces());
		expect(error.failure).toMatchObject({ status: 503 });
		expect(http.requests).toHaveLength(1);
	});
});

describe('failures → the engine decision', () => {
	const cases: [string, SyncErrorKind, Answer, { status?: number; code?: string }][] = [
		[
			'500 serialization failure',
			'transient',
			json(500, {
				code: '40001',
				message: 'could not serialize access',
				details: null,
				hint: null
			}),
			{ status: 500, code: '40001' }
		],
		[
			'500 statement timeout',
			'transient',
			json(500, { code: '57014', message: 'canceling statement due to statement timeout' }),
			{ status: 500, code: '57014' }
		],
		[
			'503 HTML page from a gateway',
			'transient',
			new Response('<html><body><h1>503 Service Unavailable</h1></body></html>', {
				status: 503,
				headers: { 'content-type': 'text/html' }
			}),
			{ status: 503 }
		],
		[
			'401 JWT expired',
			'auth',
			json(401, { code: 'PGRST301', message: 'JWT expired', details: null, hint: null }),
			{ status: 401, code: 'PGRST301' }
		],
		[
			'400 client too old',
			'version',
			json(400, { code: 'CL001', message: 'client schema 1 is too old' }),
			{ status: 400, code: 'CL001' }
		],
		[
			'400 malformed batch',
			'bug',
			json(400, { code: 'CL003', message: 'mutations: ids not strictly increasing' }),
			{ status: 400, code: 'CL003' }
		],
		[
			'400 mutation gap (the engine pulls and resends)',
			'bug',
			json(400, { code: 'CL002', message: 'expected 4 got 6' }),
			{ status: 400, code: 'CL002' }
		],
		[
			'403 permission denied',
			'bug',
			json(403, { code: '42501', message: 'permission denied for function sync_push' }),
			{ status: 403, code: '42501' }
		],
		['no answer: fetch rejects with a TypeError', 'network', offline(), {}]
	];

	const calls: [string, (transport: SyncTransport) => Promise<unknown>][] = [
		['push', (transport) => transport.push(pushRequest)],
		['pull', (transport) => transport.pull({ clientId, spaceId, cursor: null, limit: 1000 })]
	];

	for (const [call, run] of calls) {
		it.each(cases)(`${call}: %s → %s`, async (_, kind, answer, expected) => {
			const { http, transport } = await signedIn();
			http.answer(answer);
			const error = await failureOf(run(transport));
			expect(classifyFailure(error.failure)).toBe(kind);
			expect(error.failure.status).toBe(expected.status);
			expect(error.failure.code).toBe(expected.code);
			expect(error.failure.message).toBeTruthy();
		});
	}

	it('the gap is surfaced with its code and message, for the engine to handle', async () => {
		const { http, transport } = await signedIn();
		http.answer(
			json(400, { code: 'CL002', message: 'expected 4 got 6', details: null, hint: null })
		);
		const error = await failureOf(transport.push(pushRequest));
		expect(error.failure).toEqual({ status: 400, code: 'CL002', message: 'expected 4 got 6' });
		expect(error.message).toBe('expected 4 got 6');
	});

	it('a long HTML error page is cut to a readable message', async () => {
		const { http, transport } = await signedIn();
		http.answer(new Response(`<html>${'x'.repeat(5000)}</html>`, { status: 502 }));
		const error = await failureOf(transport.pull({ clientId, spaceId, cursor: null, limit: 1 }));
		expect(error.failure.status).toBe(502);
		expect(error.failure.message!.length).toBeLessThan(310);
		expect(classifyFailure(error.failure)).toBe('transient');
	});

	it('listSpaces offline → network', async () => {
		const { http, transport } = await signedIn();
		http.answer(offline());
		const error = await failureOf(transport.listSpaces());
		expect(error.failure.status).toBeUndefined();
		expect(classifyFailure(error.failure)).toBe('network');
	});

	it('an answer that is not the protocol (200 with a list) → bug', async () => {
		const { http, transport } = await signedIn();
		http.answer(json(200, [1, 2]));
		const error = await failureOf(transport.push(pushRequest));
		expect(error.failure.status).toBe(200);
		expect(classifyFailure(error.failure)).toBe('bug');
	});

	it('a request without an answer in time is abandoned as a network failure', async () => {
		const hanging = (_: RequestInfo | URL, init?: RequestInit) =>
			new Promise<Response>((_resolve, reject) => {
				init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
			});
		const storage = new MapStorage();
		storage.setItem(AUTH_STORAGE_KEY, storedSession(userId, email));
		const client = createClient(projectUrl, publishableKey, {
			auth: { storage, storageKey: AUTH_STORAGE_KEY, autoRefreshToken: false },
			global: { fetch: hanging as typeof fetch }
		});
		const transport = new SupabaseTransport(client, { timeoutMs: 50 });
		const error = await failureOf(transport.push(pushRequest));
		expect(error.failure.status).toBeUndefined();
		expect(classifyFailure(error.failure)).toBe('network');
	});
});
