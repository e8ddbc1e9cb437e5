/**
 * The connected tests' Postgres: the same embedded server, Supabase bootstrap and unchanged
 * migrations as the db tests (tests/db), started by the fake's worker fixture.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applySchema } from '../../db/apply-schema';
import { startEmbeddedServer } from '../../db/embedded-server';

export interface TestDatabase {
	/** Superuser connections; the fake switches role per request, as PostgREST does. */
	pool: pg.Pool;
	stop: () => Promise<void>;
}

export async function startDatabase(): Promise<TestDatabase> {
	const server = await startEmbeddedServer();
	const { stop: stopServer, ...connection } = server;
	try {
		await applySchema(connection, randomBytes(18).toString('base64url'));
	} catch (error) {
		await stopServer();
		throw error;
	}
	const pool = new pg.Pool({ ...connection, max: 6 });
	// An idle client losing its connection (the server stopping) must not crash the worker.
	pool.on('error', () => undefined);
	return {
		pool,
		stop: async () => {
			await pool.end().catch(() => undefined);
			await stopServer();
		}
	};
}
