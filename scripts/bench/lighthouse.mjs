// Budgets #3-6: Lighthouse 12, default mobile profile (simulated throttling: slow 4G, 4x CPU),
// performance category only. Each run gets a fresh Chrome, so no run inherits another's caches,
// service worker or JIT warm-up; Lighthouse also resets storage before loading, so every run is
// a first visit. Medians per route; the report of the median run is kept for inspection.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { figure } from './budgets.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';
import { onCleanup, onExitKill, throwIfInterrupted } from './cleanup.mjs';
import { findRoutePages } from './routes.mjs';
import { indexNearestMedian, max, median, min } from './stats.mjs';

/** The main routes of budget #3 (/host is the host's dashboard, measured by its own budgets). */
export const LIGHTHOUSE_ROUTES = ['/', '/rituals', '/hours', '/community', '/me'];

/**
 * @typedef {object} RunFigures
 * @property {number} score 0-100, as Lighthouse displays it
 * @property {number} lcp seconds
 * @property {number} tbt milliseconds
 * @property {number} cls
 * @property {number} fcp seconds
 * @property {number} si seconds (Speed Index)
 */

/**
 * One Lighthouse run in its own Chrome.
 * @param {string} url
 * @returns {Promise<{ figures: RunFigures, benchmarkIndex: number | null, runWarnings: string[], lhr: any }>}
 */
async function lighthouseOnce(url) {
	const [{ default: lighthouse }, { Launcher }] = await Promise.all([
		import('lighthouse'),
		import('chrome-launcher')
	]);
	// The Launcher class rather than chrome-launcher's launch(): its kill() is synchronous and
	// can be registered before Chrome starts, so an interruption while Chrome is starting up
	// does not leave it running (chrome-launcher's own Ctrl-C handling is left off).
	const chrome = new Launcher({
		chromePath: CHROMIUM_PATH,
		chromeFlags: CHROMIUM_FLAGS,
		logLevel: 'silent'
	});
	const kill = () => chrome.kill();
	const unregister = onCleanup(kill);
	const forget = onExitKill(kill);
	try {
		await chrome.launch();
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance']
		});
		const lhr = result?.lhr;
		if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
		if (lhr.runtimeError)
			throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
		const score = lhr.categories.performance?.score;
		if (typeof score !== 'number')
			throw new Error(`Lighthouse gave no performance score for ${url}`);
		/** @param {string} id */
		const metric = (id) => {
			const value = lhr.audits[id]?.numericValue;
			if (typeof value !== 'number') throw new Error(`Lighthouse: no ${id} for ${url}`);
			return value;
		};
		return {
			figures: {
				score: Math.round(score * 100),
				lcp: metric('largest-contentful-paint') / 1000,
				tbt: metric('total-blocking-time'),
				cls: metric('cumulative-layout-shift'),
				fcp: metric('first-contentful-paint') / 1000,
				si: metric('speed-index') / 1000
			},
			// Lighthouse's own measure of this machine's speed; warnings say e.g. the host was
			// too slow or busy for the simulation to be trusted.
			benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
			runWarnings: lhr.runWarnings ?? [],
			lhr
		};
	} finally {
		unregister();
		chrome.kill();
		forget();
	}
}

/** @param {string} route */
const slug = (route) => (route === '/' ? 'home' : route.replace(/^\//, '').replace(/\W+/g, '-'));

/** Attempts per run: on a busy machine Lighthouse now and then sees no paint (NO_FCP). */
const ATTEMPTS = 3;

/**
 * One run, retried: a failed attempt is a warning, three in a row an error.
 * @param {string} url
 * @param {(message: string) => void} warn
 */
async function lighthouseWithRetries(url, warn) {
	for (let attempt = 1; ; attempt++) {
		throwIfInterrupted();
		try {
			return await lighthouseOnce(url);
		} catch (error) {
			throwIfInterrupted();
			const message = error instanceof Error ? error.message : String(error);
			if (attempt >= ATTEMPTS) {
				throw new Error(`${ATTEMPTS} attempts failed, last: ${message}`, { cause: error });
			}
			warn(`attempt ${attempt} failed, retried: ${message}`);
		}
	}
}

/** The five figures of one route; all null when it could not be measured. */
const ROUTE_KINDS = ['lh-score-median', 'lh-score-min', 'lh-lcp', 'lh-tbt', 'lh-cls'];

/**
 * `runs` runs of one route, and its figures.
 * @param {import('./measurements.mjs').BenchContext} ctx
 * @param {string} route
 * @param {string} reportsDir
 */
async function measureRoute(ctx, route, reportsDir) {
	const runs = ctx.options.runs;
	/** @type {RunFigures[]} */
	const samples = [];
	/** @type {any[]} */
	const reports = [];
	/** @type {number[]} */
	const benchmarkIndexes = [];
	/** @type {Map<string, number>} warning → in how many runs */
	const runWarnings = new Map();
	/** @param {string} w */
	const warn = (w) => runWarnings.set(w, (runWarnings.get(w) ?? 0) + 1);
	for (let i = 0; i < runs; i++) {
		const run = await lighthouseWithRetries(`${ctx.baseUrl}${route}`, warn);
		const f = run.figures;
		samples.push(f);
		reports.push(run.lhr);
		if (run.benchmarkIndex !== null) benchmarkIndexes.push(run.benchmarkIndex);
		run.runWarnings.forEach(warn);
		ctx.log(
			`  ${route} run ${i + 1}/${runs}: ${f.score} (LCP ${f.lcp.toFixed(2)} s, TBT ${Math.round(f.tbt)} ms, CLS ${f.cls.toFixed(3)})`
		);
	}
	const warnings = [...runWarnings].map(
		([w, count]) => `lighthouse ${route} (${count}× in ${runs} runs): ${w}`
	);
	const scores = samples.map((s) => s.score);
	const medianRun = indexNearestMedian(scores);
	const reportFile = path.join(reportsDir, `${slug(route)}.json`);
	await writeFile(reportFile, JSON.stringify(reports[medianRun]));
	/** @param {(s: RunFigures) => number} pick */
	const med = (pick) => median(samples.map(pick));
	const subject = route;
	return {
		figures: [
			figure(
				'lh-score-median',
				med((s) => s.score),
				{ subject, note: `n=${runs}` }
			),
			figure('lh-score-min', min(scores), { subject }),
			figure('lh-lcp', Math.round(med((s) => s.lcp) * 100) / 100, { subject }),
			figure('lh-tbt', Math.round(med((s) => s.tbt)), { subject }),
			figure('lh-cls', Math.round(med((s) => s.cls) * 10000) / 10000, { subject })
		],
		detail: {
			route,
			samples,
			medianReport: path.relative(ctx.root, reportFile),
			benchmarkIndexes,
			lighthouseVersion: reports[medianRun]?.lighthouseVersion
		},
		warnings
	};
}

/** @type {import('./measurements.mjs').Measurement} */
export const lighthouseMobile = {
	id: 'lighthouse',
	title: 'Lighthouse mobile, performance',
	needsServer: true,
	async run(ctx) {
		const built = new Set((await findRoutePages(ctx.buildDir)).map((p) => p.route));
		const routes = LIGHTHOUSE_ROUTES.filter((r) => built.has(r));
		/** @type {string[]} */
		const warnings = LIGHTHOUSE_ROUTES.filter((r) => !built.has(r)).map(
			(r) => `lighthouse: route ${r} is not in the build, skipped`
		);
		/** @type {string[]} */
		const errors = [];
		const reportsDir = path.join(ctx.resultsDir, 'lighthouse');
		await mkdir(reportsDir, { recursive: true });

		const figures = [];
		const details = [];
		for (const route of routes) {
			try {
				const result = await measureRoute(ctx, route, reportsDir);
				figures.push(...result.figures);
				details.push(result.detail);
				warnings.push(...result.warnings);
			} catch (error) {
				throwIfInterrupted();
				// One route that cannot be measured must not cost the other routes' figures.
				errors.push(`${route}: ${error instanceof Error ? error.message : error}`);
				figures.push(...ROUTE_KINDS.map((kind) => figure(kind, null, { subject: route })));
			}
		}
		const indexes = details.flatMap((d) => d.benchmarkIndexes);
		if (indexes.length > 0) {
			figures.push(
				figure('lh-benchmark-index', Math.round(median(indexes)), {
					note: `${Math.round(min(indexes))}-${Math.round(max(indexes))} over ${indexes.length} runs`
				})
			);
		}
		return { figures, details: { runs: ctx.options.runs, routes: details }, warnings, errors };
	}
};
