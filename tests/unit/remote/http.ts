/**
 * A recording `fetch` for the real supabase-js client: every request is kept (URL, method,
 * headers, parsed body) and answered by the next scripted answer, like a server would.
 */
import type { SupportedStorage } from '@supabase/supabase-js';

// supabase-js builds its Realtime client eagerly and wants a WebSocket class, which Node 20 lacks
// (browsers and Node 22 have one). The app never opens a channel: a placeholder is enough.
if (typeof globalThis.WebSocket === 'undefined') {
	Object.assign(globalThis, { WebSocket: class WebSocketUnavailable {} });
}

export const projectUrl = 'https://project.supabase.test';
export const publishableKey = 'sb_publishable_test';

export interface RecordedRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: unknown;
}

export type Answer = Response | Error | ((request: RecordedRequest) => Response | Error);

export interface RecordingFetch {
	fetch: typeof fetch;
	requests: RecordedRequest[];
	/** Queues answers, used in order; with none queued, the request fails like a lost network. */
	answer: (...answers: Answer[]) => void;
	/** Answers every request the same way from now on (after the queued ones). */
	always: (answer: Answer) => void;
}

export function recordingFetch(): RecordingFetch {
	const requests: RecordedRequest[] = [];
	const queue: Answer[] = [];
	let fallback: Answer = () => new TypeError('Failed to fetch');
	const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const request = new Request(input, init);
		const text = request.method === 'GET' ? '' : await request.text();
		const recorded: RecordedRequest = {
			url: request.url,
			method: request.method,
			headers: Object.fromEntries(request.headers),
			body: text === '' ? undefined : JSON.parse(text)
		};
		requests.push(recorded);
		const next = queue.shift() ?? fallback;
		const outcome = typeof next === 'function' ? next(recorded) : next;
		if (outcome instanceof Error) throw outcome;
		return outcome.clone();
	};
	return {
		fetch: fetch as typeof globalThis.fetch,
		requests,
		answer: (...answers) => queue.push(...answers),
		always: (answer) => (fallback = answer)
	};
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});
}

/** GoTrue's answers carry the API version, which tells supabase-js to read `code`. */
export function authJson(status: number, body: unknown) {
	return json(status, body, { 'x-supabase-api-version': '2024-01-01' });
}

export const offline = () => new TypeError('Failed to fetch');

/** `localStorage` as supabase-js uses it, kept in a Map shared by the clients of one "device". */
export class MapStorage implements SupportedStorage {
	readonly items = new Map<string, string>();
	getItem(key: string): string | null {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.items.set(key, value);
	}
	removeItem(key: string): void {
		this.items.delete(key);
	}
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token shaped like Supabase's (supabase-js decodes, never verifies, it). */
export function accessToken(userId: string, email: string, expiresAt: number): string {
	const claims = {
		sub: userId,
		email,
		role: 'authenticated',
		aud: 'authenticated',
		exp: expiresAt
	};
	return `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

/** GoTrue's session answer (`/verify`, `/token`), valid for `expiresIn` seconds from now. */
export function sessionBody(
	userId: string,
	email: string,
	{ expiresIn = 3600, refreshToken = 'refresh-1' } = {}
) {
	const expiresAt = Math.floor(Date.now() / 1000) + expiresIn;
	return {
		access_token: accessToken(userId, email, expiresAt),
		token_type: 'bearer',
		expires_in: expiresIn,
		expires_at: expiresAt,
		refresh_token: refreshToken,
		user: {
			id: userId,
			aud: 'authenticated',
			role: 'authenticated',
			email,
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: {},
			created_at: '2026-11-26T09:00:00.000Z'
		}
	};
}

/** A session as supabase-js keeps it in storage. */
export function storedSession(userId: string, email: string, expiresIn = 3600): string {
	return JSON.stringify(sessionBody(userId, email, { expiresIn }));
}
