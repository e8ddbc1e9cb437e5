import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, connect, createSpace, createUser } from '../db/helpers';
import { args, batch, pull, push, uuid, type Mutation } from '../db/sync-helpers';

// Budget #14 of ../shared/design/budgets.md, measured on the real Postgres of the db tests:
// queued mutations drained through sync_push (as `authenticated`, RLS on, one transaction per
// batch like a PostgREST request), a replay that applies nothing, and a 20,000-row pull paged by
// 1,000. Run by `node scripts/bench/run.mjs --only sync-database` (project `db-bench`, not part of
// `npm test`); writes bench-results/sync-database.json.

const root = fileURLToPath(new URL('../..', import.meta.url));
const output = path.join(root, 'bench-results', 'sync-database.json');
const REPETITIONS = Number(process.env.SYNC_BENCH_REPETITIONS ?? 7);
const BATCH = Number(process.env.SYNC_BENCH_BATCH ?? 100);

/** A member's offline week: check-ins and check-outs in pairs, sign-ups in between. */
function queue(spaceId: string, ritualId: string, size: number): Mutation[] {
	const items: [string, unknown][] = [];
	const start = Date.now() - 5 * 86400_000;
	let visit = '';
	for (let i = 0; items.length < size; i++) {
		const at = new Date(start + i * 30_000).toISOString();
		if (i % 5 === 4)
			items.push(['signup.create@1', args.signup(spaceId, ritualId, { at, note: `n${i}` })]);
		else if (visit === '') {
			visit = uuid();
			items.push(['visit.start@1', { spaceId, visitId: visit, at }]);
		} else {
			items.push(['visit.end@1', { spaceId, visitId: visit, at }]);
			visit = '';
		}
	}
	return batch(1, ...items);
}

const median = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/** Nearest rank, as scripts/bench/stats.mjs. */
const p95 = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.max(1, Math.ceil(0.95 * s.length)) - 1]!;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function drain(db: pg.ClientBase, userId: string, clientId: string, mutations: Mutation[]) {
	const started = performance.now();
	let applied = 0;
	let duplicates = 0;
	for (let i = 0; i < mutations.length; i += BATCH) {
		const answer = await push(db, userId, clientId, mutations.slice(i, i + BATCH));
		for (const r of answer.results) {
			if (r.status === 'applied') applied++;
			else if (r.status === 'duplicate') duplicates++;
			else throw new Error(`rejected in the bench: ${JSON.stringify(r)}`);
		}
	}
	return { ms: performance.now() - started, applied, duplicates };
}

/** Rows inserted, updated or deleted so far, from the statistics (flushed first). */
async function writtenRows(db: pg.ClientBase): Promise<number> {
	await db.query('select pg_stat_force_next_flush()');
	await db.query('select 1'); // ends a transaction: the flush happens here
	const { rows } = await db.query<{ n: string }>(
		`select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as n
		from pg_stat_user_tables where schemaname in ('public', 'app_private')`
	);
	return Number(rows[0]!.n);
}

/** What a replay could change: the member's rows, the space's counter, the client's row. */
async function fingerprint(db: pg.ClientBase, spaceId: string, userId: string, clientId: string) {
	const { rows } = await db.query(
		`select (select count(*) from public.visits where user_id = $2) as visits,
			(select max(version) from public.visits where user_id = $2) as visit_version,
			(select count(*) from public.signups where user_id = $2) as signups,
			(select version from app_private.space_versions where space_id = $1) as counter,
			(select row(last_mutation_id, last_seen_at)::text from app_private.sync_clients where id = $3) as client,
			(select count(*) from app_private.mutation_results where client_id = $3) as results`,
		[spaceId, userId, clientId]
	);
	return rows[0];
}

describe('sync drain on the database (budget #14)', () => {
	let db: pg.Client;
	let space = '';
	let ritual = '';
	let host = '';
	const report: Record<string, unknown> = {};
	beforeAll(async () => {
		db = await connect();
		host = await createUser(db);
		space = await createSpace(db, { name: 'Banc', capacity: 10_000 });
		await addMember(db, space, host, 'host');
		const r = args.ritual(space, { capacity: null });
		ritual = r.ritualId;
		await push(db, host, uuid(), batch(1, ['ritual.create@1', r]));
		const { rows } = await db.query<{ version: string }>('show server_version');
		report.postgres = rows[0];
		report.batchSize = BATCH;
		report.repetitions = REPETITIONS;
	});
	afterAll(async () => {
		await mkdir(path.dirname(output), { recursive: true });
		await writeFile(
			output,
			JSON.stringify({ date: new Date().toISOString(), ...report }, null, '\t')
		);
		await db.end();
	});

	for (const size of [1000, 10_000]) {
		test(`${size} queued mutations drain in batches of ${BATCH}`, async () => {
			const samples: number[] = [];
			let replay: { ms: number; duplicates: number; rowsWritten: number } | null = null;
			for (let run = 0; run < REPETITIONS; run++) {
				// A fresh member and a fresh device each time: nothing cached for this client.
				const user = await createUser(db);
				await addMember(db, space, user);
				const client = uuid();
				const mutations = queue(space, ritual, size);
				const result = await drain(db, user, client, mutations);
				expect(result.applied).toBe(size);
				samples.push(result.ms);
				if (run === 0) {
					// The same queue again (every answer lost): all duplicates, nothing written.
					const state = await fingerprint(db, space, user, client);
					const before = await writtenRows(db);
					const again = await drain(db, user, client, mutations);
					const written = (await writtenRows(db)) - before;
					expect(again.duplicates).toBe(size);
					expect(await fingerprint(db, space, user, client)).toEqual(state);
					replay = { ms: round(again.ms), duplicates: again.duplicates, rowsWritten: written };
				}
			}
			report[`drain${size}`] = {
				mutations: size,
				p50: round(median(samples)),
				p95: round(p95(samples)),
				samples: samples.map(round),
				perSecond: Math.round(size / (median(samples) / 1000)),
				replay
			};
		});
	}

	test('a pull of 20,000 rows paged by 1,000 brings every row exactly once', async () => {
		const pullSpace = await createSpace(db, { name: 'Banc pull', capacity: 10_000 });
		const owner = await createUser(db);
		const member = await createUser(db);
		await addMember(db, pullSpace, owner, 'host');
		await addMember(db, pullSpace, member);
		// 19,998 visits + 1 space + 2 memberships = 20,001 rows.
		await db.query(
			`insert into public.visits (id, space_id, user_id, started_at, ended_at)
			select gen_random_uuid(), $1, $2, now() - (g || ' minutes')::interval,
				now() - (g || ' minutes')::interval + interval '30 minutes'
			from generate_series(1, 19998) as g`,
			[pullSpace, member]
		);
		await db.query('analyze public.visits');
		const samples: number[] = [];
		let last = { rows: 0, requests: 0, unique: 0 };
		for (let run = 0; run < REPETITIONS; run++) {
			const seen = new Set<string>();
			let rows = 0;
			let requests = 0;
			let cursor = null;
			const started = performance.now();
			for (;;) {
				const page = await pull(db, owner, uuid(), pullSpace, cursor, 1000);
				requests++;
				rows += page.changes.length;
				for (const change of page.changes) seen.add(`${change.table}:${change.id}`);
				cursor = page.cursor;
				if (!page.hasMore) break;
			}
			samples.push(performance.now() - started);
			last = { rows, requests, unique: seen.size };
		}
		expect(last).toEqual({ rows: 20_001, requests: 21, unique: 20_001 });
		report.pull20k = {
			rows: last.rows,
			requests: last.requests,
			everyRowOnce: last.unique === last.rows && last.rows === 20_001,
			p50: round(median(samples)),
			p95: round(p95(samples)),
			samples: samples.map(round)
		};
	});
});
