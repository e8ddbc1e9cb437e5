/**
 * Connected mode's entry point, loaded lazily after the first paint
 * (`await import('$lib/remote/connect')`): it brings supabase-js (~55 KB gzip), so nothing on the
 * first screen may import it. Everything else imports the types from `./types`.
 */
import {
	createClient,
	isAuthError,
	isAuthRetryableFetchError,
	type AuthError as SupabaseAuthError,
	type Session,
	type SupabaseClient,
	type SupportedStorage
} from '@supabase/supabase-js';
import type { RemoteConfig } from './config';
import { SupabaseTransport } from './transport';
import {
	AuthError,
	type AuthErrorKind,
	type AuthSession,
	type Remote,
	type RemoteAuth
} from './types';

export { AuthError };
export type { AuthSession, Remote, RemoteConfig };

/** Where the session is kept (`localStorage`), under this key. */
export const AUTH_STORAGE_KEY = 'collectif.auth';

export interface ConnectOptions {
	/** The `fetch` every request goes through (tests record and answer requests with it). */
	fetch?: typeof fetch;
	/** Where the session is kept; `localStorage` by default. */
	storage?: SupportedStorage;
}

export async function connect(config: RemoteConfig, options: ConnectOptions = {}): Promise<Remote> {
	const storage = options.storage ?? globalThis.localStorage;
	const client = createClient(config.url, config.publishableKey, {
		auth: {
			persistSession: true,
			autoRefreshToken: true,
			detectSessionInUrl: false,
			storageKey: AUTH_STORAGE_KEY,
			storage
		},
		...(options.fetch ? { global: { fetch: options.fetch } } : {})
	});
	// Not waiting for supabase-js to load the session: with an expired token it first tries to
	// refresh it, retrying for up to 30 s when offline. `session()` reads storage instead.
	const auth = new SupabaseAuth(client, storage);
	return {
		auth,
		transport: new SupabaseTransport(client)
	};
}

class SupabaseAuth implements RemoteAuth {
	readonly #client: SupabaseClient;
	readonly #storage: SupportedStorage;

	constructor(client: SupabaseClient, storage: SupportedStorage) {
		this.#client = client;
		this.#storage = storage;
	}

	/**
	 * Read from storage, never from the network: a device that is offline with an expired access
	 * token is still signed in (supabase-js keeps the session until the server refuses it, then
	 * removes it and `onChange` reports null). Waiting for supabase-js instead would hold an
	 * offline start for its refresh retries.
	 */
	async session(): Promise<AuthSession | null> {
		try {
			const raw = await this.#storage.getItem(AUTH_STORAGE_KEY);
			const stored = raw ? (JSON.parse(raw) as Partial<Session> | null) : null;
			if (!stored?.user?.id || !stored.refresh_token) return null;
			return toAuthSession(stored as Session);
		} catch {
			return null;
		}
	}

	onChange(callback: (session: AuthSession | null) => void): () => void {
		// supabase-js also reports the session it loads at start (INITIAL_SESSION, then SIGNED_IN
		// for a stored one) and every token refresh: report only a different user, or none.
		let known: Promise<AuthSession | null> = this.session();
		let subscribed = true;
		const { data } = this.#client.auth.onAuthStateChange((event, session) => {
			if (event === 'INITIAL_SESSION') return;
			const next = session ? toAuthSession(session) : null;
			known = known.then((previous) => {
				if (subscribed && !sameSession(previous, next)) {
					try {
						callback(next);
					} catch (error) {
						console.error('auth change listener', error);
					}
				}
				return next;
			});
		});
		return () => {
			subscribed = false;
			data.subscription.unsubscribe();
		};
	}

	async sendCode(email: string, locale: 'fr' | 'en'): Promise<void> {
		const { error } = await this.#client.auth.signInWithOtp({
			email,
			options: { shouldCreateUser: true, data: { locale } }
		});
		if (error) throw authError(error, 'send');
	}

	async verifyCode(email: string, code: string): Promise<AuthSession> {
		const { data, error } = await this.#client.auth.verifyOtp({
			email,
			token: code.replace(/\s+/g, ''),
			type: 'email'
		});
		if (error) throw authError(error, 'verify');
		if (!data.session) throw new AuthError('unknown', 'the code was accepted but no session came');
		return toAuthSession(data.session);
	}

	async refresh(): Promise<boolean> {
		// Not even worth asking (supabase-js would retry for up to 30 s).
		if (globalThis.navigator?.onLine === false) {
			throw new AuthError('network', 'offline: the session cannot be refreshed now');
		}
		const { data, error } = await this.#client.auth.refreshSession();
		if (!error && data.session) return true;
		if (error && isAuthRetryableFetchError(error)) throw authError(error, 'refresh');
		// Another tab renewed the session while we asked: its tokens are in storage.
		if (error?.name === 'AuthRefreshDiscardedError') return (await this.session()) !== null;
		// Refused (revoked, expired, unknown): the session cannot be renewed. supabase-js keeps it
		// while the old access token lasts; forget it now so that every part of the app agrees.
		await this.signOut();
		return false;
	}

	async signOut(): Promise<void> {
		// Removes the local session before asking the server to revoke its refresh token, so it
		// works offline; the revocation's outcome does not matter to this device.
		await this.#client.auth.signOut({ scope: 'local' }).catch(() => undefined);
		await Promise.resolve(this.#storage.removeItem(AUTH_STORAGE_KEY)).catch(() => undefined);
	}
}

function toAuthSession(session: Session): AuthSession {
	return { userId: session.user.id, email: session.user.email ?? '' };
}

function sameSession(a: AuthSession | null, b: AuthSession | null): boolean {
	return a === b || (a !== null && b !== null && a.userId === b.userId && a.email === b.email);
}

const rateLimitCodes = new Set([
	'over_email_send_rate_limit',
	'over_request_rate_limit',
	'over_sms_send_rate_limit'
]);
const invalidEmailCodes = new Set([
	'email_address_invalid',
	'email_address_not_authorized',
	'validation_failed'
]);
const invalidCodeCodes = new Set(['otp_expired', 'invalid_credentials', 'validation_failed']);

/** supabase-js's auth error → our kind: the UI says one sentence per kind. */
function authError(
	error: SupabaseAuthError | Error,
	call: 'send' | 'verify' | 'refresh'
): AuthError {
	let kind: AuthErrorKind = 'unknown';
	if (isAuthError(error)) {
		const code = error.code ?? '';
		const status = error.status ?? 0;
		if (isAuthRetryableFetchError(error)) kind = 'network';
		else if (status === 429 || rateLimitCodes.has(code)) kind = 'rate_limited';
		else if (call === 'send' && (invalidEmailCodes.has(code) || status === 400)) {
			kind = 'invalid_email';
		} else if (
			call === 'verify' &&
			(invalidCodeCodes.has(code) || [400, 401, 403].includes(status))
		) {
			kind = 'invalid_code';
		}
	}
	return new AuthError(kind, error.message, { cause: error });
}
