/**
 * The sync transport over Supabase: the two RPCs of docs/sync-protocol.md through PostgREST, and
 * the user's spaces through row-level security. A thin wrapper: every failure becomes a
 * `TransportError` carrying what the engine needs to decide (`lib/sync/errors.ts`), and nothing
 * here retries (postgrest-js's own retries are turned off: the engine has its backoff).
 */
import { isAuthError, isAuthRetryableFetchError, type SupabaseClient } from '@supabase/supabase-js';
import {
	TransportError,
	type PullRequest,
	type PullResponse,
	type PushRequest,
	type PushResponse,
	type SyncTransport,
	type TransportFailure
} from '$lib/domain/protocol';

/** What postgrest-js resolves with: its own error object, and status 0 when fetch threw. */
interface PostgrestOutcome {
	data: unknown;
	error: { message?: string; code?: string } | null;
	status: number;
}

export interface SupabaseTransportOptions {
	/** A request without an answer after this long is abandoned (a network failure). */
	timeoutMs?: number;
}

export class SupabaseTransport implements SyncTransport {
	readonly #client: SupabaseClient;
	readonly #timeoutMs: number;

	constructor(client: SupabaseClient, options: SupabaseTransportOptions = {}) {
		this.#client = client;
		this.#timeoutMs = options.timeoutMs ?? 30_000;
	}

	push(request: PushRequest): Promise<PushResponse> {
		return this.#rpc<PushResponse>('sync_push', {
			p_client_id: request.clientId,
			p_schema_version: request.schemaVersion,
			p_mutations: request.mutations
		});
	}

	pull(request: PullRequest): Promise<PullResponse> {
		return this.#rpc<PullResponse>('sync_pull', {
			p_client_id: request.clientId,
			p_space_id: request.spaceId,
			p_cursor: request.cursor,
			p_limit: request.limit
		});
	}

	async listSpaces(): Promise<string[]> {
		const userId = await this.#signedInUser();
		const outcome: PostgrestOutcome = await this.#client
			.from('memberships')
			.select('space_id')
			.eq('user_id', userId)
			.eq('deleted', false)
			.retry(false)
			.abortSignal(this.#timeout());
		const rows = answer(outcome);
		if (!Array.isArray(rows)) throw unexpected(outcome.status, rows);
		return rows.map((row: unknown) => {
			const id = (row as { space_id?: unknown } | null)?.space_id;
			if (typeof id !== 'string') throw unexpected(outcome.status, row);
			return id;
		});
	}

	async #rpc<T>(name: string, params: Record<string, unknown>): Promise<T> {
		await this.#signedInUser();
		const outcome: PostgrestOutcome = await this.#client
			.rpc(name, params)
			.abortSignal(this.#timeout());
		const data = answer(outcome);
		if (data === null || typeof data !== 'object' || Array.isArray(data)) {
			throw unexpected(outcome.status, data);
		}
		return data as T;
	}

	/**
	 * The user the next request goes out as. supabase-js attaches the session's token, refreshing
	 * an expired one first; without a session it sends the publishable key alone and PostgREST
	 * answers as `anon`. So: no session → an auth failure without asking (the engine refreshes, or
	 * reports the user signed out); an expired token that could not be refreshed for lack of an
	 * answer (offline, or supabase-js waiting a minute after a failed refresh) → a network
	 * failure (retry later), never a request as `anon` that would look like a lost session.
	 */
	async #signedInUser(): Promise<string> {
		const { data, error } = await this.#client.auth.getSession().catch((thrown: unknown) => ({
			data: { session: null },
			error: thrown
		}));
		if (data.session) return data.session.user.id;
		if (error && (isAuthRetryableFetchError(error) || !isAuthError(error))) {
			throw new TransportError({ message: `no session token: ${messageOf(error)}` });
		}
		throw new TransportError({ status: 401, message: 'not signed in' });
	}

	#timeout(): AbortSignal {
		return AbortSignal.timeout(this.#timeoutMs);
	}
}

/** The answer's data, or the `TransportError` describing why there is none. */
function answer({ data, error, status }: PostgrestOutcome): unknown {
	if (error) throw new TransportError(failureOf(error, status));
	return data;
}

/**
 * postgrest-js reports a fetch that threw (offline, DNS, CORS, abort) as status 0 with a
 * `FetchError`-like message; an HTTP error as its status with PostgREST's JSON body
 * `{ code, message, details, hint }`, or `{ message: <body> }` when the body is not JSON (a
 * gateway's HTML page): then there is a status and no code.
 */
export function failureOf(
	error: { message?: string; code?: string },
	status: number
): TransportFailure {
	const message = summary(error.message);
	if (!status) return { message };
	const code = typeof error.code === 'string' && error.code !== '' ? error.code : undefined;
	return code === undefined ? { status, message } : { status, code, message };
}

function unexpected(status: number, data: unknown): TransportError {
	const shown = JSON.stringify(data) ?? String(data);
	return new TransportError({ status, message: `unexpected answer: ${summary(shown)}` });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Error pages can be long HTML documents: keep messages to a readable line. */
function summary(message: string | undefined): string {
	const text = (message ?? '').replace(/\s+/g, ' ').trim() || 'no message';
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
