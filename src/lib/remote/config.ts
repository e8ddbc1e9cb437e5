/**
 * Whether this build talks to a Supabase project, and which one. Read on the first paint, so it
 * imports nothing but the build's public variables; supabase-js itself is loaded later, by
 * `connect.ts`. Both variables set → connected mode; either missing or blank → demo mode (null).
 */
import * as publicEnv from '$env/static/public';

export interface RemoteConfig {
	/** The project's URL, without a trailing slash: `https://<ref>.supabase.co`. */
	url: string;
	/** The publishable (formerly "anon") key: public by design, row-level security does the rest. */
	publishableKey: string;
}

// Read as a record: a build without the variables has no such exports, and must still compile.
const env = publicEnv as Record<string, string | undefined>;

export function remoteConfig(): RemoteConfig | null {
	const url = env.PUBLIC_SUPABASE_URL?.trim().replace(/\/+$/, '');
	const publishableKey = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY?.trim();
	return url && publishableKey ? { url, publishableKey } : null;
}
