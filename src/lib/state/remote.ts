import { remoteConfig } from '$lib/remote/config';
import type { Remote } from '$lib/remote/types';

let loading: Promise<Remote> | null = null;

/**
 * The Supabase side (auth and the sync transport), loaded on demand: supabase-js weighs about
 * 55 KB gzip, so it never delays the first paint. A failed load (offline on a first visit) is
 * forgotten so the next call tries again.
 */
export function loadRemote(): Promise<Remote> {
	const config = remoteConfig();
	// The constant first: in a demo build the import below is dead code, and supabase-js is
	// neither emitted nor precached.
	if (!__COLLECTIF_CONNECTED__ || !config) {
		return Promise.reject(new Error('no Supabase project configured'));
	}
	loading ??= import('$lib/remote/connect')
		.then(({ connect }) => connect(config))
		.catch((error: unknown) => {
			loading = null;
			throw error;
		});
	return loading;
}
