// Cross-check of the static figures of bundle-size.mjs: load each route in Chromium (service
// worker blocked, fresh cache) and sum the JS it actually receives, gzipped the same way.
// Chromium keeps loading after first paint (lazy chunks, idle work), so its figure may exceed
// the static one; a file the static analysis counts but the browser never loads would mean the
// analysis is wrong, and is reported as a warning.
import { figure } from './budgets.mjs';
import { analyseBundles, gzipSize, kB } from './bundle-size.mjs';
import { launchBrowser } from './chromium.mjs';

/** @type {import('./measurements.mjs').Measurement} */
export const bundleCrossCheck = {
	id: 'bundle-crosscheck',
	title: 'JS loaded in Chromium per route (cross-check)',
	needsServer: true,
	async run(ctx) {
		const analysis = await analyseBundles(ctx.buildDir);
		const { browser, close } = await launchBrowser();
		/** @type {string[]} */
		const warnings = [];
		const routes = [];
		try {
			for (const page of analysis.routes) {
				const context = await browser.newContext({ serviceWorkers: 'block' });
				try {
					const tab = await context.newPage();
					/** @type {Promise<{ file: string, gzip: number } | null>[]} */
					const bodies = [];
					tab.on('response', (response) => {
						const url = new URL(response.url());
						if (url.origin !== ctx.baseUrl) return;
						const isScript =
							response.request().resourceType() === 'script' || url.pathname.endsWith('.js');
						if (!isScript || !response.ok()) return;
						bodies.push(
							response.body().then(
								(body) => ({ file: url.pathname.slice(1), gzip: gzipSize(body) }),
								() => null
							)
						);
					});
					await tab.goto(`${ctx.baseUrl}${page.route}`, { waitUntil: 'networkidle' });
					const loaded = /** @type {{ file: string, gzip: number }[]} */ (
						(await Promise.all(bodies)).filter(Boolean)
					);
					const loadedFiles = new Set(loaded.map((l) => l.file));
					const staticFiles = new Set(page.js.files.map((f) => f.file));
					const notLoaded = [...staticFiles].filter((f) => !loadedFiles.has(f));
					const extra = [...loadedFiles].filter((f) => !staticFiles.has(f));
					if (notLoaded.length > 0) {
						warnings.push(
							`bundle-crosscheck ${page.route}: counted statically but not loaded: ${notLoaded.join(', ')}`
						);
					}
					routes.push({
						route: page.route,
						browserGzip: loaded.reduce((sum, l) => sum + l.gzip, 0),
						staticGzip: page.js.gzip,
						files: loaded.length,
						// Loaded after first paint (dynamic imports), or missed by the analysis.
						extra,
						notLoaded
					});
				} finally {
					await context.close();
				}
			}
		} finally {
			await close();
		}
		const home = routes[0];
		return {
			figures: home
				? [
						figure('js-browser', kB(home.browserGzip), {
							subject: home.route,
							note:
								`static ${kB(home.staticGzip)} kB` +
								(home.extra.length ? `; +${home.extra.length} files after first paint` : '')
						})
					]
				: [],
			details: { routes },
			warnings
		};
	}
};
