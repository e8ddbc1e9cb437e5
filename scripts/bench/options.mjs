// Command-line options of `npm run bench -- [options]`.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run bench -- [options]

  --no-build          measure the existing build/ instead of running \`npm run build\` first
  --runs N            Lighthouse runs per route (default 5; the budgets quote medians of 5)
  --offline-runs N    offline cold starts of / (default 10)
  --quick             development: 1 Lighthouse run per route, 3 offline starts
  --only ids          run only these measurements (comma-separated ids, see below)
  --skip ids          skip these measurements
  --strict            exit with 1 when a budget fails (default: report FAIL, exit 0)
  --help

Measurements: %IDS%
Exit code: 0 (budgets may have failed unless --strict), 1 a budget failed with --strict or the
bench could not run, 2 a measurement errored.`;

/**
 * @param {string} value
 * @param {string} name
 */
function positiveInteger(value, name) {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1)
		throw new Error(`--${name} needs a positive integer, got ${value}`);
	return n;
}

/** @param {string | undefined} value */
const list = (value) =>
	(value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

/**
 * @param {string[]} argv
 * @param {string[]} knownIds
 * @returns {import('./measurements.mjs').BenchOptions & { help: boolean }}
 */
export function parseOptions(argv, knownIds) {
	const { values } = parseArgs({
		args: argv,
		options: {
			'no-build': { type: 'boolean', default: false },
			runs: { type: 'string' },
			'offline-runs': { type: 'string' },
			quick: { type: 'boolean', default: false },
			only: { type: 'string' },
			skip: { type: 'string' },
			strict: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	});
	const only = values.only === undefined ? null : list(values.only);
	const skip = list(values.skip);
	for (const id of [...(only ?? []), ...skip]) {
		if (!knownIds.includes(id))
			throw new Error(`unknown measurement "${id}"; known: ${knownIds.join(', ')}`);
	}
	const quick = Boolean(values.quick);
	return {
		build: !values['no-build'],
		runs: values.runs ? positiveInteger(values.runs, 'runs') : quick ? 1 : 5,
		offlineRuns: values['offline-runs']
			? positiveInteger(values['offline-runs'], 'offline-runs')
			: quick
				? 3
				: 10,
		quick,
		strict: Boolean(values.strict),
		only,
		skip,
		help: Boolean(values.help)
	};
}
