/**
 * What connected mode offers the rest of the app, as types only: the UI and the sync engine import
 * these without loading supabase-js (which `connect.ts` brings, after the first paint).
 */
import type { SyncTransport } from '$lib/domain/protocol';

export type { RemoteConfig } from './config';

/** The signed-in user, as this device knows it. */
export interface AuthSession {
	userId: string;
	email: string;
}

export type AuthLocale = 'fr' | 'en';

/**
 * Why an auth call failed:
 * - `invalid_email`: the address was refused (malformed, or not allowed by the project);
 * - `invalid_code`: wrong, expired or already used code;
 * - `rate_limited`: too many codes or attempts; wait before trying again;
 * - `network`: no answer (offline, DNS, timeout) or the auth server is down (5xx): try again later;
 * - `unknown`: anything else (the message says what).
 */
export type AuthErrorKind =
	'invalid_email' | 'invalid_code' | 'rate_limited' | 'network' | 'unknown';

export class AuthError extends Error {
	constructor(
		readonly kind: AuthErrorKind,
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'AuthError';
	}
}

export interface RemoteAuth {
	/**
	 * The session kept on this device, or null when signed out. Works offline: an expired access
	 * token that cannot be refreshed for lack of network still counts as signed in (the token is
	 * refreshed when the network is back); only a refusal by the server signs the user out.
	 */
	session(): Promise<AuthSession | null>;
	/**
	 * Called when the user signs in, out (here, in another tab, or because the server refused the
	 * session) or changes; not called for the initial state (read it with `session()`). Returns
	 * the function that unsubscribes.
	 */
	onChange(callback: (session: AuthSession | null) => void): () => void;
	/** Emails a one-time code; creates the account on first use. Throws `AuthError`. */
	sendCode(email: string, locale: AuthLocale): Promise<void>;
	/** Signs in with the emailed code and keeps the session on this device. Throws `AuthError`. */
	verifyCode(email: string, code: string): Promise<AuthSession>;
	/**
	 * Asks for a new access token (after the server refused the current one): true when renewed,
	 * false when the server refused the session (the user is signed out: sign in again; `onChange`
	 * reports null). Throws `AuthError` of kind `network` when there is no answer or the auth
	 * server is down: the session is kept, try again later.
	 */
	refresh(): Promise<boolean>;
	/** Forgets the session on this device (scope `local`), at once and even offline. */
	signOut(): Promise<void>;
}

export interface Remote {
	auth: RemoteAuth;
	transport: SyncTransport;
}
