// Budget #11: the host's community view computed in Node (the pure domain module), for 300 and
// 1,000 members over a year. Runs the Vitest project `domain-bench`
// (tests/bench/participation.compute.ts), which writes bench-results/participation-compute.json;
// this module turns it into figures. No build, browser or database needed.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { figure } from './budgets.mjs';

/**
 * Runs files of the Vitest project `domain-bench` (also used by community-view.mjs).
 * @param {string} root
 * @param {Record<string, string>} env
 * @param {string[]} files Vitest's file filters (parts of the test files' paths)
 * @returns {Promise<{ code: number | null, output: string }>}
 */
export function runVitest(root, env, files) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
				'run',
				'--project',
				'domain-bench',
				...files
			],
			{ cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let output = '';
		const keep = (/** @type {Buffer} */ chunk) => {
			output += chunk.toString();
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

/** @type {import('./measurements.mjs').Measurement} */
export const participationCompute = {
	id: 'participation-compute',
	title: 'community view computed in Node, 300 and 1,000 members (budget #11)',
	needsServer: false,
	async run(ctx) {
		const file = path.join(ctx.resultsDir, 'participation-compute.json');
		await rm(file, { force: true });
		const samples = ctx.options.quick ? 10 : 30;
		const { code, output } = await runVitest(
			ctx.root,
			{
				COLLECTIF_BENCH: '1',
				PARTICIPATION_BENCH_SAMPLES: String(samples)
			},
			['tests/bench/participation.compute.ts']
		);
		ctx.log(`bench: participation-compute: vitest exited with ${code}`);
		if (code !== 0) {
			throw new Error(`the domain-bench run failed (exit ${code}):\n${output.slice(-3000)}`);
		}
		const data = JSON.parse(await readFile(file, 'utf8'));
		const note = (/** @type {any} */ m) =>
			`${m.samples.length} samples; ${m.visits} visits, ${m.attendance} attendance, ${m.signups} sign-ups`;
		return {
			figures: [
				figure('participation-node-300', data.m300.p95, { note: note(data.m300) }),
				figure('participation-node-1000', data.m1000.p95, { note: note(data.m1000) }),
				figure('participation-compact-300', data.m300.compactP95),
				figure('participation-compact-1000', data.m1000.compactP95)
			],
			details: data
		};
	}
};
