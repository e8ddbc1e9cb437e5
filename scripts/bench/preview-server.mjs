// Serves the bench's snapshot of the build with `vite preview` on a free port of its own: port
// 4173 is often taken by someone else's preview on a shared machine. The project's Vite config is
// deliberately not loaded: with it, SvelteKit's preview serves `.svelte-kit/output`, which anyone's
// next build rewrites under the bench. Plain `vite preview` of a folder serves its files,
// `/rituals` as `rituals.html`, and `index.html` for unknown paths, like a static host.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { onCleanup, signalProcess, trackProcess } from './cleanup.mjs';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;

/** @returns {Promise<number>} a port that was free a moment ago */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, HOST, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * @typedef {object} PreviewServer
 * @property {string} url origin without a trailing slash, e.g. http://127.0.0.1:41234
 * @property {() => Promise<void>} stop
 */

/**
 * Start `vite preview` and wait until it answers `/`.
 * @param {string} root the project (where Vite is installed)
 * @param {string} site the folder to serve; its parent becomes Vite's root (Vite refuses to
 *   serve its root itself as the output folder)
 * @returns {Promise<PreviewServer>}
 */
export async function startPreview(root, site) {
	// Another process may grab the port between freePort() and Vite's listen: retry a few times.
	let lastError;
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			return await startOnPort(root, site, await freePort());
		} catch (error) {
			lastError = error;
			if (!String(error).includes('is already in use')) break;
		}
	}
	throw lastError;
}

/**
 * @param {string} root
 * @param {string} site
 * @param {number} port
 * @returns {Promise<PreviewServer>}
 */
async function startOnPort(root, site, port) {
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const viteRoot = path.dirname(site);
	const child = spawn(
		process.execPath,
		[
			vite,
			'preview',
			viteRoot,
			'--outDir',
			path.basename(site),
			'--host',
			HOST,
			'--port',
			String(port),
			'--strictPort'
		],
		{
			cwd: viteRoot,
			// Own process group, so stop() takes anything Vite may start along with it.
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: '0', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
		}
	);
	const pid = /** @type {number} */ (child.pid);
	const forget = trackProcess(pid, { group: true });
	let output = '';
	const collect = (/** @type {Buffer} */ chunk) => {
		output = (output + chunk.toString()).slice(-4000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	/** @type {Promise<void>} */
	const exited = new Promise((resolve) => child.once('exit', () => resolve()));

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		unregister();
		if (child.exitCode === null && child.signalCode === null) {
			signalProcess(pid, true, 'SIGTERM');
			const timer = setTimeout(() => signalProcess(pid, true, 'SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		}
		forget();
	};
	const unregister = onCleanup(stop);

	const url = `http://${HOST}:${port}`;
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`vite preview exited with ${child.exitCode}:\n${output}`);
		}
		try {
			const response = await fetch(`${url}/`);
			if (response.ok) return { url, stop };
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await stop();
	throw new Error(`vite preview did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
}
