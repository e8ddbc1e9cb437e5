// What a figure was measured on: the code (commit, and whether the tree had local changes) and
// the machine. Figures from different machines or Chromium versions are not comparable.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromiumVersion } from './chromium.mjs';

const run = promisify(execFile);

/** @param {string} root */
export async function gitInfo(root) {
	try {
		const [{ stdout: commit }, { stdout: branch }, { stdout: status }] = await Promise.all([
			run('git', ['rev-parse', 'HEAD'], { cwd: root }),
			run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root }),
			run('git', ['status', '--porcelain'], { cwd: root })
		]);
		return { commit: commit.trim(), branch: branch.trim(), dirty: status.trim().length > 0 };
	} catch {
		return { commit: null, branch: null, dirty: null };
	}
}

/** @param {string} root @param {string} name */
async function packageVersion(root, name) {
	try {
		const json = await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8');
		return /** @type {{ version: string }} */ (JSON.parse(json)).version;
	} catch {
		return null;
	}
}

/** @param {string} root */
export async function machineInfo(root) {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model.trim() ?? null,
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		node: process.version,
		chromium: await chromiumVersion(),
		lighthouse: await packageVersion(root, 'lighthouse'),
		playwright: await packageVersion(root, '@playwright/test'),
		vite: await packageVersion(root, 'vite')
	};
}
