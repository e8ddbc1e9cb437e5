// `npm run bench`: build the app, serve it with `vite preview`, run every measurement of the
// registry (measurements.mjs) and report the figures against the performance budgets, as a
// table on stdout and as bench-results/latest.json. Progress goes to stderr.
// See docs/benchmarks.md for what each figure means.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS } from './budgets.mjs';
import { buildApp, buildFingerprint, snapshotBuild } from './build.mjs';
import { installCleanupHooks, interrupted, runCleanup, throwIfInterrupted } from './cleanup.mjs';
import { gitInfo, machineInfo } from './environment.mjs';
import { MEASUREMENTS } from './measurements.mjs';
import { parseOptions, USAGE } from './options.mjs';
import { startPreview } from './preview-server.mjs';
import { formatSummary, formatTable, summarize, writeResults } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = path.join(ROOT, 'build');
const RESULTS_DIR = path.join(ROOT, 'bench-results');

/** @param {string} message */
const log = (message) => console.error(message);

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @param {import('./measurements.mjs').BenchOptions} options
 * @returns {Promise<number>} the exit code
 */
async function main(options) {
	const started = performance.now();
	const date = new Date().toISOString();
	await mkdir(RESULTS_DIR, { recursive: true });
	const [git, machine] = await Promise.all([gitInfo(ROOT), machineInfo(ROOT)]);

	/** @type {{ ran: boolean, attempts?: number, seconds?: number, log?: string }} */
	let build = { ran: false };
	if (options.build) {
		log('bench: npm run build…');
		const result = await buildApp(ROOT, path.join(RESULTS_DIR, 'build.log'), log);
		build = {
			ran: true,
			attempts: result.attempts,
			seconds: Math.round(result.seconds * 10) / 10,
			log: path.relative(ROOT, result.log)
		};
		log(`bench: built in ${result.seconds.toFixed(1)} s`);
	}
	if (!(await buildFingerprint(BUILD_DIR))) {
		throw new Error(`no build in ${BUILD_DIR}: run without --no-build`);
	}
	// Every measurement reads and serves this private copy, never build/ itself (see build.mjs).
	const snapshot = await snapshotBuild(BUILD_DIR);
	const fingerprint = snapshot.fingerprint;

	const selected = MEASUREMENTS.filter(
		(m) => (options.only === null || options.only.includes(m.id)) && !options.skip.includes(m.id)
	);
	/** @type {import('./preview-server.mjs').PreviewServer | null} */
	let server = null;
	if (selected.some((m) => m.needsServer)) {
		server = await startPreview(ROOT, snapshot.buildDir);
		log(`bench: vite preview on ${server.url}`);
	}

	/** @type {import('./budgets.mjs').Figure[]} */
	const figures = [];
	/** @type {Record<string, unknown>} */
	const details = {};
	/** @type {string[]} */
	const warnings = [];
	/** @type {Array<{ measurement: string, message: string }>} */
	const errors = [];
	/** @type {Record<string, number>} */
	const timings = {};
	/** @type {import('./measurements.mjs').BenchContext} */
	const ctx = {
		root: ROOT,
		buildDir: snapshot.buildDir,
		resultsDir: RESULTS_DIR,
		baseUrl: server?.url ?? '',
		options,
		log
	};
	try {
		for (const measurement of selected) {
			const t0 = performance.now();
			log(`bench: ${measurement.id}: ${measurement.title}…`);
			try {
				const result = await measurement.run(ctx);
				figures.push(...result.figures);
				details[measurement.id] = result.details;
				warnings.push(...(result.warnings ?? []));
				for (const message of result.errors ?? []) {
					errors.push({ measurement: measurement.id, message });
				}
			} catch (error) {
				throwIfInterrupted();
				// One broken measurement must not hide the others' figures.
				const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
				errors.push({ measurement: measurement.id, message });
				log(`bench: ${measurement.id} ERRORED: ${message}`);
			}
			// Interrupted: the browsers are gone, so the figures are wrong; write nothing.
			throwIfInterrupted();
			timings[measurement.id] = Math.round(performance.now() - t0) / 1000;
			log(`bench: ${measurement.id} done in ${seconds(performance.now() - t0)}`);
		}
	} finally {
		await server?.stop();
	}

	// Timing figures on a busy shared machine are inflated; say so next to them. Only the load
	// before the bench started counts: at the end, the bench's own Chrome is in the average.
	const loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
	const loadBefore = machine.loadAverage[0] ?? 0;
	if (loadBefore >= machine.cpus / 2) {
		warnings.push(
			`machine already busy when the bench started (1-min load average ${loadBefore} on ` +
				`${machine.cpus} CPUs): timing figures may be inflated`
		);
	}
	if ((await buildFingerprint(BUILD_DIR)) !== fingerprint) {
		warnings.push(
			'build/ was rebuilt by someone during the run; the figures are of the copy taken at the start'
		);
	}

	const summary = summarize(figures, errors);
	const results = {
		schema: 'collectif-bench/1',
		date,
		durationSeconds: Math.round(performance.now() - started) / 1000,
		git,
		machine: { ...machine, loadAverageEnd },
		options: { ...options, help: undefined },
		build: { ...build, fingerprint },
		measurements: selected.map((m) => ({ id: m.id, title: m.title, seconds: timings[m.id] })),
		summary,
		figures,
		budgets: KINDS,
		details,
		warnings,
		errors
	};
	const file = await writeResults(RESULTS_DIR, results);

	console.log('');
	console.log(formatTable(figures));
	console.log('');
	for (const warning of warnings) console.log(`warning: ${warning}`);
	for (const error of errors)
		console.log(`ERROR in ${error.measurement}: ${error.message.split('\n')[0]}`);
	console.log(formatSummary(summary));
	console.log(
		`${path.relative(ROOT, file)} written; ${seconds(performance.now() - started)}; ` +
			`commit ${git.commit?.slice(0, 8) ?? '?'}${git.dirty ? ' (with local changes)' : ''}`
	);

	if (errors.length > 0) return 2;
	return options.strict && summary.failed > 0 ? 1 : 0;
}

/** @returns {Promise<number>} the exit code */
async function cli() {
	try {
		const ids = MEASUREMENTS.map((m) => m.id);
		const options = parseOptions(process.argv.slice(2), ids);
		if (!options.help) return await main(options);
		console.log(USAGE.replace('%IDS%', ids.join(', ')));
		return 0;
	} catch (error) {
		console.error(`bench: ${error instanceof Error ? error.message : error}`);
		return 1;
	} finally {
		await runCleanup();
	}
}

installCleanupHooks();
const code = await cli();
// Exit explicitly: a stray handle (a browser's pipe, a timer) must not keep the bench alive.
process.exit(interrupted()?.code ?? code);
