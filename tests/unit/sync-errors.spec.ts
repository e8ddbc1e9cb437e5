import { describe, expect, it } from 'vitest';
import {
	CLIENT_TOO_OLD,
	classifyFailure,
	isRetryable,
	type TransportFailure
} from '$lib/sync/errors';
import { retryDelayMs } from '$lib/sync/backoff';

describe('classifying a failed sync request', () => {
	it.each<[string, TransportFailure, string]>([
		['no answer at all (offline, DNS, reset)', {}, 'network'],
		['status 0 (fetch aborted)', { status: 0 }, 'network'],
		['401 from the gateway', { status: 401, message: 'Invalid JWT' }, 'auth'],
		['PostgREST: JWT expired', { status: 401, code: 'PGRST301' }, 'auth'],
		['PostgREST: no claims', { status: 400, code: 'PGRST302' }, 'auth'],
		['serialization failure', { status: 500, code: '40001' }, 'transient'],
		['deadlock', { status: 500, code: '40P01' }, 'transient'],
		['statement timeout', { status: 500, code: '57014' }, 'transient'],
		['connection exception', { status: 500, code: '08006' }, 'transient'],
		['PostgREST lost the database', { status: 503, code: 'PGRST001' }, 'transient'],
		['rate limited', { status: 429 }, 'transient'],
		['bad gateway', { status: 502 }, 'transient'],
		['gateway timeout', { status: 504 }, 'transient'],
		['client schema too old', { status: 400, code: CLIENT_TOO_OLD }, 'version'],
		['permission denied (a deployment bug)', { status: 403, code: '42501' }, 'bug'],
		['function not found', { status: 404, code: 'PGRST202' }, 'bug'],
		['a server bug', { status: 500, code: 'XX000' }, 'bug'],
		['invalid input', { status: 400, code: '22P02' }, 'bug']
	])('%s → %s', (_, failure, kind) => {
		expect(classifyFailure(failure)).toBe(kind);
	});

	it('retries network, auth and transient failures, never version or bug', () => {
		expect(['network', 'auth', 'transient'].every((k) => isRetryable(k as never))).toBe(true);
		expect(isRetryable('version')).toBe(false);
		expect(isRetryable('bug')).toBe(false);
	});
});

describe('retry delays', () => {
	it('grow exponentially up to a cap, with full jitter', () => {
		const top = () => 0.999_999;
		expect(retryDelayMs(0, top)).toBe(999);
		expect(retryDelayMs(3, top)).toBe(7_999);
		expect(retryDelayMs(10, top)).toBe(59_999);
		expect(retryDelayMs(1_000, top)).toBe(59_999);
		expect(retryDelayMs(5, () => 0)).toBe(0);
	});

	it('spread devices that retry at the same time', () => {
		let seed = 1;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, random)));
		expect(delays.size).toBeGreaterThan(40);
		for (const delay of delays) expect(delay).toBeLessThan(16_000);
	});
});
