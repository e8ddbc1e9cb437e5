// Budgets #7, #8 and #9: the check-in tap and the member's hours, in the real built page, at 4x
// CPU (Chromium's `Emulation.setCPUThrottlingRate`), in demo mode.
// - tap → persisted: from the tap's `pointerdown` to the app's User Timing mark
//   `collectif:persisted`, set when the local transaction (rows + outbox) has committed;
// - tap → next paint: from the same `pointerdown` to the end of the first frame that shows the new
//   state (the status line's text changed: a `requestAnimationFrame` after the DOM change, then a
//   task, so the frame has been produced);
// - the member's balance and history: the app's `collectif:member-hours` measures (read from
//   IndexedDB + billed + drawn), taken while the screens re-read after each tap. Before measuring,
//   the persona is given a year of past visits (~240), so the query reads a realistic history.
// Samples: TAPS taps (check in and out in turn), after WARMUP unmeasured ones.
import { figure } from './budgets.mjs';
import { launchBrowser } from './chromium.mjs';
import { throwIfInterrupted } from './cleanup.mjs';
import { waitUntil } from './page-wait.mjs';
import { median, percentile } from './stats.mjs';

const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const TAPS = 40;
const WARMUP = 4;
const BUTTON = '[data-testid="checkin-button"]';
const STATUS = '[data-testid="checkin-status"]';
/**
 * The demo's resident persona, Malik (src/lib/domain/demo/people.ts): unlimited hours, so a year
 * of extra visits never puts him past the overdraft limit (where a check-in first asks to see a
 * host, which would not be one tap).
 */
const RESIDENT = { key: 'resident', id: 'b7a4f3d0-1c8e-4d2a-8f61-0a1b2c3d4e03' };

/** @param {number} value */
const round1 = (value) => Math.round(value * 10) / 10;

/**
 * Adds past visits straight into the demo database (raw IndexedDB, whatever its version), for
 * the persona whose home is open: one visit on most weekdays of the past year.
 * @param {{ days: number, userId: string }} options
 */
async function addYearOfVisits({ days, userId }) {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	const read = (store, key) =>
		new Promise((resolve, reject) => {
			const r = db.transaction(store).objectStore(store).get(key);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
	const all = await new Promise((resolve, reject) => {
		const r = db.transaction('spaces').objectStore('spaces').getAll();
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
	const space = /** @type {Array<{ id: string }>} */ (all)[0];
	if (!space || !(await read('memberships', `${space.id}:${userId}`))) {
		throw new Error('no demo space or persona to add visits to');
	}
	const tx = db.transaction('visits', 'readwrite');
	const store = tx.objectStore('visits');
	const day = 24 * 3600_000;
	let added = 0;
	for (let n = 60; n < days; n++) {
		const date = new Date(Date.now() - n * day);
		if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
		date.setUTCHours(8, (n * 7) % 60, 0, 0);
		const end = new Date(date.getTime() + (90 + ((n * 37) % 300)) * 60_000);
		store.put({
			id: `bench-${n}-0000-4000-8000-000000000000`.slice(0, 36),
			spaceId: space.id,
			userId,
			startedAt: date.toISOString(),
			endedAt: end.toISOString(),
			autoClosed: false,
			flagged: false,
			reviewed: false
		});
		added++;
	}
	await new Promise((resolve, reject) => {
		tx.oncomplete = resolve;
		tx.onerror = () => reject(tx.error);
	});
	db.close();
	return added;
}

/** Whether the demo seeding has finished (its progress record in the `meta` store). */
async function seeded() {
	const request = indexedDB.open('collectif-demo');
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		const progress = await new Promise((resolve, reject) => {
			const r = db.transaction('meta').objectStore('meta').get('demoSeed');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		return progress?.value?.complete === true;
	} finally {
		db.close();
	}
}

/** Installs the probe that times each tap in the page. */
function installProbe({ button, status }) {
	/** @type {{ persisted: number[], painted: number[], taps: number }} */
	const probe = { persisted: [], painted: [], taps: 0 };
	/** @type {{ at: number, text: string, persisted: boolean, painted: boolean } | null} */
	let tap = null;
	const statusText = () => document.querySelector(status)?.textContent?.trim() ?? '';
	document.addEventListener(
		'pointerdown',
		(event) => {
			if (!(event.target instanceof Element) || !event.target.closest(button)) return;
			tap = { at: event.timeStamp, text: statusText(), persisted: false, painted: false };
			probe.taps++;
		},
		true
	);
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.name !== 'collectif:persisted' || !tap || tap.persisted) continue;
			tap.persisted = true;
			probe.persisted.push(entry.startTime - tap.at);
		}
	}).observe({ type: 'mark' });
	new MutationObserver(() => {
		const current = tap;
		if (!current || current.painted || statusText() === current.text) return;
		current.painted = true;
		requestAnimationFrame(() =>
			setTimeout(() => probe.painted.push(performance.now() - current.at), 0)
		);
	}).observe(document.body, { subtree: true, childList: true, characterData: true });
	Object.assign(window, { __checkinProbe: probe });
}

/** @type {import('./measurements.mjs').Measurement} */
export const checkinTap = {
	id: 'checkin',
	title: `check-in tap and member hours at ${CPU_SLOWDOWN}x CPU`,
	needsServer: true,
	async run(ctx) {
		const { browser, close } = await launchBrowser();
		try {
			const context = await browser.newContext({
				viewport: { width: 390, height: 844 },
				locale: 'fr-FR',
				serviceWorkers: 'block'
			});
			await context.addInitScript((persona) => {
				localStorage.setItem('collectif.persona', persona);
			}, RESIDENT.key);
			const page = await context.newPage();
			const ready = async () => {
				await page.goto(`${ctx.baseUrl}/`);
				await page.locator(BUTTON).waitFor({ state: 'visible', timeout: 30_000 });
				// The demo history is written after the first screen: wait for the seeding to end.
				await waitUntil(page, seeded, null, { timeout: 60_000, what: 'the demo seeding' });
				await page.waitForTimeout(500);
			};
			await ready();
			const added = await page.evaluate(addYearOfVisits, { days: 365, userId: RESIDENT.id });
			await ready();
			throwIfInterrupted();
			const cdp = await context.newCDPSession(page);
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
			await page.evaluate(() => performance.clearMeasures('collectif:member-hours'));
			await page.evaluate(installProbe, { button: BUTTON, status: STATUS });
			for (let i = 0; i < WARMUP + TAPS; i++) {
				throwIfInterrupted();
				await page.locator(BUTTON).click();
				await page.waitForFunction(
					(n) => {
						const probe = /** @type {any} */ (window).__checkinProbe;
						return probe.persisted.length >= n && probe.painted.length >= n;
					},
					i + 1,
					{ timeout: 15_000 }
				);
				// Let the screens' re-reads settle (they are what the hours figure samples): each tap
				// is measured from a quiet page, as a person taps once on arrival and once on leaving.
				await page.waitForTimeout(1000);
			}
			const probe = await page.evaluate(() => /** @type {any} */ (window).__checkinProbe);
			const hours = await page.evaluate(() =>
				performance.getEntriesByName('collectif:member-hours').map((entry) => entry.duration)
			);
			const persisted = probe.persisted.slice(WARMUP);
			const painted = probe.painted.slice(WARMUP);
			const note = `${persisted.length} taps after ${WARMUP} warm-up, ${added} extra past visits`;
			const hoursNote = `${hours.length} reads (each re-read after a tap), ${added} extra past visits`;
			return {
				figures: [
					figure('tap-persisted-median', round1(median(persisted)), { note }),
					figure('tap-persisted-p95', round1(percentile(persisted, 95)), { note }),
					figure('tap-paint-median', round1(median(painted)), { note }),
					figure('tap-paint-p95', round1(percentile(painted, 95)), { note }),
					figure('hours-query-p95', hours.length ? round1(percentile(hours, 95)) : null, {
						note: hoursNote
					})
				],
				details: { persisted, painted, hours, added },
				warnings: hours.length < 30 ? [`only ${hours.length} member-hours reads`] : []
			};
		} finally {
			await close();
		}
	}
};
