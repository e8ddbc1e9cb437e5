import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const buildDir = process.env.COLLECTIF_BUILD_DIR || 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Client-only static build: every route is prerendered as an empty shell (ssr = false),
		// and `index.html` doubles as the fallback for deep links on static hosts.
		// COLLECTIF_BUILD_DIR: the connected e2e tests build a second copy into another folder
		// (tests/e2e/connected, docs/testing-connected.md); the app itself always uses `build`.
		adapter: adapter({ pages: buildDir, assets: buildDir, fallback: '200.html', strict: true }),
		// Absolute asset paths: relative ones break pages the service worker serves offline
		// from a deep URL (toolchain trap 1).
		paths: { relative: false },
		// The worker is registered by `virtual:pwa-register` in the root layout.
		serviceWorker: { register: false },
		alias: { $tests: 'tests' }
	}
};

export default config;
