/**
 * Security item 11: no service-role key or other secret in what the browser downloads. Scans the
 * demo build and the connected build (`npm run test:e2e` makes both before Playwright runs).
 */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const builds = ['build', '.tmp/build-connected'];

function* filesOf(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const file = path.join(dir, name);
		if (statSync(file).isDirectory()) yield* filesOf(file);
		else if (/\.(js|html|json|webmanifest|css)$/.test(name)) yield file;
	}
}

/** Every JWT-shaped string, with its decoded payload when it decodes. */
function jwtsIn(text: string): { token: string; payload: string }[] {
	return [...text.matchAll(/eyJ[\w-]{8,}\.(eyJ[\w-]{8,})\.[\w-]+/g)].map((match) => ({
		token: match[0].slice(0, 20),
		payload: Buffer.from(match[1]!, 'base64url').toString('utf8')
	}));
}

for (const build of builds) {
	test(`no secret in ${build}`, () => {
		expect(existsSync(path.join(build, 'index.html')), `${build} is built`).toBe(true);
		const leaks: string[] = [];
		for (const file of filesOf(build)) {
			const text = readFileSync(file, 'utf8');
			// supabase-js mentions the `sb_secret_` prefix itself; a key has characters after it.
			for (const key of text.match(/sb_secret_[\w-]{8,}/g) ?? []) leaks.push(`${file}: ${key}`);
			for (const jwt of jwtsIn(text)) leaks.push(`${file}: a JWT ${jwt.token}… ${jwt.payload}`);
			if (/SERVICE_ROLE_KEY|SUPABASE_SECRET/.test(text)) leaks.push(`${file}: a secret's name`);
		}
		expect(leaks).toEqual([]);
	});
}

test('the connected build carries the publishable key, the demo build no Supabase address', () => {
	const all = (build: string) =>
		[...filesOf(build)].map((file) => readFileSync(file, 'utf8')).join('\n');
	expect(all('.tmp/build-connected')).toContain('sb_publishable_e2e');
	expect(all('build')).not.toContain('e2e.supabase.test');
});
