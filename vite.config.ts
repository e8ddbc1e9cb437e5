import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';
import { pwaManifest } from './src/pwa-manifest';

/** App code (`src/lib`) that the `shared` chunk group may take. */
const sharedAppCode = /src[\\/]lib[\\/]/;
/** What only connected mode or on-demand screens use: never in the first-load chunks. */
const lazyOnly = new RegExp(
	[
		String.raw`src[\\/]lib[\\/](sync|remote[\\/](?!config)|features[\\/](auth|onboarding|sync)[\\/])`,
		String.raw`src[\\/]lib[\\/](state[\\/](connection|remote)|db[\\/](sync-store|join))`,
		// The host area (its own routes; only hosts open it).
		String.raw`src[\\/]lib[\\/](features[\\/]host[\\/]|db[\\/]host-queries)`,
		// Rituals (their routes and the home's lazy block): screens, rules (and with them `rrule`,
		// which a group would take along), queries and messages. The recurrence parser stays: the
		// mutation catalogue checks rules with it.
		String.raw`src[\\/]lib[\\/](features[\\/](rituals|ritual-admin)[\\/]|domain[\\/](rituals[\\/](?!recurrence)|participation[\\/])|db[\\/]rituals\.ts)`,
		String.raw`paraglide[\\/]messages[\\/]rituals?_`,
		// Participation (the mirror, the community view, the published formulas, the newcomers'
		// welcome loaded after the first paint): screens, the host's kept log, messages.
		String.raw`src[\\/]lib[\\/](features[\\/]participation[\\/]|db[\\/]participation(-log)?\.ts)`,
		String.raw`paraglide[\\/]messages[\\/]participation_`,
		// The mutation catalogue and its checks: loaded after the first paint (db/apply.ts).
		String.raw`src[\\/]lib[\\/]domain[\\/](mutations[\\/](catalogue|validate|schemas)|rituals[\\/]recurrence)\.ts`,
		// Handlers other than check-ins and the space's own rows load on first use (db/handlers).
		String.raw`src[\\/]lib[\\/]db[\\/]handlers[\\/](?!(index|types|spaces|visits)\.ts)`,
		// Hours statements: computed after the first paint (the home's hours load lazily).
		String.raw`src[\\/]lib[\\/](domain[\\/](member-hours|balance|billing)|state[\\/]member-hours|db[\\/](hours|auto-close))\.ts`,
		// Shared only by lazy pieces (the home's hours and scanner, /hours, /checkin, the seed).
		String.raw`src[\\/]lib[\\/](domain[\\/](checkin-link|review|demo[\\/](seed|random))|ui[\\/](bill-text|hours-text|correction|qr-scan))\.ts`,
		String.raw`paraglide[\\/]messages[\\/](host|kiosk|poster|export|plan|review|settings)_`,
		String.raw`paraglide[\\/]messages[\\/](auth|onboard|join|space|rejected|action|invite|profile|account|sign_out|cancel|close)_?`,
		String.raw`paraglide[\\/]messages[\\/]sync_(details|last|never|retry|\w+_help|error)`
	].join('|')
);

// The variables SvelteKit's `$env/static/public` gives the build (`.env`, then the environment).
const publicEnv = loadEnv('production', process.cwd(), 'PUBLIC_');
const connectedBuild = Boolean(
	publicEnv.PUBLIC_SUPABASE_URL?.trim() && publicEnv.PUBLIC_SUPABASE_PUBLISHABLE_KEY?.trim()
);

export default defineConfig({
	define: { __COLLECTIF_CONNECTED__: JSON.stringify(connectedBuild) },
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// 'prompt': a new version waits until the user accepts the reload (never mid-action).
			registerType: 'prompt',
			injectRegister: false,
			strategies: 'generateSW',
			manifest: pwaManifest,
			manifestFilename: 'manifest.webmanifest',
			includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
			workbox: {
				globPatterns: ['client/**/*.{js,css,html,svg,png,webmanifest}', 'prerendered/**/*.html'],
				// Every route is the same client-rendered shell: serve `/` for any navigation offline.
				navigateFallback: '/',
				navigateFallbackDenylist: [/^\/rest\//, /^\/auth\//],
				cleanupOutdatedCaches: true
			}
		})
	],
	server: { host: '127.0.0.1' },
	build: {
		minify: process.env.BENCH_NO_MINIFY ? false : 'oxc',
		rolldownOptions: {
			output: {
				// Fewer first-load files: on a phone network each extra request waits for a round trip
				// (six connections per origin), which costs more than a few shared kilobytes.
				codeSplitting: {
					groups: [
						// supabase-js (~55 KB gzip) stays in its own lazy chunk: connected mode loads it
						// after the first paint.
						{
							name: 'vendor',
							test: /node_modules[\\/](?!workbox-window|@supabase|tslib|iceberg-js|qrcode|dijkstrajs|papaparse|rrule|ical-generator|uplot|valibot)/
						},
						// Code shared by several routes, except what only connected mode loads (lazily):
						// grouped here, it would be fetched at the first paint of the demo too. Messages
						// are all reachable through Paraglide's `m` barrel, so the group would take every
						// message: those of screens loaded on demand are left out by their prefix.
						{
							name: 'shared',
							test: (id: string) => sharedAppCode.test(id) && !lazyOnly.test(id),
							minShareCount: 2
						}
					]
				}
			}
		}
	},
	test: {
		expect: { requireAssertions: true },
		reporters: ['default', 'json'],
		outputFile: { json: 'test-results/vitest.json' },
		projects: [
			{
				extends: true,
				// Svelte's client runtime, so that runes and effects run in tests.
				resolve: { conditions: ['browser'] },
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
					setupFiles: ['tests/unit/setup.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'db',
					environment: 'node',
					include: ['tests/db/**/*.spec.ts'],
					globalSetup: ['tests/db/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			// Database measurements for `node scripts/bench/run.mjs` (scripts/bench/sync-database.mjs
			// sets COLLECTIF_BENCH); absent otherwise, so `vitest run` and `npm test` never run them.
			...(process.env.COLLECTIF_BENCH
				? [
						{
							extends: true as const,
							test: {
								name: 'db-bench',
								environment: 'node',
								include: ['tests/bench/**/*.measure.ts'],
								globalSetup: ['tests/db/global-setup.ts'],
								testTimeout: 600_000,
								hookTimeout: 60_000
							}
						},
						{
							// Pure computations (scripts/bench/participation-compute.mjs): no database.
							extends: true as const,
							test: {
								name: 'domain-bench',
								environment: 'node',
								include: ['tests/bench/**/*.compute.ts'],
								testTimeout: 600_000
							}
						}
					]
				: [])
		]
	}
});
