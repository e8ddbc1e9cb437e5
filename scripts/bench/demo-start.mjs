// The demo's first visit, at 4x CPU: a fresh browser profile opens the home, the demo seeds its
// setup before the first screen and writes its history after it (state/demo.ts). Measured per
// visit (RUNS of them, each in a new context, so each is a first visit):
// - first screen: from navigation start until the check-in button is shown;
// - first tap: the check-in button is tapped as soon as it shows, and timed until the status
//   line says the member is present (the history is still being written at that moment: the
//   tap goes in between two of its steps);
// - history: the app's `demo-seed` measure (from the start of the seeding to the last step).
// Informational figures: no budget of ../shared/design/budgets.md names the first visit, and #7
// (a tap on a quiet page) is measured by checkin.mjs.
import { figure } from './budgets.mjs';
import { launchBrowser } from './chromium.mjs';
import { throwIfInterrupted } from './cleanup.mjs';
import { median } from './stats.mjs';

const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const BUTTON = '[data-testid="checkin-button"]';
const PRESENT = /Présent·e depuis|Here since/;

/** @param {number} value */
const round = (value) => Math.round(value);

/** @type {import('./measurements.mjs').Measurement} */
export const demoStart = {
	id: 'demo-start',
	title: `the demo's first visit at ${CPU_SLOWDOWN}x CPU`,
	needsServer: true,
	async run(ctx) {
		const runs = ctx.options.quick ? 3 : 7;
		const { browser, close } = await launchBrowser();
		/** @type {{ screen: number[], tap: number[], history: number[] }} */
		const samples = { screen: [], tap: [], history: [] };
		try {
			for (let run = 0; run < runs; run++) {
				throwIfInterrupted();
				const context = await browser.newContext({
					viewport: { width: 390, height: 844 },
					locale: 'fr-FR',
					serviceWorkers: 'block'
				});
				try {
					const page = await context.newPage();
					const cdp = await context.newCDPSession(page);
					await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
					await page.goto(`${ctx.baseUrl}/`);
					const button = page.locator(BUTTON);
					await button.waitFor({ state: 'visible', timeout: 60_000 });
					samples.screen.push(await page.evaluate(() => performance.now()));
					const tapped = Date.now();
					await button.click();
					await page.getByTestId('checkin-status').getByText(PRESENT).waitFor({ timeout: 60_000 });
					samples.tap.push(Date.now() - tapped);
					await page.waitForFunction(
						() => performance.getEntriesByName('demo-seed').length > 0,
						null,
						{ timeout: 120_000, polling: 250 }
					);
					samples.history.push(
						await page.evaluate(() => performance.getEntriesByName('demo-seed')[0].duration)
					);
				} finally {
					await context.close();
				}
			}
		} finally {
			await close();
		}
		const note = `${runs} first visits, each in a new browser context`;
		return {
			figures: [
				figure('demo-first-screen-median', round(median(samples.screen)), { note }),
				figure('demo-first-tap-median', round(median(samples.tap)), { note }),
				figure('demo-history-median', round(median(samples.history)), { note })
			],
			details: samples
		};
	}
};
