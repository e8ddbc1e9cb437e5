import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { chromiumFlags, chromiumPath } from './scripts/chromium.mjs';

// Browsers cannot be downloaded here: tests drive the system's Chromium (Debian's `chromium`).
const executablePath = chromiumPath;
if (!existsSync(executablePath)) {
	console.error(
		`\nNo Chromium at ${executablePath}.\n` +
			'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH\n' +
			'at a Chromium or Chrome binary. Do not run `npx playwright install`: it downloads browsers.\n'
	);
	process.exit(1);
}

const port = Number(process.env.E2E_PORT ?? 4173);
// The connected build (`npm run build:connected`), talking to a faked Supabase edge and a real
// Postgres (tests/e2e/connected, docs/testing-connected.md).
const connectedPort = Number(process.env.E2E_CONNECTED_PORT ?? 4174);

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/e2e',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: [
		['list'],
		['json', { outputFile: 'test-results/playwright.json' }],
		...(process.env.CI ? [] : [['html', { open: 'never' }] as const])
	],
	timeout: 30_000,
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		...devices['Pixel 7'],
		browserName: 'chromium',
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			// The browser's own language too (date and time fields follow it, not the page's).
			args: [...chromiumFlags, '--lang=fr-FR']
		}
	},
	projects: [
		{ name: 'demo', testIgnore: 'connected/**' },
		{
			name: 'connected',
			testDir: 'tests/e2e/connected',
			// Two devices, a database and sync round trips per test.
			timeout: 60_000,
			use: { baseURL: `http://127.0.0.1:${connectedPort}` }
		}
	],
	webServer: [
		{
			// Serves the production build (`npm run build` first): the service worker only exists there.
			command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
			url: `http://127.0.0.1:${port}`,
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		},
		{
			// A plain static server, as a static host would serve the connected build.
			command: `node scripts/serve-static.mjs .tmp/build-connected ${connectedPort}`,
			url: `http://127.0.0.1:${connectedPort}`,
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		}
	]
});
