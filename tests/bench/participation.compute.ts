import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { compactFacts } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import { releaseHostIndicators } from '$lib/domain/participation/host-release';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { monthlySeries } from '$lib/domain/participation/series';
import { syntheticSpace } from '$lib/domain/participation/synthetic';

// Budget #11 of ../shared/design/budgets.md: the host view's computation in Node, from a space's
// facts (a year of visits, sign-ups and confirmed attendance), for 300 and 1,000 members. One
// sample = what the community view computes when it opens from the compact form the device keeps:
// every derived index, today's indicators, twelve monthly readings for the trends, and what hosts
// may see of them. Building the compact form from rows is timed apart (informational).
// Run by `node scripts/bench/run.mjs --only participation-compute` (project `domain-bench`, not
// part of `npm test`); writes bench-results/participation-compute.json.

const root = fileURLToPath(new URL('../..', import.meta.url));
const output = path.join(root, 'bench-results', 'participation-compute.json');
const SAMPLES = Number(process.env.PARTICIPATION_BENCH_SAMPLES ?? 30);
const WARMUP = 5;

/** Nearest rank, as scripts/bench/stats.mjs. */
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
};
const round = (ms: number) => Math.round(ms * 10) / 10;
/** The month `count` months before the month of `date` (`YYYY-MM`). */
const monthsBefore = (date: string, count: number) => {
	const [year, month] = date.split('-').map(Number) as [number, number];
	const index = year * 12 + (month - 1) - count;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

function measure(members: number) {
	const space = syntheticSpace(members, 365, 20261206);
	const { facts, timeZone, end } = space;
	// Twelve monthly readings, up to the last day of the facts.
	const firstMonth = monthsBefore(end, 11);
	const view: number[] = [];
	const compaction: number[] = [];
	let readings = 0;
	for (let i = 0; i < WARMUP + SAMPLES; i++) {
		// The device keeps the compact form (src/lib/db/participation.ts); a fresh one per sample
		// so that every derived index is computed again, as after a change.
		const compacting = performance.now();
		const log = compactFacts(facts, timeZone);
		const started = performance.now();
		const today = releaseHostIndicators(hostIndicators(log, end, defaultConfig), defaultConfig);
		const months = monthlySeries(log, firstMonth, end).map((reading) =>
			releaseHostIndicators(reading.indicators, defaultConfig)
		);
		const done = performance.now();
		readings = months.length + (today ? 1 : 0);
		if (i < WARMUP) continue;
		view.push(done - started);
		compaction.push(started - compacting);
	}
	return {
		members,
		visits: facts.visits?.length ?? 0,
		attendance: facts.attendance?.length ?? 0,
		signups: facts.signups?.length ?? 0,
		readings,
		p50: round(percentile(view, 0.5)),
		p95: round(percentile(view, 0.95)),
		compactP50: round(percentile(compaction, 0.5)),
		compactP95: round(percentile(compaction, 0.95)),
		samples: view.map(round)
	};
}

test('the host view computed in Node, 300 and 1,000 members over a year', async () => {
	const results = { samples: SAMPLES, warmup: WARMUP, m300: measure(300), m1000: measure(1000) };
	expect(results.m300.readings).toBeGreaterThan(1);
	await mkdir(path.dirname(output), { recursive: true });
	await writeFile(output, JSON.stringify(results, null, 2));
});
