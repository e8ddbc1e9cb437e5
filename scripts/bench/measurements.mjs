// The registry of measurements, in the order they run: quick static ones first, Lighthouse
// (the longest) last. To add a figure: write a module exporting a Measurement, give its figure
// kinds a budget in budgets.mjs, and list it here. `--only`/`--skip` select by id.
import { bundleCrossCheck } from './bundle-crosscheck.mjs';
import { bundleSize } from './bundle-size.mjs';
import { checkinTap } from './checkin.mjs';
import { communityView } from './community-view.mjs';
import { demoStart } from './demo-start.mjs';
import { installability } from './installability.mjs';
import { lighthouseMobile } from './lighthouse.mjs';
import { offlineStart } from './offline-start.mjs';
import { participationCompute } from './participation-compute.mjs';
import { precache } from './precache.mjs';
import { syncDatabase } from './sync-database.mjs';

/**
 * @typedef {object} BenchOptions
 * @property {boolean} build
 * @property {number} runs Lighthouse runs per route
 * @property {number} offlineRuns offline cold starts (each also followed by a warm one)
 * @property {boolean} quick
 * @property {boolean} strict
 * @property {string[] | null} only
 * @property {string[]} skip
 */

/**
 * @typedef {object} BenchContext
 * @property {string} root the project folder
 * @property {string} buildDir
 * @property {string} resultsDir
 * @property {string} baseUrl origin of the preview server ('' for measurements without one)
 * @property {BenchOptions} options
 * @property {(message: string) => void} log progress, to stderr
 */

/**
 * @typedef {object} MeasurementResult
 * @property {import('./budgets.mjs').Figure[]} figures
 * @property {unknown} [details] everything else worth keeping in the JSON
 * @property {string[]} [warnings]
 * @property {string[]} [errors] failures that cost some figures but not all (the bench exits 2)
 */

/**
 * @typedef {object} Measurement
 * @property {string} id
 * @property {string} title
 * @property {boolean} needsServer
 * @property {(ctx: BenchContext) => Promise<MeasurementResult>} run
 */

/** @type {Measurement[]} */
export const MEASUREMENTS = [
	bundleSize,
	precache,
	installability,
	offlineStart,
	bundleCrossCheck,
	checkinTap,
	demoStart,
	communityView,
	syncDatabase,
	participationCompute,
	lighthouseMobile
];
