/**
 * The sync protocol's wire types (docs/sync-protocol.md): what the app sends to `sync_push` and
 * `sync_pull` and what they answer. Shared by the engine (`lib/sync`), the Supabase transport
 * (`lib/remote`) and the tests' Postgres transport.
 */
import type { MutationErrorCode } from './mutations/errors';
import type { EntityTable, EntityTables } from './types';

/** The local schema version sent with every push; the server refuses versions it no longer reads. */
export const CLIENT_SCHEMA_VERSION = 1;
/** At most this many mutations per push (the server refuses more). */
export const PUSH_BATCH_MAX = 500;
/** Rows per pull page; the server caps it at 1,000 like PostgREST. */
export const PULL_PAGE_SIZE = 1000;

export interface WireMutation {
	id: number;
	name: string;
	args: unknown;
	createdAt: string;
}

export interface PushRequest {
	clientId: string;
	schemaVersion: number;
	mutations: WireMutation[];
}

export type PushItemResult =
	| { id: number; status: 'applied'; data?: Record<string, unknown> }
	| { id: number; status: 'duplicate' }
	| { id: number; status: 'rejected'; code: MutationErrorCode; detail?: string };

export interface PushResponse {
	lastMutationId: number;
	results: PushItemResult[];
}

/** Opaque to the client: handed back as it came. */
export type PullCursor = Record<string, unknown>;

export interface PullRequest {
	clientId: string;
	/** `null`: the caller's results only (a device in no space yet). */
	spaceId: string | null;
	cursor: PullCursor | null;
	limit: number;
}

export type Change = {
	[K in EntityTable]:
		| { table: K; id: string; deleted: false; row: EntityTables[K] }
		| { table: K; id: string; deleted: true; row: null };
}[EntityTable];

/** The outcome of one of the user's mutations, from any of their devices. */
export interface MutationResult {
	clientId: string;
	mutationId: number;
	name: string;
	args: unknown;
	status: 'applied' | 'rejected';
	code: MutationErrorCode | null;
	detail: string | null;
	data: Record<string, unknown> | null;
	createdAt: string;
}

export type ResetReason = 'expired' | 'role_changed' | 'not_member';

export type PullResponse =
	| { reset: true; reason: ResetReason; serverTime?: string }
	| {
			reset: false;
			changes: Change[];
			results: MutationResult[];
			cursor: PullCursor;
			hasMore: boolean;
			lastMutationId: number;
			serverTime: string;
	  };

/**
 * A request that failed, as the transport saw it: no `status` when no HTTP answer came back (the
 * network), else the HTTP status and PostgREST's error body (`code` is a SQLSTATE or `PGRSTxxx`).
 */
export interface TransportFailure {
	status?: number;
	code?: string;
	message?: string;
}

export class TransportError extends Error {
	constructor(readonly failure: TransportFailure) {
		super(failure.message ?? `sync request failed (${failure.status ?? 'no answer'})`);
		this.name = 'TransportError';
	}
}

/**
 * How the engine reaches the server: Supabase in the app, a Postgres connection in tests. Every
 * method throws `TransportError` on failure.
 */
export interface SyncTransport {
	push(request: PushRequest): Promise<PushResponse>;
	pull(request: PullRequest): Promise<PullResponse>;
	/**
	 * The spaces the signed-in user belongs to (active memberships), read through row-level
	 * security (`select space_id from memberships where user_id = auth.uid() and not deleted`):
	 * how a new device learns which spaces to pull.
	 */
	listSpaces(): Promise<string[]>;
}
