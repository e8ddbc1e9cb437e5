// Output: the table on stdout and the JSON file. The JSON is the record (every figure with its
// budget, plus each measurement's details); the table is for people, so it rounds.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** @typedef {import('./budgets.mjs').Figure} Figure */
/** @typedef {import('./budgets.mjs').Limit} Limit */

const color = process.stdout.isTTY && !process.env.NO_COLOR;
/** @param {string} code @param {string} text */
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Decimals shown per unit: enough that a value shown equal to its budget really passes. */
const DECIMALS = /** @type {Record<string, number>} */ ({
	kB: 2,
	KiB: 1,
	s: 3,
	ms: 0,
	'': 4,
	index: 0
});
/** Units not printed after the number. */
const BARE_UNITS = new Set(['', 'score', 'index']);

/**
 * @param {number | boolean | null} value
 * @param {string} unit
 */
export function formatValue(value, unit) {
	if (value === null) return 'n/a';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	const decimals = DECIMALS[unit] ?? (Number.isInteger(value) ? 0 : 1);
	const number = value.toFixed(decimals);
	return BARE_UNITS.has(unit) ? number : `${number} ${unit}`;
}

/** @param {Limit | null} limit @param {string} unit */
function formatLimit(limit, unit) {
	if (!limit) return '';
	const op = { '<=': '≤', '>=': '≥', '=': '=' }[limit.op];
	const value =
		typeof limit.value === 'boolean'
			? formatValue(limit.value, unit)
			: `${limit.value}${BARE_UNITS.has(unit) ? '' : ` ${unit}`}`;
	return `${op} ${value}`;
}

/** @param {Figure} f */
function formatResult(f) {
	const star = f.moonshotPass ? ' ★' : '';
	if (f.pass === null) return `-${star}`;
	if (f.value === null) return paint('31;1', 'FAIL (not measured)');
	return f.pass ? paint('32', `PASS${star}`) : paint('31;1', 'FAIL');
}

/**
 * @param {string[][]} rows
 * @param {number} padColumns how many leading columns to pad (the last ones run free)
 */
function columns(rows, padColumns) {
	// eslint-disable-next-line no-control-regex
	const visible = (/** @type {string} */ s) => s.replace(/\x1b\[[\d;]*m/g, '').length;
	const widths = Array.from({ length: padColumns }, (_, i) =>
		Math.max(...rows.map((r) => visible(r[i] ?? '')))
	);
	return rows
		.map((r) =>
			r
				.map((cell, i) =>
					i < padColumns ? cell + ' '.repeat((widths[i] ?? 0) - visible(cell)) : cell
				)
				.join('  ')
				.trimEnd()
		)
		.join('\n');
}

/**
 * The table, figures sorted by their row of the budget table (stable, so each module's order
 * within a row is kept), informational figures without a row last.
 * @param {Figure[]} figures
 */
export function formatTable(figures) {
	const sorted = [...figures].sort((a, b) => (a.row ?? 1e9) - (b.row ?? 1e9));
	const header = ['#', 'what', 'figure', 'budget', 'moonshot', 'result', 'note'];
	const rows = sorted.map((f) => [
		f.row === null ? '' : String(f.row),
		f.what,
		formatValue(f.value, f.unit),
		formatLimit(f.budget, f.unit),
		formatLimit(f.moonshot, f.unit),
		formatResult(f),
		f.note ?? ''
	]);
	return columns([header, ...rows], 6);
}

/**
 * @param {Figure[]} figures
 * @param {Array<{ measurement: string, message: string }>} errors
 */
export function summarize(figures, errors) {
	const judged = figures.filter((f) => f.pass !== null);
	const failed = judged.filter((f) => !f.pass).map((f) => f.id);
	const withMoonshot = figures.filter((f) => f.moonshotPass !== null);
	return {
		budgets: judged.length,
		passed: judged.length - failed.length,
		failed: failed.length,
		failedIds: failed,
		moonshots: withMoonshot.length,
		moonshotsMet: withMoonshot.filter((f) => f.moonshotPass).length,
		errors: errors.length
	};
}

/** @param {ReturnType<typeof summarize>} s */
export function formatSummary(s) {
	const budgets =
		s.failed > 0
			? paint('31;1', `${s.failed} of ${s.budgets} budgets FAILED: ${s.failedIds.join(', ')}`)
			: paint('32', `all ${s.budgets} budgets passed`);
	const errors = s.errors > 0 ? `; ${paint('31;1', `${s.errors} measurement(s) ERRORED`)}` : '';
	return `${budgets}; moonshots met: ${s.moonshotsMet} of ${s.moonshots} (★)${errors}`;
}

/**
 * Write `latest.json`, and a copy under history/ named by date and commit for comparisons.
 * @param {string} resultsDir
 * @param {{ date: string, git: { commit: string | null } }} results
 * @returns {Promise<string>} the path of latest.json
 */
export async function writeResults(resultsDir, results) {
	const json = `${JSON.stringify(results, null, '\t')}\n`;
	const latest = path.join(resultsDir, 'latest.json');
	const stamp = results.date.replace(/[:.]/g, '-');
	const history = path.join(resultsDir, 'history');
	await mkdir(history, { recursive: true });
	await writeFile(latest, json);
	await writeFile(
		path.join(history, `${stamp}-${(results.git.commit ?? 'nogit').slice(0, 8)}.json`),
		json
	);
	return latest;
}
