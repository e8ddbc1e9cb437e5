// Budgets #1 and #2: the JavaScript a route loads before its first paint, measured statically
// from the build output (no browser, so the figure is exact and does not vary between runs).
//
// A route's first-load JS is what its prerendered HTML asks for (`<script src>`, `modulepreload`
// links, and the `import("...")` calls of SvelteKit's inline bootstrap script), plus everything
// those files import statically, transitively. Dynamic `import()` targets are left out: they load
// after first paint, on demand (that is how supabase-js must stay off the first paint). Each file
// is gzipped on its own at level 9, as a server would send it, and the sizes are summed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { figure } from './budgets.mjs';
import { findRoutePages, HOME } from './routes.mjs';

const IMMUTABLE_DIR = '_app/immutable';

/** @typedef {{ raw: number, gzip: number }} Size */
/** @typedef {Size & { file: string }} FileSize */
/** @typedef {Size & { files: FileSize[] }} FileSet */

/**
 * @typedef {object} RouteBundle
 * @property {string} route
 * @property {string} file the prerendered HTML
 * @property {Size} html
 * @property {FileSet} js first-load JS
 * @property {FileSet} css stylesheets linked from the HTML
 * @property {FileSet | null} incremental first-load JS the home did not already load
 */

/**
 * @typedef {object} BundleAnalysis
 * @property {RouteBundle[]} routes the home first
 * @property {Size & { files: number }} allRoutes union of every route's first-load JS
 * @property {Size & { files: number }} appJs every JS file of the app, lazy chunks included
 * @property {FileSet} lazyOnly JS that no route loads before first paint
 * @property {string[]} warnings
 */

/** @param {Buffer} content */
export function gzipSize(content) {
	return gzipSync(content, { level: constants.Z_BEST_COMPRESSION }).length;
}

/**
 * Resolve a URL found in a page or chunk to a path relative to the build folder; null when it
 * points outside the app (another origin, a bare module name).
 * @param {string} specifier
 * @param {string} fromFile relative to the build folder
 */
function resolveInBuild(specifier, fromFile) {
	if (!/^(\/(?!\/)|\.\.?\/)/.test(specifier)) return null;
	const url = new URL(specifier, `http://app/${fromFile}`);
	return decodeURIComponent(url.pathname.slice(1));
}

/**
 * Reads, sizes and parses the build's files, each once.
 */
class BuildReader {
	/** @param {string} buildDir */
	constructor(buildDir) {
		this.buildDir = buildDir;
		/** @type {Map<string, Promise<Buffer>>} */
		this.contents = new Map();
		/** @type {Map<string, Promise<{ staticImports: string[], dynamicImports: string[] }>>} */
		this.imports = new Map();
		/** @type {string[]} */
		this.warnings = [];
	}

	/** @param {string} file */
	read(file) {
		let content = this.contents.get(file);
		if (!content) {
			content = readFile(path.join(this.buildDir, file));
			this.contents.set(file, content);
		}
		return content;
	}

	/** @param {string} file @returns {Promise<FileSize>} */
	async size(file) {
		const content = await this.read(file);
		return { file, raw: content.length, gzip: gzipSize(content) };
	}

	/** @param {string[]} files @returns {Promise<FileSet>} */
	async sizeAll(files) {
		const sizes = await Promise.all([...files].sort().map((file) => this.size(file)));
		return {
			raw: sizes.reduce((sum, s) => sum + s.raw, 0),
			gzip: sizes.reduce((sum, s) => sum + s.gzip, 0),
			files: sizes
		};
	}

	/**
	 * The static imports (`import ... from`, `import "..."`, `export ... from`) and the literal
	 * dynamic `import()` targets of a built chunk, parsed with Vite's own parser rather than
	 * regular expressions, which minified code and strings would fool.
	 * @param {string} file
	 */
	chunkImports(file) {
		let imports = this.imports.get(file);
		if (!imports) {
			imports = this.read(file).then(async (content) => {
				const { parseAst } = await import('vite');
				const ast = parseAst(content.toString());
				/** @type {string[]} */
				const staticImports = [];
				/** @type {string[]} */
				const dynamicImports = [];
				for (const node of ast.body) {
					if (
						(node.type === 'ImportDeclaration' ||
							node.type === 'ExportAllDeclaration' ||
							node.type === 'ExportNamedDeclaration') &&
						node.source
					) {
						const target = resolveInBuild(String(node.source.value), file);
						if (target) staticImports.push(target);
						else this.warnings.push(`${file}: static import outside the app: ${node.source.value}`);
					}
				}
				visit(ast, (node) => {
					if (node.type !== 'ImportExpression') return;
					const specifier = literalString(node.source);
					const target = specifier === null ? null : resolveInBuild(specifier, file);
					if (target) dynamicImports.push(target);
				});
				return { staticImports, dynamicImports };
			});
			this.imports.set(file, imports);
		}
		return imports;
	}

	/**
	 * Everything `entries` import statically, transitively, entries included.
	 * @param {Iterable<string>} entries
	 */
	async staticClosure(entries) {
		const seen = new Set();
		const queue = [...entries];
		while (queue.length > 0) {
			const file = /** @type {string} */ (queue.shift());
			if (seen.has(file)) continue;
			seen.add(file);
			const { staticImports } = await this.chunkImports(file);
			queue.push(...staticImports);
		}
		return seen;
	}
}

/**
 * Walk an ESTree AST depth first.
 * @param {unknown} node
 * @param {(node: { type: string, [key: string]: any }) => void} callback
 */
function visit(node, callback) {
	if (Array.isArray(node)) {
		for (const child of node) visit(child, callback);
	} else if (node && typeof node === 'object') {
		const n = /** @type {{ type: string, [key: string]: any }} */ (node);
		if (typeof n.type === 'string') callback(n);
		for (const key in n) {
			if (key !== 'type' && key !== 'start' && key !== 'end') visit(n[key], callback);
		}
	}
}

/**
 * The value of a string literal or of a template literal without expressions, else null
 * (a computed import() target cannot be known statically).
 * @param {any} node
 * @returns {string | null}
 */
function literalString(node) {
	if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
	if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) {
		return node.quasis.map((/** @type {any} */ q) => q.value.cooked).join('');
	}
	return null;
}

/**
 * The scripts and stylesheets a prerendered page asks for before anything runs. The HTML is
 * SvelteKit's own output, regular enough for regular expressions.
 * @param {string} html
 * @param {string} htmlFile
 */
function pageEntryPoints(html, htmlFile) {
	const js = new Set();
	const css = new Set();
	/** @param {string} url @param {Set<string>} into */
	const add = (url, into) => {
		const file = resolveInBuild(url, htmlFile);
		if (file) into.add(file);
	};
	for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
		const attrs = attributes(tag);
		const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
		if (!attrs.href) continue;
		if (rel.includes('modulepreload')) add(attrs.href, js);
		else if (rel.includes('stylesheet')) add(attrs.href, css);
	}
	for (const [, open, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const { src } = attributes(`<script ${open}>`);
		if (src) add(src, js);
		// SvelteKit starts the app from an inline script: `import("/_app/immutable/entry/...")`.
		for (const [, url] of (body ?? '').matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
			add(/** @type {string} */ (url), js);
		}
	}
	return { js, css };
}

/** @param {string} tag @returns {Record<string, string>} */
function attributes(tag) {
	/** @type {Record<string, string>} */
	const attrs = {};
	for (const [, name, dq, sq, bare] of tag.matchAll(
		/([^\s=<>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g
	)) {
		attrs[/** @type {string} */ (name).toLowerCase()] = dq ?? sq ?? bare ?? '';
	}
	return attrs;
}

/** @param {string} dir @param {string} base @returns {Promise<string[]>} */
async function listFiles(dir, base) {
	/** @type {string[]} */
	const files = [];
	for (const entry of await readdir(path.join(base, dir), { withFileTypes: true })) {
		const rel = `${dir}/${entry.name}`;
		if (entry.isDirectory()) files.push(...(await listFiles(rel, base)));
		else files.push(rel);
	}
	return files;
}

/**
 * @param {string} buildDir
 * @returns {Promise<BundleAnalysis>}
 */
export async function analyseBundles(buildDir) {
	const reader = new BuildReader(buildDir);
	const pages = await findRoutePages(buildDir);
	if (!pages.some((p) => p.route === HOME)) throw new Error(`no index.html in ${buildDir}`);

	/** @type {Map<string, { js: Set<string>, css: Set<string> }>} */
	const loads = new Map();
	for (const page of pages) {
		const html = (await reader.read(page.file)).toString();
		const entry = pageEntryPoints(html, page.file);
		if (entry.js.size === 0) reader.warnings.push(`${page.file}: no script found`);
		loads.set(page.route, { js: await reader.staticClosure(entry.js), css: entry.css });
	}
	const homeJs = /** @type {{ js: Set<string> }} */ (loads.get(HOME)).js;

	/** @type {RouteBundle[]} */
	const routes = [];
	for (const page of pages) {
		const { js, css } = /** @type {{ js: Set<string>, css: Set<string> }} */ (
			loads.get(page.route)
		);
		routes.push({
			route: page.route,
			file: page.file,
			html: await reader.size(page.file),
			js: await reader.sizeAll([...js]),
			css: await reader.sizeAll([...css]),
			incremental:
				page.route === HOME ? null : await reader.sizeAll([...js].filter((f) => !homeJs.has(f)))
		});
	}

	const firstLoad = new Set([...loads.values()].flatMap((l) => [...l.js]));
	const allJs = (await listFiles(IMMUTABLE_DIR, buildDir).catch(() => [])).filter((f) =>
		f.endsWith('.js')
	);
	const app = await reader.sizeAll(allJs);
	const union = await reader.sizeAll([...firstLoad]);
	const lazyOnly = await reader.sizeAll(allJs.filter((f) => !firstLoad.has(f)));
	// Every chunk should be reachable from a page; one that is not points at a parsing gap.
	const reachable = await reader.staticClosure(firstLoad);
	for (const file of allJs) {
		for (const target of (await reader.chunkImports(file)).dynamicImports) reachable.add(target);
	}
	for (const file of allJs) {
		if (!reachable.has(file)) reader.warnings.push(`bundle-size: ${file} is imported by nothing`);
	}

	return {
		routes,
		allRoutes: { raw: union.raw, gzip: union.gzip, files: union.files.length },
		appJs: { raw: app.raw, gzip: app.gzip, files: app.files.length },
		lazyOnly,
		warnings: reader.warnings
	};
}

/** @param {number} bytes */
export const kB = (bytes) => Math.round(bytes / 10) / 100;

/** @type {import('./measurements.mjs').Measurement} */
export const bundleSize = {
	id: 'bundle-size',
	title: 'first-load JS per route (static, from build/)',
	needsServer: false,
	async run(ctx) {
		const analysis = await analyseBundles(ctx.buildDir);
		const [home, ...others] = analysis.routes;
		if (!home) throw new Error('no routes');
		const figures = [
			figure('js-home', kB(home.js.gzip), {
				note: `${home.js.files.length} files, ${kB(home.js.raw)} kB raw`
			}),
			figure('css-home', kB(home.css.gzip), { note: `${home.css.files.length} files` }),
			...others.map((r) =>
				figure('js-route-incremental', kB(/** @type {FileSet} */ (r.incremental).gzip), {
					subject: r.route,
					note: `${kB(r.js.gzip)} kB with the shared part`
				})
			),
			figure('js-all-routes', kB(analysis.allRoutes.gzip), {
				note: `${analysis.allRoutes.files} files, ${analysis.routes.length} routes`
			}),
			figure('js-app-total', kB(analysis.appJs.gzip), {
				note: `${analysis.appJs.files} files, ${kB(analysis.lazyOnly.gzip)} kB loaded only lazily`
			})
		];
		return { figures, details: analysis, warnings: analysis.warnings };
	}
};
