// Budgets #10 and #18 (host): the host's community view (/host/community) in the real built page,
// at 4x CPU (Chromium's `Emulation.setCPUThrottlingRate`), in demo mode, for a space of 300
// members with a year of activity; and the JS heap with that view open.
// - The year: tests/bench/synthetic-space.compute.ts (Vitest project `domain-bench`) writes
//   bench-results/synthetic-space-300.json, the synthetic space of the Node measurement (#11)
//   moved to end this week, as rows. They are put straight into the demo's IndexedDB once the
//   demo seeding is done (memberships in the demo space, contracts, rituals, proposals, visits,
//   sign-ups, attendance, welcomes, switches), and the host's kept log (`participationLogs`,
//   `participationSnapshots`) is cleared, so the first open builds it again from every row.
// - The figure: the app's `collectif:community` measure (CommunityScreen.svelte), from the start
//   of the view's read (`collectif:community-read`, participation-data.ts) to the effect after
//   its numbers are rendered: read + compute + render. First open (`community-view-first`, the
//   slow path: every row compacted once), then WARMUP + SAMPLES reloads (the kept snapshot
//   restored).
// - The heap: `Performance.getMetrics` JSHeapUsedSize after `HeapProfiler.collectGarbage`, with
//   the view open after the last reload. MB = 1,000,000 bytes.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { figure } from './budgets.mjs';
import { launchBrowser } from './chromium.mjs';
import { throwIfInterrupted } from './cleanup.mjs';
import { waitUntil } from './page-wait.mjs';
import { runVitest } from './participation-compute.mjs';
import { median, percentile } from './stats.mjs';

const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const WARMUP = 3;
const MEASURE = 'collectif:community';
/** Rows per `page.evaluate` (and per IndexedDB transaction) when injecting. */
const CHUNK = 10_000;
/** The slow path at 4x on a busy machine can take a while; reloads are much faster. */
const FIRST_TIMEOUT = 180_000;
const RELOAD_TIMEOUT = 60_000;

/** @param {number} value */
const round1 = (value) => Math.round(value * 10) / 10;

/** Whether the demo seeding has finished (its progress record in the `meta` store). */
async function seeded() {
	// Not before the app created it: opening a missing database would create an empty one.
	const names = (await indexedDB.databases()).map((info) => info.name);
	if (!names.includes('collectif-demo')) return false;
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		if (!db.objectStoreNames.contains('meta')) return false;
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

/**
 * Runs in the page: the demo space, a plan for the synthetic contracts (resident: no billing
 * surprises), and the sign-up rank counter the demo device numbers sign-ups from.
 */
async function demoContext() {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		/** @param {string} store @param {IDBValidKey} [key] @returns {Promise<any>} */
		const read = (store, key) =>
			new Promise((resolve, reject) => {
				const os = db.transaction(store).objectStore(store);
				const r = key === undefined ? os.getAll() : os.get(key);
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const spaces = await read('spaces');
		if (spaces.length !== 1) throw new Error(`expected one demo space, found ${spaces.length}`);
		const space = spaces[0];
		const plans = (await read('plans')).filter((/** @type {any} */ p) => p.spaceId === space.id);
		const plan = plans.find((/** @type {any} */ p) => p.kind === 'resident') ?? plans[0];
		if (!plan) throw new Error('no plan in the demo space');
		const rank = (await read('meta', 'signupRank'))?.value ?? 0;
		const counts = /** @type {Record<string, number>} */ ({});
		for (const store of ['memberships', 'visits', 'attendance', 'signups']) {
			counts[store] = await new Promise((resolve, reject) => {
				const r = db.transaction(store).objectStore(store).count();
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		}
		return {
			spaceId: space.id,
			timeZone: space.timeZone,
			plan: { id: plan.id, kind: plan.kind, rules: plan.rules },
			rank,
			counts
		};
	} finally {
		db.close();
	}
}

/**
 * Runs in the page: puts rows (already in their stored shape) into one store, in one transaction.
 * @param {{ store: string, rows: object[] }} batch
 */
async function putRows({ store, rows }) {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		const tx = db.transaction(store, 'readwrite');
		const os = tx.objectStore(store);
		for (const row of rows) os.put(row);
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
		return rows.length;
	} finally {
		db.close();
	}
}

/**
 * Runs in the page, after the injection: the rank counter moved past the injected sign-ups, and
 * the host's kept log gone (rows were written around the journal of changed facts).
 * @param {{ rank: number }} options
 */
async function finishInjection({ rank }) {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		const stores = ['meta', 'participationLogs', 'participationSnapshots'];
		const tx = db.transaction(stores, 'readwrite');
		tx.objectStore('meta').put({ key: 'signupRank', value: rank });
		tx.objectStore('participationLogs').clear();
		tx.objectStore('participationSnapshots').clear();
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

/**
 * Runs in the page: whether the host's kept log of the space has been saved (after the first
 * open, before the reloads, so that they restore it rather than build it again).
 * @param {string} spaceId
 */
async function logSaved(spaceId) {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		const head = await new Promise((resolve, reject) => {
			const r = db.transaction('participationLogs').objectStore('participationLogs').get(spaceId);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		return head !== undefined;
	} finally {
		db.close();
	}
}

/**
 * Runs in the page: one check-in since the view was last open, as the app writes it (the visit
 * and, in the same transaction, its entry in the journal of changed facts).
 * @param {{ visit: object & { id: string }, spaceId: string }} options
 */
async function checkInSince({ visit, spaceId }) {
	const request = indexedDB.open('collectif-demo');
	/** @type {IDBDatabase} */
	const db = await new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
	try {
		const tx = db.transaction(['visits', 'factChanges'], 'readwrite');
		tx.objectStore('visits').put(visit);
		tx.objectStore('factChanges').add({ spaceId, table: 'visits', id: visit.id });
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

/**
 * The synthetic rows in their stored shape, for the demo space: no `pending` (server rows), no
 * `openOf` (every visit is closed), the space id in every row and in the ids that embed it.
 * @param {any} data the JSON of tests/bench/synthetic-space.compute.ts
 * @param {Awaited<ReturnType<typeof demoContext>>} demo
 * @returns {Array<[string, object[]]>} store and rows, in the order they are put
 */
function storedRows(data, demo) {
	const { spaceId, plan } = demo;
	const rows = data.rows;
	/** @param {object} row */
	const inSpace = (row) => ({ ...row, spaceId });
	return [
		[
			'memberships',
			rows.people.map((/** @type {any} */ p) => ({
				id: `${spaceId}:${p.userId}`,
				spaceId,
				userId: p.userId,
				displayName: p.displayName,
				role: p.role,
				showPresence: false
			}))
		],
		[
			'contracts',
			rows.contracts.map((/** @type {any} */ c) => ({
				id: c.id,
				spaceId,
				userId: c.userId,
				planId: plan.id,
				kind: plan.kind,
				startsOn: c.startsOn,
				expiresOn: null,
				minutesGranted: null,
				rules: plan.rules
			}))
		],
		['rituals', rows.rituals.map(inSpace)],
		['proposals', rows.proposals.map(inSpace)],
		['visits', rows.visits.map(inSpace)],
		[
			'signups',
			rows.signups.map((/** @type {any} */ s) => ({
				...s,
				spaceId,
				rank: s.rank + demo.rank,
				roleRank: s.roleRank + demo.rank
			}))
		],
		['attendance', rows.attendance.map(inSpace)],
		['welcomes', rows.welcomes.map(inSpace)],
		[
			'participationPrefs',
			rows.prefs.map((/** @type {any} */ p) => ({ id: `${spaceId}:${p.userId}`, spaceId, ...p }))
		]
	];
}

/** @type {import('./measurements.mjs').Measurement} */
export const communityView = {
	id: 'community-view',
	title: `host's community view, 300 members x 1 year, at ${CPU_SLOWDOWN}x CPU, and its heap (budgets #10, #18)`,
	needsServer: true,
	async run(ctx) {
		const samples = ctx.options.quick ? 10 : 30;
		const file = path.join(ctx.resultsDir, 'synthetic-space-300.json');
		await rm(file, { force: true });
		const { code, output } = await runVitest(ctx.root, { COLLECTIF_BENCH: '1' }, [
			'tests/bench/synthetic-space.compute.ts'
		]);
		if (code !== 0) {
			throw new Error(
				`the synthetic space was not written (exit ${code}):\n${output.slice(-3000)}`
			);
		}
		const data = JSON.parse(await readFile(file, 'utf8'));
		throwIfInterrupted();

		/** @type {string[]} */
		const warnings = [];
		/** @type {string[]} */
		const pageErrors = [];
		const { browser, close } = await launchBrowser();
		try {
			const context = await browser.newContext({
				viewport: { width: 390, height: 844 },
				locale: 'fr-FR',
				serviceWorkers: 'block'
			});
			await context.addInitScript(() => localStorage.setItem('collectif.persona', 'host'));
			const page = await context.newPage();
			page.on('pageerror', (error) => pageErrors.push(error.message));
			page.on('console', (message) => {
				if (message.type() === 'error') pageErrors.push(message.text());
			});

			// The demo seeds itself on the first visit; its history is written after the first screen.
			await page.goto(`${ctx.baseUrl}/`);
			await waitUntil(page, seeded, null, { timeout: 60_000, what: 'the demo seeding' });
			await page.waitForTimeout(500);
			const demo = await page.evaluate(demoContext);
			if (demo.timeZone !== data.timeZone) {
				warnings.push(
					`community-view: the demo space's zone (${demo.timeZone}) is not the synthetic one (${data.timeZone})`
				);
			}
			const injectStarted = performance.now();
			/** @type {Record<string, number>} */
			const injected = {};
			for (const [store, rows] of storedRows(data, demo)) {
				for (let i = 0; i < rows.length; i += CHUNK) {
					throwIfInterrupted();
					await page.evaluate(putRows, { store, rows: rows.slice(i, i + CHUNK) });
				}
				injected[store] = rows.length;
			}
			await page.evaluate(finishInjection, { rank: demo.rank + data.rows.signups.length });
			const injectSeconds = round1((performance.now() - injectStarted) / 1000);
			const total = Object.values(injected).reduce((sum, n) => sum + n, 0);
			ctx.log(`bench: community-view: ${total} rows injected in ${injectSeconds} s`);

			const cdp = await context.newCDPSession(page);
			const url = `${ctx.baseUrl}/host/community`;
			/**
			 * Opens (or reloads) the view and returns its measure, with when the read started
			 * (from the navigation: the app's own start).
			 * @param {'goto' | 'reload'} how
			 * @param {number} timeout
			 */
			const open = async (how, timeout) => {
				// Again before every load: the rate must hold whatever renderer the load ends up in.
				await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
				if (how === 'goto') await page.goto(url);
				else await page.reload();
				const found = await page.waitForFunction(
					(name) => {
						const entry = performance.getEntriesByName(name, 'measure')[0];
						if (entry) {
							const at = (/** @type {string} */ mark) =>
								performance.getEntriesByName(`collectif:community-${mark}`, 'mark')[0]?.startTime ??
								NaN;
							const read = entry.startTime;
							return {
								duration: entry.duration,
								readAt: read,
								// Phases: the kept log read; the other reads and the query's return;
								// today's reading computed; rendered (to the effect after it).
								phases: {
									log: at('log') - read,
									wait: at('compute') - at('log'),
									compute: at('computed') - at('compute'),
									render: at('ready') - at('computed')
								}
							};
						}
						return document.querySelector('main [role="alert"]') ? { failed: true } : null;
					},
					MEASURE,
					{ timeout, polling: 100 }
				);
				const result = await found.jsonValue();
				if (!result || 'failed' in result) {
					throw new Error(`the community view showed an error: ${pageErrors.join(' | ')}`);
				}
				return result;
			};

			const first = await open('goto', FIRST_TIMEOUT);
			ctx.log(`bench: community-view: first open ${round1(first.duration)} ms`);
			// The first open saves the log it built after the view is up: reloads must find it.
			await waitUntil(page, logSaved, demo.spaceId, {
				timeout: 120_000,
				what: 'the community log to be saved'
			});
			await page.waitForTimeout(500);

			/** @type {number[]} */
			const durations = [];
			/** @type {number[]} */
			const readAt = [];
			/** @type {Record<string, number[]>} */
			const phases = { log: [], wait: [], compute: [], render: [] };
			for (let i = 0; i < WARMUP + samples; i++) {
				throwIfInterrupted();
				const sample = await open('reload', RELOAD_TIMEOUT);
				if (i >= WARMUP) {
					durations.push(round1(sample.duration));
					readAt.push(round1(sample.readAt));
					for (const [name, value] of Object.entries(sample.phases)) phases[name]?.push(value);
				}
				// Each load from a quiet page, as a host opens the view once.
				await page.waitForTimeout(250);
			}

			// The same, with one check-in since the last open (the common case: the kept log takes
			// the change, and its derived index is built again).
			/** @type {number[]} */
			const changed = [];
			const lastVisit = data.rows.visits.at(-1);
			for (let i = 0; i < WARMUP + samples; i++) {
				throwIfInterrupted();
				const visit = {
					...lastVisit,
					id: `bench-checkin-${i}`,
					spaceId: demo.spaceId,
					startedAt: new Date(Date.now() - 3_600_000).toISOString(),
					endedAt: null
				};
				await page.evaluate(checkInSince, { visit, spaceId: demo.spaceId });
				const sample = await open('reload', RELOAD_TIMEOUT);
				if (i >= WARMUP) changed.push(round1(sample.duration));
				// Its save done, as when a host comes back later.
				await page.waitForTimeout(750);
			}
			ctx.log(
				`bench: community-view: after a check-in, median ${round1(median(changed))} ms, p95 ${round1(percentile(changed, 95))} ms`
			);

			const phaseMedians = Object.fromEntries(
				Object.entries(phases).map(([name, values]) => [name, round1(median(values))])
			);
			ctx.log(`bench: community-view: phase medians (ms) ${JSON.stringify(phaseMedians)}`);
			// BENCH_PROFILE=<file>: a CPU profile of one more reload after a check-in (open it in
			// DevTools; `BENCH_NO_MINIFY=1 npm run build` first keeps the functions' names).
			const profileFile = process.env.BENCH_PROFILE;
			if (profileFile) {
				const visit = { ...lastVisit, id: 'bench-checkin-profiled', spaceId: demo.spaceId };
				await page.evaluate(checkInSince, { visit, spaceId: demo.spaceId });
				await cdp.send('Profiler.enable');
				await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
				await cdp.send('Profiler.start');
				await open('reload', RELOAD_TIMEOUT);
				const { profile } = await cdp.send('Profiler.stop');
				await writeFile(profileFile, JSON.stringify(profile));
				ctx.log(`bench: community-view: CPU profile of one reload in ${profileFile}`);
			}

			// What was measured is the view with its numbers, not its empty state.
			const shown = await page.evaluate(() => ({
				summary: document.querySelector('[data-testid="community-summary"]') !== null,
				empty: document.querySelector('[data-testid="community-empty"]') !== null,
				members:
					document
						.querySelector('[data-testid="community-summary"] .members')
						?.textContent?.trim() ?? null
			}));
			if (!shown.summary || shown.empty) {
				warnings.push(`community-view: the view shows no data (${JSON.stringify(shown)})`);
			}

			// The heap with the view open, after a full collection.
			await page.waitForTimeout(1000);
			await cdp.send('HeapProfiler.enable');
			await cdp.send('HeapProfiler.collectGarbage');
			await cdp.send('Performance.enable');
			const { metrics } = await cdp.send('Performance.getMetrics');
			const metric = (/** @type {string} */ name) =>
				metrics.find((m) => m.name === name)?.value ?? null;
			const heapUsed = metric('JSHeapUsedSize');
			const heapTotal = metric('JSHeapTotalSize');
			const heapMB = heapUsed === null ? null : Math.round(heapUsed / 10_000) / 100;

			const rowsNote =
				`${total} rows injected (${injected.visits} visits, ${injected.attendance} attendance, ` +
				`${injected.signups} sign-ups, ${injected.memberships} memberships, ` +
				`${injected.rituals} rituals; facts ${data.start} to ${data.end}) on top of the demo's`;
			const note = `${durations.length} reloads after ${WARMUP} warm-up; ${rowsNote}`;
			if (pageErrors.length > 0) {
				warnings.push(`community-view: ${pageErrors.length} page errors, first: ${pageErrors[0]}`);
			}
			if (heapUsed === null) warnings.push('community-view: no JSHeapUsedSize metric');
			return {
				figures: [
					figure('community-view-median', round1(median(durations)), { note }),
					figure('community-view-p95', round1(percentile(durations, 95)), { note }),
					figure('community-view-changed-p95', round1(percentile(changed, 95)), {
						note: `${changed.length} reloads, each after one check-in written since the last (the kept log takes it, its index is built again); ${rowsNote}`
					}),
					figure('community-view-first', round1(first.duration), {
						note: `one open, the kept log built from every row; ${rowsNote}`
					}),
					figure('heap-host-view', heapMB, {
						note: `after HeapProfiler.collectGarbage, /host/community open after the last reload; ${rowsNote}`
					})
				],
				details: {
					cpuSlowdown: CPU_SLOWDOWN,
					warmup: WARMUP,
					samples: durations,
					changedSamples: changed,
					readStartedAt: readAt,
					phaseMedians,
					first: { duration: round1(first.duration), readStartedAt: round1(first.readAt) },
					heap: { usedBytes: heapUsed, totalBytes: heapTotal },
					shown,
					injected,
					injectSeconds,
					demoRowsBefore: demo.counts,
					synthetic: {
						members: data.members,
						days: data.days,
						seed: data.seed,
						start: data.start,
						end: data.end,
						today: data.today,
						shiftDays: data.shiftDays,
						counts: data.counts
					},
					pageErrors: pageErrors.slice(0, 20)
				},
				warnings
			};
		} finally {
			await close();
		}
	}
};
