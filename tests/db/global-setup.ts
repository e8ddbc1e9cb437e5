import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { applySchema } from './apply-schema';
import { startEmbeddedServer } from './embedded-server';

/**
 * One Postgres per test run, shared by every db test file (they isolate themselves with their own
 * random rows). Vitest skips the teardown when setup throws, so setup cleans up after itself.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startEmbeddedServer();
	const { stop, ...connection } = server;
	const authenticatorPassword = randomBytes(18).toString('base64url');
	try {
		await applySchema(connection, authenticatorPassword);
	} catch (error) {
		await stop();
		throw error;
	}
	project.provide('database', { ...connection, authenticatorPassword });
	return stop;
}
