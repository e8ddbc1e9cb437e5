/// <reference types="@sveltejs/kit" />
/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />

declare global {
	namespace App {}
	/**
	 * Whether the build has a Supabase project (set in vite.config.ts from the same variables as
	 * `lib/remote/config.ts`): a demo build then leaves supabase-js out of its files entirely.
	 */
	const __COLLECTIF_CONNECTED__: boolean;
}

export {};
