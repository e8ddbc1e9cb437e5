// The routes of the app, found from the prerendered pages in the build (every route is
// prerendered), so a new route is measured without touching the bench.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The static host's fallback and error pages are copies of the shell, not routes. */
const NOT_ROUTES = new Set(['200.html', '404.html']);

export const HOME = '/';

/** @typedef {{ route: string, file: string }} RoutePage file: relative to the build folder */

/**
 * @param {string} buildDir
 * @returns {Promise<RoutePage[]>} the home first, then the others by path
 */
export async function findRoutePages(buildDir) {
	/** @type {RoutePage[]} */
	const pages = [];
	/** @param {string} dir */
	async function walk(dir) {
		for (const entry of await readdir(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== '_app') await walk(full);
			} else if (entry.name.endsWith('.html')) {
				const file = toPosix(path.relative(buildDir, full));
				if (!NOT_ROUTES.has(file)) pages.push({ route: routeOf(file), file });
			}
		}
	}
	await walk(buildDir);
	return pages.sort((a, b) =>
		a.route === HOME ? -1 : b.route === HOME ? 1 : a.route.localeCompare(b.route)
	);
}

/** @param {string} file e.g. `rituals.html`, `index.html`, `a/index.html` */
function routeOf(file) {
	if (file === 'index.html') return HOME;
	if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
	return `/${file.slice(0, -'.html'.length)}`;
}

/** @param {string} p */
export function toPosix(p) {
	return p.split(path.sep).join('/');
}
