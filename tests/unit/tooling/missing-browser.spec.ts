import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('end-to-end tests without a browser', () => {
	it('stop with a message that says how to get one, not a stack trace', () => {
		const run = spawnSync('npx', ['playwright', 'test', '--list'], {
			env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('No Chromium at /nonexistent/chromium');
		expect(run.stderr).toContain('apt-get install -y chromium');
		expect(run.stderr).not.toMatch(/\n\s+at /);
	});
});
