// Budget #16: first contentful paint of `/` opened offline, at 4x CPU slowdown, served by the
// service worker only. "Cold" means the worker is stopped before each navigation (DevTools
// `ServiceWorker.stopAllWorkers`), as after the phone has been idle: its start-up is part of the
// figure. The same navigation with the worker still running is reported alongside, so the cost
// of the worker's start-up can be read off. Also checks the moonshot of #19: the offline page
// shows the app, and every route opens offline from a deep link.
import { figure } from './budgets.mjs';
import { launchPersistentContext, openControlledPage } from './chromium.mjs';
import { throwIfInterrupted } from './cleanup.mjs';
import { findRoutePages } from './routes.mjs';
import { median, percentile } from './stats.mjs';

const CPU_SLOWDOWN = 4;
const TIMEOUT_MS = 15_000;

/**
 * Wait (up to a limit) until `main` shows something other than the layout's loading
 * placeholder, then describe what it shows. The app renders client-side only, so an empty or
 * still-loading `main` means the offline start failed even if something painted.
 * @param {import('@playwright/test').Page} page
 */
async function appState(page) {
	await page
		.waitForFunction(
			() => {
				const main = document.querySelector('main');
				return (
					!!main &&
					main.innerText.trim().length > 0 &&
					!main.querySelector(':scope > [aria-busy="true"]')
				);
			},
			null,
			{ timeout: TIMEOUT_MS }
		)
		.catch(() => {});
	return page.evaluate(() => {
		const main = document.querySelector('main');
		const text = main?.innerText.trim().replace(/\s+/g, ' ') ?? '';
		const failed = !!main?.querySelector('[role="alert"]');
		const loading = !!main?.querySelector(':scope > [aria-busy="true"]');
		return {
			shown: text.length > 0 && !failed && !loading,
			text: text.slice(0, 100),
			failed,
			loading,
			controlled: !!navigator.serviceWorker.controller
		};
	});
}

/**
 * One offline navigation to `url` in a new tab; FCP in seconds.
 * @param {import('@playwright/test').BrowserContext} context
 * @param {string} url
 * @param {{ stopWorker: boolean, throttle: boolean }} how
 */
async function offlineVisit(context, url, { stopWorker, throttle }) {
	const page = await context.newPage();
	try {
		const cdp = await context.newCDPSession(page);
		if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
		if (stopWorker) {
			await cdp.send('ServiceWorker.enable');
			await cdp.send('ServiceWorker.stopAllWorkers');
			await cdp.send('ServiceWorker.disable');
		}
		await page.goto(url, { timeout: TIMEOUT_MS });
		/** @type {number | null} */
		const fcpMs = await page
			.waitForFunction(
				() =>
					performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')
						?.startTime,
				null,
				{ timeout: TIMEOUT_MS }
			)
			.then((handle) => /** @type {Promise<number>} */ (handle.jsonValue()))
			.catch(() => null);
		return { fcp: fcpMs === null ? null : fcpMs / 1000, ...(await appState(page)) };
	} finally {
		await page.close();
	}
}

/** @param {number} seconds */
const round3 = (seconds) => Math.round(seconds * 1000) / 1000;

/** @type {import('./measurements.mjs').Measurement} */
export const offlineStart = {
	id: 'offline-start',
	title: `offline start of / at ${CPU_SLOWDOWN}x CPU`,
	needsServer: true,
	async run(ctx) {
		const runs = ctx.options.offlineRuns;
		const { context, close } = await launchPersistentContext();
		/** @type {string[]} */
		const warnings = [];
		try {
			// Online once, until an activated worker controls the page (it has precached the app).
			const first = context.pages()[0] ?? (await context.newPage());
			await openControlledPage(first, `${ctx.baseUrl}/`);
			await first.close();
			await context.setOffline(true);

			/** @type {Record<'cold' | 'warm', Awaited<ReturnType<typeof offlineVisit>>[]>} */
			const samples = { cold: [], warm: [] };
			for (let i = 0; i < runs; i++) {
				throwIfInterrupted();
				// Interleaved, so both series see the same machine noise, and in alternating order,
				// so neither always comes first. A warm visit always follows another visit, so the
				// worker is still running.
				/** @type {Array<'cold' | 'warm'>} */
				const order = i % 2 === 0 ? ['cold', 'warm'] : ['warm', 'cold'];
				for (const mode of order) {
					const visit = await offlineVisit(context, `${ctx.baseUrl}/`, {
						stopWorker: mode === 'cold',
						throttle: true
					});
					samples[mode].push(visit);
					ctx.log(
						`  ${mode} ${i + 1}/${runs}: FCP ${visit.fcp?.toFixed(3) ?? 'none'} s, app ${visit.shown ? 'shown' : 'NOT shown'}`
					);
				}
			}

			// Deep links offline, unthrottled: every route must come up from the worker.
			const routes = [];
			for (const { route } of await findRoutePages(ctx.buildDir)) {
				const visit = await offlineVisit(context, `${ctx.baseUrl}${route}`, {
					stopWorker: false,
					throttle: false
				}).catch((error) => ({ shown: false, text: String(error).slice(0, 100) }));
				routes.push({ route, shown: visit.shown, text: visit.text });
			}
			const failingRoutes = routes.filter((r) => !r.shown).map((r) => r.route);

			const coldFcp = samples.cold.map((s) => s.fcp).filter((f) => f !== null);
			const warmFcp = samples.warm.map((s) => s.fcp).filter((f) => f !== null);
			const allShown = samples.cold.every((s) => s.shown);
			const missing = samples.cold.length - coldFcp.length;
			if (missing > 0) warnings.push(`offline-start: ${missing} cold sample(s) never painted`);
			// A sample that never painted counts as a failure, not as a missing value.
			const complete = missing === 0 && coldFcp.length > 0;
			const n = `n=${coldFcp.length}`;
			return {
				figures: [
					figure('offline-fcp-median', complete ? round3(median(coldFcp)) : null, { note: n }),
					figure('offline-fcp-p95', complete ? round3(percentile(coldFcp, 95)) : null, {
						note: n
					}),
					figure('offline-fcp-warm-median', warmFcp.length ? round3(median(warmFcp)) : null, {
						note: `n=${warmFcp.length}`
					}),
					figure('offline-app-shown', allShown, {
						note: allShown
							? `main: "${samples.cold[0]?.text.slice(0, 40)}…"`
							: 'see details.samples'
					}),
					figure('offline-routes', failingRoutes.length, {
						note: failingRoutes.length
							? failingRoutes.join(', ')
							: `${routes.length} routes checked`
					})
				],
				details: { cpuSlowdown: CPU_SLOWDOWN, samples, routes },
				warnings
			};
		} finally {
			await close();
		}
	}
};
