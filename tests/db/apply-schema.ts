import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const bootstrapFile = path.join(root, 'tests/db/bootstrap.sql');
export const migrationsDir = path.join(root, 'supabase/migrations');

/**
 * Recreates what Supabase provides (bootstrap.sql), then applies every migration in name order,
 * unchanged, each in its own transaction like `supabase db push` does.
 */
export async function applySchema(config: pg.ClientConfig, authenticatorPassword: string) {
	const client = new pg.Client(config);
	await client.connect();
	try {
		await runFile(client, bootstrapFile);
		await client.query(
			`alter role authenticator password ${client.escapeLiteral(authenticatorPassword)}`
		);
		const migrations = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql'));
		for (const name of migrations.sort()) {
			await runFile(client, path.join(migrationsDir, name));
		}
	} finally {
		await client.end();
	}
}

async function runFile(client: pg.Client, file: string): Promise<void> {
	const sql = await readFile(file, 'utf8');
	try {
		await client.query('begin');
		await client.query(sql);
		await client.query('commit');
	} catch (error) {
		await client.query('rollback').catch(() => undefined);
		throw new Error(`${path.relative(root, file)}: ${describeSqlError(error, sql)}`, {
			cause: error
		});
	}
}

function describeSqlError(error: unknown, sql: string): string {
	if (!(error instanceof Error)) return String(error);
	const { position } = error as Error & { position?: string };
	if (!position) return error.message;
	const line = sql.slice(0, Number(position) - 1).split('\n').length;
	return `${error.message} (line ${line}: ${sql.split('\n')[line - 1]?.trim() ?? ''})`;
}
