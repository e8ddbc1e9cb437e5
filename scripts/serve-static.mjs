// Serves a static build like a static host would, for the connected end-to-end tests
// (tests/e2e/connected): `node scripts/serve-static.mjs <folder> <port>`. A path without a file
// gets its prerendered page (`/me` → `me.html`), else `index.html`, like a SPA host's fallback.
// Files are read on every request, so a rebuild is served without a restart; start it again
// after the first build.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

const [folder = '.tmp/build-connected', port = '4174'] = process.argv.slice(2);
const root = path.resolve(folder);

const missing = !existsSync(path.join(root, 'index.html'));
if (missing) console.warn(`No build in ${root} yet: npm run build:connected`);
const serve = missing ? null : sirv(root, { dev: true, extensions: ['html'], single: true });

createServer((request, response) => {
	if (!serve) {
		// Still up, so that a run of other tests (one Playwright config starts every server) works.
		response.setHeader('content-type', 'text/plain; charset=utf-8');
		response.end(`No build in ${root}: run npm run build:connected first.`);
		return;
	}
	serve(request, response, () => {
		response.statusCode = 404;
		response.end('Not found');
	});
}).listen(Number(port), '127.0.0.1', () => {
	console.log(`Serving ${path.relative(process.cwd(), root) || '.'} on http://127.0.0.1:${port}`);
});
