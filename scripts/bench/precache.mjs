// Budget #17: what the service worker downloads and stores when it installs. The precache
// manifest is read from the generated worker (Workbox's `precacheAndRoute([{url, revision}])`),
// each URL is mapped to its file in build/, and the stored (uncompressed) sizes are summed: the
// Cache Storage keeps the decoded bodies, which is what counts against a phone's storage.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { figure } from './budgets.mjs';
import { gzipSize } from './bundle-size.mjs';

const WORKER_FILE = 'sw.js';

/** @typedef {{ url: string, revision: string | null }} PrecacheEntry */

/**
 * Find the manifest in the worker's code with Vite's parser: the argument of the
 * `precacheAndRoute(...)` call, an array of `{url, revision}` object literals.
 * @param {string} code
 * @returns {Promise<PrecacheEntry[]>}
 */
export async function parsePrecacheManifest(code) {
	const { parseAst } = await import('vite');
	/** @type {PrecacheEntry[] | null} */
	let entries = null;
	/** @param {any} node */
	const visit = (node) => {
		if (entries || !node || typeof node !== 'object') return;
		if (Array.isArray(node)) return node.forEach(visit);
		const callee = node.type === 'CallExpression' ? node.callee : null;
		const name = callee?.type === 'MemberExpression' ? callee.property?.name : callee?.name;
		if (name === 'precacheAndRoute' && node.arguments[0]?.type === 'ArrayExpression') {
			entries = node.arguments[0].elements.map(toEntry);
			return;
		}
		for (const key in node) if (key !== 'type') visit(node[key]);
	};
	visit(parseAst(code));
	if (!entries) throw new Error(`no precacheAndRoute([...]) call found in ${WORKER_FILE}`);
	return entries;
}

/** @param {any} node @returns {PrecacheEntry} */
function toEntry(node) {
	// Workbox also accepts bare strings (URLs without a revision).
	if (node?.type === 'Literal' && typeof node.value === 'string') {
		return { url: node.value, revision: null };
	}
	/** @type {Record<string, unknown>} */
	const fields = {};
	for (const property of node?.properties ?? []) {
		const key = property.key?.name ?? property.key?.value;
		fields[key] = property.value?.type === 'Literal' ? property.value.value : undefined;
	}
	if (typeof fields.url !== 'string') throw new Error('precache entry without a literal url');
	return {
		url: fields.url,
		revision: typeof fields.revision === 'string' ? fields.revision : null
	};
}

/**
 * The file the preview server (and any static host) answers for a precached URL: `rituals`
 * is served from `rituals.html`, `/` from `index.html`.
 * @param {string} buildDir
 * @param {string} url relative to the worker's scope
 * @returns {Promise<{ file: string, size: number } | null>}
 */
async function fileFor(buildDir, url) {
	const clean = decodeURIComponent(
		url
			.replace(/[?#].*$/, '')
			.replace(/^\/+/, '')
			.replace(/\/$/, '')
	);
	const candidates =
		clean === '' ? ['index.html'] : [clean, `${clean}.html`, `${clean}/index.html`];
	for (const file of candidates) {
		try {
			const info = await stat(path.join(buildDir, file));
			if (info.isFile()) return { file, size: info.size };
		} catch {
			// Try the next candidate.
		}
	}
	return null;
}

/** @type {import('./measurements.mjs').Measurement} */
export const precache = {
	id: 'precache',
	title: 'service worker precache (from build/sw.js)',
	needsServer: false,
	async run(ctx) {
		const code = await readFile(path.join(ctx.buildDir, WORKER_FILE), 'utf8');
		const entries = await parsePrecacheManifest(code);
		/** @type {string[]} */
		const warnings = [];

		// The same URL twice (e.g. listed in includeAssets and matched by a glob) is stored once.
		const urls = [...new Set(entries.map((e) => e.url.replace(/^\/+(?=.)/, '')))];
		const duplicates = entries.length - urls.length;
		/** @type {Array<{ url: string, file: string, bytes: number, gzip: number }>} */
		const files = [];
		/** @type {string[]} */
		const missing = [];
		for (const url of urls) {
			const found = await fileFor(ctx.buildDir, url);
			if (!found) {
				missing.push(url);
				continue;
			}
			const content = await readFile(path.join(ctx.buildDir, found.file));
			files.push({ url, file: found.file, bytes: found.size, gzip: gzipSize(content) });
		}
		if (missing.length > 0) {
			// Workbox fails the whole install when one precached URL does not load.
			warnings.push(
				`precache: ${missing.length} URL(s) with no file in build/: ${missing.join(', ')}`
			);
		}
		if (duplicates > 0) {
			const seen = new Set();
			const twice = entries.map((e) => e.url).filter((u) => seen.has(u) || !seen.add(u));
			warnings.push(`precache: listed more than once (stored once): ${twice.join(', ')}`);
		}

		files.sort((a, b) => b.bytes - a.bytes);
		const total = files.reduce((sum, f) => sum + f.bytes, 0);
		const largest = files[0] ?? null;
		const KiB = (/** @type {number} */ bytes) => Math.round((bytes / 1024) * 10) / 10;
		return {
			figures: [
				figure('precache-total', KiB(total), {
					note: `${KiB(files.reduce((sum, f) => sum + f.gzip, 0))} KiB gzip on the wire`
				}),
				figure('precache-largest', largest ? KiB(largest.bytes) : 0, {
					note: largest?.file
				}),
				figure('precache-entries', entries.length, {
					note: duplicates > 0 ? `${urls.length} unique URLs` : undefined
				})
			],
			details: {
				worker: WORKER_FILE,
				entries: entries.length,
				uniqueUrls: urls.length,
				duplicates,
				totalBytes: total,
				missing,
				files
			},
			warnings
		};
	}
};
