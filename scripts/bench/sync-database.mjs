// Budget #14: the sync drain on the database side. Runs the Vitest project `db-bench`
// (tests/bench/sync-drain.measure.ts, on the embedded Postgres of the db tests, RLS on, calls as
// `authenticated` like PostgREST): 1,000 and 10,000 queued mutations drained through sync_push in
// batches of 500 on fresh members and devices, a replay of the same queue (all duplicates), and
// a pull of 20,000 rows paged by 1,000. The measuring file writes bench-results/sync-database.json;
// this module turns it into figures. No build or browser needed.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { figure } from './budgets.mjs';

/**
 * @param {string} root
 * @param {Record<string, string>} env
 * @param {(message: string) => void} log
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function runVitest(root, env, log) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'db-bench'],
			{ cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let output = '';
		const keep = (/** @type {Buffer} */ chunk) => {
			output += chunk.toString();
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code) => {
			log(`bench: sync-database: vitest exited with ${code}`);
			resolve({ code, output });
		});
	});
}

/** @type {import('./measurements.mjs').Measurement} */
export const syncDatabase = {
	id: 'sync-database',
	title: 'sync drain and pull on the database (budget #14)',
	needsServer: false,
	async run(ctx) {
		const file = path.join(ctx.resultsDir, 'sync-database.json');
		await rm(file, { force: true });
		const repetitions = ctx.options.quick ? 5 : 9;
		const { code, output } = await runVitest(
			ctx.root,
			{ COLLECTIF_BENCH: '1', SYNC_BENCH_REPETITIONS: String(repetitions) },
			ctx.log
		);
		if (code !== 0) {
			throw new Error(`the db-bench run failed (exit ${code}):\n${output.slice(-3000)}`);
		}
		const data = JSON.parse(await readFile(file, 'utf8'));
		const { drain1000, drain10000, pull20k } = data;
		const note = `p50 of ${data.repetitions}, batches of ${data.batchSize}, Postgres ${data.postgres?.server_version}`;
		return {
			figures: [
				figure('sync-drain-1k', drain1000.p50, { note }),
				figure('sync-drain-1k-p95', drain1000.p95),
				figure('sync-drain-10k', drain10000.p50, { note }),
				figure('sync-drain-10k-p95', drain10000.p95),
				figure('sync-drain-rate', drain10000.perSecond),
				figure('sync-replay-10k', drain10000.replay.ms),
				figure('sync-replay-rows', drain10000.replay.rowsWritten + drain1000.replay.rowsWritten),
				figure('sync-pull-20k', pull20k.p50, { note: `${pull20k.requests} requests` }),
				figure('sync-pull-20k-once', pull20k.everyRowOnce)
			],
			details: data
		};
	}
};
