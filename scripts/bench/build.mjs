// Builds the app with the project's own script (`npm run build`, which also compiles the
// Paraglide messages), and takes a private copy of the output: other people build into the same
// folder, and a build that changes (or is half-written) under a running bench would mix two
// versions in one report, or make a page fail to load.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onCleanup, signalProcess, throwIfInterrupted, trackProcess } from './cleanup.mjs';

/**
 * Run `npm run build`, its output going to `logFile` (it is long; shown only when it fails).
 * A failed build is tried once more: two builds at the same time in the shared `.svelte-kit/`
 * (someone else's and ours) make one of them fail with missing files.
 * @param {string} root
 * @param {string} logFile
 * @param {(message: string) => void} log
 * @returns {Promise<{ seconds: number, log: string, attempts: number }>}
 */
export async function buildApp(root, logFile, log) {
	try {
		return { ...(await buildOnce(root, logFile)), attempts: 1 };
	} catch (error) {
		throwIfInterrupted();
		const reason = String(error instanceof Error ? error.message : error).split('\n')[0];
		log(`bench: ${reason}; trying once more in case someone else was building too`);
		await new Promise((resolve) => setTimeout(resolve, 5000));
		return { ...(await buildOnce(root, logFile)), attempts: 2 };
	}
}

/**
 * @param {string} root
 * @param {string} logFile
 * @returns {Promise<{ seconds: number, log: string }>}
 */
async function buildOnce(root, logFile) {
	const started = performance.now();
	const log = createWriteStream(logFile);
	/** @type {string[]} */
	const tail = [];
	const child = spawn('npm', ['run', 'build'], {
		cwd: root,
		// Own process group: Ctrl-C on the bench must also stop Vite, not only npm.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }
	});
	const forget = trackProcess(child.pid, { group: true });
	const unregister = onCleanup(() =>
		signalProcess(/** @type {number} */ (child.pid), true, 'SIGTERM')
	);
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (/** @type {Buffer} */ chunk) => {
			log.write(chunk);
			tail.push(...chunk.toString().split('\n'));
			tail.splice(0, Math.max(0, tail.length - 40));
		});
	}
	const code = await new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	forget();
	unregister();
	await new Promise((resolve) => log.end(resolve));
	if (code !== 0) {
		throw new Error(`npm run build exited with ${code}; last lines:\n${tail.join('\n')}`);
	}
	return { seconds: (performance.now() - started) / 1000, log: logFile };
}

/**
 * A hash of the files that change with every build (the worker embeds every precached file's
 * hash or revision), plus their modification times.
 * @param {string} buildDir
 * @returns {Promise<string | null>} null when there is no build
 */
export async function buildFingerprint(buildDir) {
	const hash = createHash('sha256');
	try {
		for (const file of ['sw.js', 'index.html']) {
			const full = path.join(buildDir, file);
			hash.update(await readFile(full));
			hash.update(String((await stat(full)).mtimeMs));
		}
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return null;
		throw error;
	}
	return hash.digest('hex').slice(0, 16);
}

/**
 * Copy `buildDir` to a temporary folder (`<dir>/build`), retrying when the build changed during
 * the copy (someone was rebuilding). The copy is removed by the bench's cleanup.
 * @param {string} buildDir
 * @returns {Promise<{ dir: string, buildDir: string, fingerprint: string }>}
 */
export async function snapshotBuild(buildDir) {
	const dir = await mkdtemp(path.join(tmpdir(), 'collectif-bench-build-'));
	onCleanup(() => rm(dir, { recursive: true, force: true }));
	const copy = path.join(dir, 'build');
	/** @type {unknown} */
	let lastError = null;
	for (let attempt = 1; attempt <= 5; attempt++) {
		const before = await buildFingerprint(buildDir);
		if (!before) throw new Error(`no build in ${buildDir} (no sw.js or index.html)`);
		await rm(copy, { recursive: true, force: true });
		// A file deleted by a rebuild in the middle of the copy fails it: try again.
		const copied = await cp(buildDir, copy, { recursive: true }).then(
			() => true,
			(error) => ((lastError = error), false)
		);
		// Same content and times before and after the copy: nobody rebuilt meanwhile.
		if (copied && before === (await buildFingerprint(buildDir))) {
			return { dir, buildDir: copy, fingerprint: before };
		}
		await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
	}
	throw new Error(
		`could not copy ${buildDir}, someone kept rebuilding it (${lastError ?? 'changed'})`
	);
}
