// Prints one closing line for the whole test command, from the JSON reports of Vitest and
// Playwright: "Summary: N passed, N failed". Exits non-zero if a report is missing or failed.
import { existsSync, readFileSync } from 'node:fs';

const reports = [
	[
		'vitest',
		'test-results/vitest.json',
		(r) => [r.numPassedTests, r.numFailedTests, r.numPendingTests]
	],
	[
		'playwright',
		'test-results/playwright.json',
		(r) => [r.stats.expected + r.stats.flaky, r.stats.unexpected, r.stats.skipped]
	]
];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [name, path, count] of reports) {
	if (!existsSync(path)) {
		console.error(`${name}: no report at ${path}`);
		process.exitCode = 1;
		continue;
	}
	const [p, f, s] = count(JSON.parse(readFileSync(path, 'utf8')));
	console.log(`${name}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
	passed += p;
	failed += f;
	skipped += s;
}
console.log(`Summary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0) process.exitCode = 1;
