// The budgets of ../../docs (shared design: budgets.md) as data, and the shape of one figure.
//
// A measurement module never hard-codes a budget: it reports a value for a *kind* of figure
// (`js-home`, `lh-lcp`, ...) and `figure()` fills in what it is, its unit, its budget and moonshot,
// and whether it passes. Kinds without a budget are informational: printed, never judged.
// To add a figure later: add a kind here, then report it from a module in `measurements.mjs`.

/**
 * @typedef {'<=' | '>=' | '='} Op
 * @typedef {{ op: Op, value: number | boolean }} Limit
 * @typedef {object} Kind
 * @property {number | null} row the row of the budget table it answers (null: not in the table)
 * @property {string} what
 * @property {string} unit display unit; values are stored in it (kB = 1,000 bytes, KiB = 1,024)
 * @property {Limit | null} budget
 * @property {Limit | null} moonshot
 */

/**
 * @typedef {object} Figure
 * @property {string} id unique within a run, e.g. `js-route-incremental:/rituals`
 * @property {string} kind a key of KINDS
 * @property {number | null} row
 * @property {string} what
 * @property {number | boolean | null} value null when it could not be measured
 * @property {string} unit
 * @property {Limit | null} budget
 * @property {Limit | null} moonshot
 * @property {boolean | null} pass null for informational figures
 * @property {boolean | null} moonshotPass
 * @property {string} [note]
 */

/** @param {number} value @returns {Limit} */
const atMost = (value) => ({ op: '<=', value });
/** @param {number} value @returns {Limit} */
const atLeast = (value) => ({ op: '>=', value });

/** @type {Record<string, Kind>} */
export const KINDS = {
	// #1 and #2: JavaScript loaded before first paint, from the build output.
	'js-home': {
		row: 1,
		what: 'first-load JS, home /, gzip',
		unit: 'kB',
		budget: atMost(90),
		moonshot: atMost(45)
	},
	'js-route-incremental': {
		row: 2,
		what: 'first-load JS beyond the home, gzip',
		unit: 'kB',
		budget: atMost(60),
		moonshot: atMost(25)
	},
	'js-all-routes': {
		row: 2,
		what: 'first-load JS of all routes together, gzip',
		unit: 'kB',
		budget: atMost(250),
		moonshot: atMost(120)
	},
	'js-app-total': {
		row: 2,
		what: 'all JS of the app, lazy chunks included, gzip',
		unit: 'kB',
		budget: null,
		moonshot: null
	},
	'css-home': {
		row: 1,
		what: 'first-load CSS, home /, gzip',
		unit: 'kB',
		budget: null,
		moonshot: null
	},
	'js-browser': {
		row: 1,
		what: 'JS loaded by Chromium until network idle, gzip (cross-check)',
		unit: 'kB',
		budget: null,
		moonshot: null
	},

	// #3-6: Lighthouse mobile (simulated throttling, 4x CPU), per route.
	'lh-score-median': {
		row: 3,
		what: 'Lighthouse mobile performance, median',
		unit: 'score',
		budget: atLeast(95),
		moonshot: atLeast(100)
	},
	'lh-score-min': {
		row: 3,
		what: 'Lighthouse mobile performance, worst run',
		unit: 'score',
		budget: atLeast(90),
		moonshot: atLeast(100)
	},
	'lh-lcp': {
		row: 4,
		what: 'LCP, median',
		unit: 's',
		budget: atMost(2.0),
		moonshot: atMost(1.0)
	},
	'lh-tbt': {
		row: 5,
		what: 'TBT, median',
		unit: 'ms',
		budget: atMost(150),
		moonshot: atMost(30)
	},
	'lh-cls': { row: 6, what: 'CLS, median', unit: '', budget: atMost(0.02), moonshot: atMost(0) },
	// Lighthouse's measure of the host's speed during the runs (higher is faster; it varies with
	// the load other people put on a shared machine), to read the figures above against.
	'lh-benchmark-index': {
		row: 3,
		what: 'Lighthouse benchmarkIndex of this machine, median (min-max)',
		unit: 'index',
		budget: null,
		moonshot: null
	},

	// #10, #11, #18: the host's community view (participation-compute.mjs, community-view.mjs).
	'participation-node-300': {
		row: 11,
		what: 'community view computed in Node, 300 members x 1 year, p95',
		unit: 'ms',
		budget: atMost(50),
		moonshot: atMost(2)
	},
	'participation-node-1000': {
		row: 11,
		what: 'community view computed in Node, 1,000 members x 1 year, p95',
		unit: 'ms',
		budget: atMost(200),
		moonshot: atMost(10)
	},
	'participation-compact-300': {
		row: 11,
		what: 'compact form built from rows in Node, 300 members x 1 year, p95',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'participation-compact-1000': {
		row: 11,
		what: 'compact form built from rows in Node, 1,000 members x 1 year, p95',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	// #10 and #18: the host's community view in the browser at 4x CPU, and the heap after it
	// (community-view.mjs): read + compute + render, from the app's own User Timing measure.
	'community-view-p95': {
		row: 10,
		what: 'host community view in the browser, 300 members x 1 year, read + compute, 4x, p95',
		unit: 'ms',
		budget: atMost(300),
		moonshot: atMost(50)
	},
	'community-view-median': {
		row: 10,
		what: 'host community view in the browser, 300 members x 1 year, 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	// The same after one check-in since the last open: what a host meets in a living space (the
	// kept log takes the change; its derived index is built again). Held to the same budget.
	'community-view-changed-p95': {
		row: 10,
		what: 'host community view, one check-in since the last open, 4x, p95',
		unit: 'ms',
		budget: atMost(300),
		moonshot: atMost(50)
	},
	'community-view-first': {
		row: 10,
		what: 'host community view, first open after the rows arrived (log built from rows), 4x',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'heap-host-view': {
		row: 18,
		what: 'JS heap with the host community view open (300 members x 1 year), after GC',
		unit: 'MB',
		budget: atMost(60),
		moonshot: atMost(15)
	},
	// #16: offline cold start.
	'offline-fcp-median': {
		row: 16,
		what: 'offline cold start FCP at 4x, worker stopped, median',
		unit: 's',
		budget: atMost(1.0),
		moonshot: atMost(0.3)
	},
	// #7-9: the check-in tap and the member's hours, in the real page at 4x CPU (checkin.mjs).
	'tap-paint-p95': {
		row: 7,
		what: 'check-in tap → next paint of the new state, 4x, p95',
		unit: 'ms',
		budget: atMost(100),
		moonshot: atMost(32)
	},
	'demo-first-screen-median': {
		row: null,
		what: 'demo, first visit: first screen (check-in button shown), 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'demo-first-tap-median': {
		row: 7,
		what: 'demo, first visit: a check-in tapped on the first screen → shown, 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'demo-history-median': {
		row: null,
		what: 'demo, first visit: history written (from the start of the seeding), 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'tap-paint-median': {
		row: 7,
		what: 'check-in tap → next paint of the new state, 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'tap-persisted-p95': {
		row: 8,
		what: 'check-in tap → rows + outbox committed, 4x, p95',
		unit: 'ms',
		budget: atMost(40),
		moonshot: atMost(10)
	},
	'tap-persisted-median': {
		row: 8,
		what: 'check-in tap → rows + outbox committed, 4x, median',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'hours-query-p95': {
		row: 9,
		what: "member's balance and history read + computed, 4x, p95",
		unit: 'ms',
		budget: atMost(50),
		moonshot: atMost(5)
	},
	'offline-fcp-p95': {
		row: 16,
		what: 'offline cold start FCP at 4x, worker stopped, p95',
		unit: 's',
		budget: atMost(1.0),
		moonshot: atMost(0.3)
	},
	'offline-fcp-warm-median': {
		row: 16,
		what: 'offline start FCP at 4x, worker already running, median',
		unit: 's',
		budget: null,
		moonshot: null
	},

	// #17: what the service worker downloads at install.
	'precache-total': {
		row: 17,
		what: 'precache, total size',
		unit: 'KiB',
		budget: atMost(500),
		moonshot: atMost(200)
	},
	'precache-largest': {
		row: 17,
		what: 'precache, largest file',
		unit: 'KiB',
		budget: atMost(1024),
		moonshot: null
	},
	'precache-entries': {
		row: 17,
		what: 'precache, entries',
		unit: 'entries',
		budget: null,
		moonshot: null
	},

	// #14: the sync drain, database side (sync-database.mjs). The moonshot of 50k mutations/s is
	// 20 ms per 1,000 and 200 ms per 10,000.
	'sync-drain-1k': {
		row: 14,
		what: 'sync_push drain of 1,000 queued mutations, p50',
		unit: 'ms',
		budget: atMost(250),
		moonshot: atMost(20)
	},
	'sync-drain-1k-p95': {
		row: 14,
		what: 'sync_push drain of 1,000 queued mutations, p95',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'sync-drain-10k': {
		row: 14,
		what: 'sync_push drain of 10,000 queued mutations, p50',
		unit: 'ms',
		budget: atMost(2000),
		moonshot: atMost(200)
	},
	'sync-drain-10k-p95': {
		row: 14,
		what: 'sync_push drain of 10,000 queued mutations, p95',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'sync-drain-rate': {
		row: 14,
		what: 'sync_push drain rate (10,000 mutations, p50)',
		unit: 'mutations/s',
		budget: null,
		moonshot: atLeast(50000)
	},
	'sync-replay-10k': {
		row: 14,
		what: 'replay of 10,000 already applied mutations',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'sync-replay-rows': {
		row: 14,
		what: 'rows written by replays (must be none)',
		unit: 'rows',
		budget: atMost(0),
		moonshot: atMost(0)
	},
	'sync-pull-20k': {
		row: null,
		what: 'sync_pull of 20,000 rows paged by 1,000, p50',
		unit: 'ms',
		budget: null,
		moonshot: null
	},
	'sync-pull-20k-once': {
		row: null,
		what: 'pull of 20,000 rows: every row exactly once',
		unit: '',
		budget: { op: '=', value: true },
		moonshot: { op: '=', value: true }
	},

	// #19: installability, and the moonshot's "the offline start page works".
	'installability-errors': {
		row: 19,
		what: 'installability errors (Page.getInstallabilityErrors)',
		unit: 'errors',
		budget: atMost(0),
		moonshot: atMost(0)
	},
	'offline-app-shown': {
		row: 19,
		what: 'offline start page shows the app',
		unit: '',
		budget: null,
		moonshot: { op: '=', value: true }
	},
	'offline-routes': {
		row: 19,
		what: 'routes that open offline (deep links)',
		unit: 'failing',
		budget: null,
		moonshot: atMost(0)
	}
};

/**
 * @param {number | boolean | null} value
 * @param {Limit | null} limit
 * @returns {boolean | null}
 */
export function meets(value, limit) {
	if (!limit) return null;
	if (value === null) return false;
	switch (limit.op) {
		case '<=':
			return value <= limit.value;
		case '>=':
			return value >= limit.value;
		case '=':
			return value === limit.value;
	}
}

/**
 * One figure of a kind. `value` is already in the kind's unit.
 * @param {string} kind
 * @param {number | boolean | null} value
 * @param {{ id?: string, subject?: string, note?: string }} [extra] subject: e.g. the route
 * @returns {Figure}
 */
export function figure(kind, value, extra = {}) {
	const k = KINDS[kind];
	if (!k) throw new Error(`unknown figure kind ${kind}`);
	const budget = k.budget;
	const moonshot = k.moonshot;
	return {
		id: extra.id ?? (extra.subject ? `${kind}:${extra.subject}` : kind),
		kind,
		row: k.row,
		what: extra.subject ? `${k.what}: ${extra.subject}` : k.what,
		value,
		unit: k.unit,
		budget,
		moonshot,
		pass: meets(value, budget),
		moonshotPass: meets(value, moonshot),
		...(extra.note ? { note: extra.note } : {})
	};
}
