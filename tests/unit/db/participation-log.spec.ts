import fc from 'fast-check';
import { liveQuery, type DBCore } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type CollectifDB } from '$lib/db/database';
import { FactJournal, KEEP, PRUNED, PRUNE_EVERY } from '$lib/db/fact-journal';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { hostLog, hostLogSaved, JOURNAL_LIMIT, spaceFacts } from '$lib/db/participation-log';
import { applyPulledPage, confirmThrough, resetSpace } from '$lib/db/sync-store';
import { compactFacts, NOBODY, type ParticipationLog } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import { dateOfDay, NEVER } from '$lib/domain/participation/days';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { builtIndex, indexData, logIndex } from '$lib/domain/participation/log-index';
import { MutationError } from '$lib/domain/mutations/errors';
import type { Change, PullResponse } from '$lib/domain/protocol';
import { addDays, localDateOf, zonedInstant } from '$lib/domain/time';
import type { AttendancePart } from '$lib/domain/types';
import { HOST, MEMBER, OTHER, SPACE, plan, ritualArgs, rules, spaceArgs, uuid } from '../builders';
import { normalised } from '../domain/participation/builders';
import { applyMutation, applyMutations } from './harness';

/**
 * The host's compact log kept from a snapshot and the journal of changed rows
 * (`participation-log.ts`): whatever happened in between (local mutations, pulls, confirmations,
 * rejections, resets, views saved or not, another tab), it reads as a log compacted from every
 * row of the space.
 */
const ZONE = 'Europe/Paris';
const NOW = new Date('2026-11-26T10:00:00.000Z');
const TODAY = localDateOf(NOW, ZONE);
const RITUAL = uuid(700);
const SECOND = uuid(701);
const PLAN = uuid(900);
const PEOPLE = [MEMBER, OTHER, uuid(11), uuid(12), uuid(13), uuid(14)];
/** The lunch's past Thursdays, oldest first: 2026-09-03 … 2026-11-19. */
const LUNCHES = Array.from({ length: 12 }, (_, i) => `${addDays('2026-09-03', 7 * i)}T12:30`);

let serial = 0;
/** A database that counts the queries (index ranges, not key lookups) read per table. */
function countedDb(name = `participation-log-${process.pid}-${++serial}`) {
	const queries = new Map<string, number>();
	const db = openDatabase(name);
	db.use({
		stack: 'dbcore',
		name: 'count-queries',
		create: (down: DBCore): DBCore => ({
			...down,
			table: (table) => {
				const inner = down.table(table);
				return {
					...inner,
					query: (request) => {
						queries.set(table, (queries.get(table) ?? 0) + 1);
						return inner.query(request);
					}
				};
			}
		})
	});
	return { db, queries };
}

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});

async function setUp(db: CollectifDB): Promise<void> {
	await applyMutations(db, [
		as(HOST, 'space.create@1', spaceArgs()),
		...PEOPLE.map((userId, i) =>
			as(HOST, 'membership.add@1', { userId, displayName: `P${i}`, role: 'member' })
		),
		as(HOST, 'plan.create@1', { planId: PLAN, ...planArgs() }),
		as(
			HOST,
			'ritual.create@1',
			ritualArgs({ ritualId: RITUAL, startsAt: LUNCHES[0], capacity: 20 })
		)
	]);
	await acceptOutboxLocally(db);
}

const planArgs = () => ({
	name: 'Carnet 10 h',
	kind: 'pack',
	hours: 10,
	validityDays: 90,
	rules: rules()
});

type Page = Extract<PullResponse, { reset: false }>;
const page = (changes: Change[]): Page => ({
	reset: false,
	changes,
	results: [],
	cursor: { v: 1 },
	hasMore: false,
	lastMutationId: 0,
	serverTime: NOW.toISOString()
});

/** Noon (Paris) `daysAgo` days before today, plus `hour` hours. */
const instantAgo = (daysAgo: number, hour = 0) =>
	zonedInstant(addDays(TODAY, -daysAgo), 9 + hour, 15, ZONE);

/** Everything a log holds that the model reads, by ids (indices differ with the order of facts). */
function canonical(log: ParticipationLog) {
	const index = logIndex(log);
	const people: Record<string, unknown> = {};
	log.users.forEach((userId, user) => {
		const { offsets, items } = index.presenceByUser;
		const presence = [...items.subarray(offsets[user]!, offsets[user + 1]!)].map(dateOfDay);
		const person = {
			staff: index.staff[user],
			optOut: index.optOut[user] === NEVER ? null : dateOfDay(index.optOut[user]!),
			firstSeen: index.firstSeen[user] === NEVER ? null : dateOfDay(index.firstSeen[user]!),
			presence
		};
		if (person.staff || person.optOut || person.firstSeen || presence.length > 0)
			people[userId] = person;
	});
	const who = (user: number) => (user === NOBODY ? null : log.users[user]!);
	const occurrence = (o: number) =>
		`${log.rituals[log.occurrences.ritual.get(o)]!}|${log.occurrences.key[o]!}`;
	const rows = <T>(
		keyed: { rows: Map<string, number> },
		keep: (row: number) => boolean,
		value: (row: number) => T
	) =>
		Object.fromEntries(
			[...keyed.rows]
				.filter(([, row]) => keep(row))
				.map(([id, row]) => [id, value(row)] as const)
				.sort(([a], [b]) => a.localeCompare(b))
		);
	const a = log.attendance.column;
	const s = log.signups.column;
	const w = log.welcomes.column;
	const p = log.proposals.column;
	return {
		people,
		attendance: rows(
			log.attendance,
			(row) => a.part.get(row) >= 0,
			(row) => [occurrence(a.occurrence.get(row)), who(a.user.get(row)), a.part.get(row)]
		),
		signups: rows(
			log.signups,
			(row) => s.active.get(row) === 1,
			(row) => [occurrence(s.occurrence.get(row)), who(s.user.get(row))]
		),
		welcomes: rows(
			log.welcomes,
			(row) => w.welcomer.get(row) !== NOBODY,
			(row) => [who(w.newcomer.get(row)), who(w.welcomer.get(row)), w.day.get(row)]
		),
		proposals: rows(
			log.proposals,
			(row) => p.accepted.get(row) === 1 && p.decided.get(row) !== NEVER,
			(row) => [who(p.user.get(row)), p.decided.get(row), log.rituals[p.ritual.get(row)] ?? null]
		),
		scheduled: [
			...new Set(
				log.scheduled.key.map((key, row) => `${log.rituals[log.scheduled.ritual.get(row)]!}|${key}`)
			)
		].sort()
	};
}

async function fromScratch(db: CollectifDB): Promise<ParticipationLog> {
	return compactFacts(await spaceFacts(db, SPACE, TODAY), ZONE);
}

async function expectUpToDate(db: CollectifDB, log: ParticipationLog): Promise<void> {
	const scratch = await fromScratch(db);
	expect(canonical(log)).toEqual(canonical(scratch));
	for (const date of [addDays(TODAY, -40), TODAY]) {
		expect(normalised(hostIndicators(log, date, defaultConfig))).toEqual(
			normalised(hostIndicators(scratch, date, defaultConfig))
		);
	}
}

const view = (db: CollectifDB) => hostLog(db, SPACE, ZONE, { now: NOW });

let db: CollectifDB;
let queries: Map<string, number>;
beforeEach(async () => {
	({ db, queries } = countedDb());
	await setUp(db);
});
afterEach(async () => {
	await hostLogSaved(db);
	await db.delete();
});

const checkIn = (userId: string, daysAgo: number, visitId: string = crypto.randomUUID()) =>
	applyMutations(
		db,
		[
			as(userId, 'visit.start@1', { visitId, at: instantAgo(daysAgo) }),
			as(userId, 'visit.end@1', { visitId, at: instantAgo(daysAgo, 3) })
		],
		{ now: NOW }
	);

describe('the journal of changed facts', () => {
	it('every write path notes the fact rows it changes, in its transaction, and nothing else', async () => {
		await db.factChanges.clear();
		const visitId = uuid(501);
		await applyMutation(db, as(MEMBER, 'visit.start@1', { visitId, at: instantAgo(1) }), NOW);
		expect(await db.factChanges.toArray()).toMatchObject([
			{ spaceId: SPACE, table: 'visits', id: visitId }
		]);
		// Accepting the outbox only drops marks: no fact changed.
		await acceptOutboxLocally(db);
		expect(await db.factChanges.count()).toBe(1);
		// A pull: fact rows are noted, other tables not.
		await db.factChanges.clear();
		const visit = (await db.visits.get(visitId))!;
		await applyPulledPage(
			db,
			SPACE,
			page([
				{
					table: 'visits',
					id: visitId,
					deleted: false,
					row: { ...visit, endedAt: instantAgo(1, 2) }
				},
				{ table: 'plans', id: PLAN, deleted: false, row: { ...plan({ id: PLAN, spaceId: SPACE }) } }
			])
		);
		expect(await db.factChanges.toArray()).toMatchObject([{ table: 'visits', id: visitId }]);
		// A visit that moved to another day names its person, whose days are read again.
		await db.factChanges.clear();
		await applyPulledPage(
			db,
			SPACE,
			page([
				{
					table: 'visits',
					id: visitId,
					deleted: false,
					row: { ...visit, startedAt: instantAgo(3) }
				}
			])
		);
		expect(await db.factChanges.toArray()).toMatchObject([
			{ table: 'visits', id: visitId, recompute: MEMBER }
		]);
		// A reset: everything of the space.
		await resetSpace(db, SPACE, 'expired');
		expect((await db.factChanges.toArray()).at(-1)).toMatchObject({ spaceId: SPACE, table: '*' });
	});

	it('a seeding batch notes each space it writes once, as everything changed', async () => {
		await db.factChanges.clear();
		await applyMutations(
			db,
			[
				as(MEMBER, 'visit.start@1', { visitId: uuid(511), at: instantAgo(2) }),
				as(MEMBER, 'visit.end@1', { visitId: uuid(511), at: instantAgo(2, 3) }),
				as(MEMBER, 'visit.start@1', { visitId: uuid(512), at: instantAgo(1) })
			],
			{ now: NOW, mode: 'accepted', seeding: { leftOut: () => {} } }
		);
		expect(await db.factChanges.toArray()).toMatchObject([{ spaceId: SPACE, table: '*', id: '' }]);
		expect(await db.factChanges.count()).toBe(1);
	});

	it('a refused mutation notes nothing', async () => {
		const before = await db.factChanges.count();
		await expect(
			applyMutation(
				db,
				as(MEMBER, 'welcome.confirm@1', {
					welcomeId: uuid(1001),
					welcomerId: MEMBER,
					at: NOW.toISOString()
				}),
				NOW
			)
		).rejects.toBeInstanceOf(MutationError);
		expect(await db.factChanges.count()).toBe(before);
	});

	it('is pruned as it grows: entries older than the last KEEP go, and meta says up to where', async () => {
		await db.transaction('rw', [db.factChanges, db.meta], async () => {
			const journal = new FactJournal();
			const count = KEEP + PRUNE_EVERY;
			for (let i = 0; i < count; i++) journal.everything(SPACE);
			await journal.flush(db);
		});
		const last = (await db.factChanges.toCollection().lastKey()) as number;
		expect(await db.factChanges.count()).toBe(KEEP);
		expect((await db.meta.get(PRUNED))?.value).toBe(last - KEEP);
	});
});

describe('the host’s kept log', () => {
	it('is built from the rows once, saved, then read from its snapshot', async () => {
		await checkIn(MEMBER, 2);
		queries.clear();
		const first = await view(db);
		expect(queries.get('visits')).toBe(1);
		await expectUpToDate(db, first);
		await hostLogSaved(db);
		expect(await db.participationLogs.get(SPACE)).toMatchObject({ spaceId: SPACE, timeZone: ZONE });
		expect(
			await db.factChanges.where('[spaceId+seq]').between([SPACE, 0], [SPACE, Infinity]).count()
		).toBe(0);
		// Nothing changed: the same object, no row read.
		queries.clear();
		expect(await view(db)).toBe(first);
		expect(queries.get('visits')).toBeUndefined();
		// A change: a new object, with only the changed rows read.
		await checkIn(OTHER, 1);
		queries.clear();
		const second = await view(db);
		expect(second).not.toBe(first);
		expect(queries.get('visits')).toBeUndefined();
		await expectUpToDate(db, second);
		// The first one is left as it was.
		expect(canonical(first)).not.toEqual(canonical(second));
	});

	it('another tab restores the snapshot and reads only what changed since', async () => {
		await checkIn(MEMBER, 2);
		await view(db);
		await hostLogSaved(db);
		await checkIn(OTHER, 1);
		const other = countedDb(db.name);
		const log = await hostLog(other.db, SPACE, ZONE, { now: NOW });
		expect(other.queries.get('visits')).toBeUndefined();
		await expectUpToDate(db, log);
		await hostLogSaved(other.db);
		other.db.close();
	});

	it('another tab that finds nothing changed takes the kept index as it is', async () => {
		await checkIn(MEMBER, 2);
		const first = await view(db);
		await hostLogSaved(db);
		const other = countedDb(db.name);
		const log = await hostLog(other.db, SPACE, ZONE, { now: NOW });
		expect(builtIndex(log)).toBeDefined();
		expect(indexData(builtIndex(log)!)).toEqual(indexData(logIndex(first)));
		await expectUpToDate(db, log);
		other.db.close();
	});

	it('a visit corrected to another day leaves no day behind; a deleted one neither', async () => {
		const visitId = uuid(510);
		await checkIn(MEMBER, 5, visitId);
		await acceptOutboxLocally(db);
		await view(db);
		await hostLogSaved(db);
		const visit = (await db.visits.get(visitId))!;
		await applyPulledPage(
			db,
			SPACE,
			page([
				{
					table: 'visits',
					id: visitId,
					deleted: false,
					row: { ...visit, startedAt: instantAgo(9), endedAt: instantAgo(9, 2) }
				}
			])
		);
		const moved = await view(db);
		await expectUpToDate(db, moved);
		expect(canonical(moved).people[MEMBER]).toMatchObject({ presence: [addDays(TODAY, -9)] });
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'visits', id: visitId, deleted: true, row: null }])
		);
		const gone = await view(db);
		expect(canonical(gone).people[MEMBER]).toBeUndefined();
		await expectUpToDate(db, gone);
	});

	it('follows switches and memberships that go away', async () => {
		const prefs = {
			id: `${SPACE}:${MEMBER}`,
			spaceId: SPACE,
			userId: MEMBER,
			optedOut: true,
			optedOutAt: instantAgo(10),
			happyToBeAsked: false
		};
		const host = {
			id: `${SPACE}:${OTHER}`,
			spaceId: SPACE,
			userId: OTHER,
			displayName: 'Inès',
			role: 'host' as const,
			showPresence: false
		};
		await applyPulledPage(
			db,
			SPACE,
			page([
				{ table: 'participationPrefs', id: prefs.id, deleted: false, row: prefs },
				{ table: 'memberships', id: host.id, deleted: false, row: host }
			])
		);
		const before = await view(db);
		expect(canonical(before).people[MEMBER]).toMatchObject({ optOut: addDays(TODAY, -10) });
		expect(canonical(before).people[OTHER]).toMatchObject({ staff: 1 });
		await hostLogSaved(db);
		await applyPulledPage(
			db,
			SPACE,
			page([
				{ table: 'participationPrefs', id: prefs.id, deleted: true, row: null },
				{ table: 'memberships', id: host.id, deleted: true, row: null }
			])
		);
		const after = await view(db);
		expect(canonical(after).people[MEMBER]).toBeUndefined();
		expect(canonical(after).people[OTHER]).toBeUndefined();
		await expectUpToDate(db, after);
	});

	it('a row deleted by unsynced work and put back when the server refuses it', async () => {
		const row = {
			id: uuid(601),
			spaceId: SPACE,
			ritualId: RITUAL,
			occurrence: LUNCHES[10]!,
			userId: MEMBER,
			part: 'coanimated' as const,
			roleKey: null,
			markedBy: HOST,
			markedAt: NOW.toISOString()
		};
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'attendance', id: row.id, deleted: false, row }])
		);
		await view(db);
		await hostLogSaved(db);
		// The host's new list leaves the member out: gone at once, and from the log.
		const id = await applyMutation(
			db,
			as(HOST, 'attendance.mark@1', { ritualId: RITUAL, occurrence: row.occurrence, entries: [] }),
			NOW
		);
		expect(canonical(await view(db)).attendance).toEqual({});
		await hostLogSaved(db);
		// The server refused it (and still has the row): it comes back, in the log too.
		await confirmThrough(db, id);
		const back = await view(db);
		expect(Object.keys(canonical(back).attendance)).toEqual([row.id]);
		await expectUpToDate(db, back);
	});

	it('a damaged snapshot is not used: the log is built again from the rows', async () => {
		const attendance = (id: string, userId: string) => ({
			id,
			spaceId: SPACE,
			ritualId: RITUAL,
			occurrence: LUNCHES[9]!,
			userId,
			part: 'attended' as const,
			roleKey: null,
			markedBy: HOST,
			markedAt: NOW.toISOString()
		});
		const first = attendance(uuid(611), MEMBER);
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'attendance', id: first.id, deleted: false, row: first }])
		);
		await view(db);
		await hostLogSaved(db);
		// The ids of the kept attendance rows no longer parse (read only when a row changes).
		const kept = (await db.participationSnapshots.get(SPACE))!;
		await db.participationSnapshots.put({
			...kept,
			log: { ...kept.log, attendance: { ...kept.log.attendance, ids: '["' } }
		});
		const second = attendance(uuid(612), OTHER);
		await applyPulledPage(
			db,
			SPACE,
			page([{ table: 'attendance', id: second.id, deleted: false, row: second }])
		);
		const other = countedDb(db.name);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const log = await hostLog(other.db, SPACE, ZONE, { now: NOW });
			expect(warn).toHaveBeenCalledWith(
				'participation log: the kept snapshot was not used',
				expect.any(SyntaxError)
			);
			expect(other.queries.get('visits')).toBe(1);
			expect(Object.keys(canonical(log).attendance).sort()).toEqual([first.id, second.id].sort());
			await expectUpToDate(db, log);
		} finally {
			warn.mockRestore();
			await hostLogSaved(other.db);
			other.db.close();
		}
	});

	it('is built again after a reset, a long absence, pruning, or in another zone', async () => {
		await checkIn(MEMBER, 2);
		await view(db);
		await hostLogSaved(db);
		const rebuilt = async () => {
			queries.clear();
			const log = await view(db);
			const read = queries.get('visits') ?? 0;
			await hostLogSaved(db);
			await expectUpToDate(db, log);
			return read;
		};
		await resetSpace(db, SPACE, 'expired');
		expect(await rebuilt()).toBe(1);
		expect(await rebuilt()).toBe(0);
		// More changed rows than are worth reading one by one.
		await db.factChanges.bulkAdd(
			Array.from({ length: JOURNAL_LIMIT + 1 }, () => ({
				spaceId: SPACE,
				table: 'visits' as const,
				id: uuid(999)
			}))
		);
		expect(await rebuilt()).toBe(1);
		expect(await rebuilt()).toBe(0);
		// Entries after the snapshot may have been pruned.
		const head = (await db.participationLogs.get(SPACE))!;
		await db.meta.put({ key: PRUNED, value: head.seq + 1 });
		expect(await rebuilt()).toBe(1);
		// Another zone.
		queries.clear();
		await hostLog(db, SPACE, 'America/New_York', { now: NOW });
		expect(queries.get('visits')).toBe(1);
	});

	it('keeps the scheduled occurrences up to today, and follows a series that changed', async () => {
		const log = await view(db);
		const keys = canonical(log).scheduled;
		expect(keys).toContain(`${RITUAL}|${LUNCHES[0]}`);
		expect(keys.at(-1)).toBe(`${RITUAL}|${TODAY}T12:30`);
		await hostLogSaved(db);
		// A week later, the next lunch is scheduled too, without reading the rows again.
		queries.clear();
		const later = await hostLog(db, SPACE, ZONE, { now: new Date('2026-12-03T18:00:00.000Z') });
		expect(canonical(later).scheduled.at(-1)).toBe(`${RITUAL}|2026-12-03T12:30`);
		expect(queries.get('visits')).toBeUndefined();
		await hostLogSaved(db);
		await applyMutation(
			db,
			as(HOST, 'ritual.end@1', { ritualId: RITUAL, from: '2026-10-01T12:30', message: 'Fin' }),
			NOW
		);
		const ended = await view(db);
		await expectUpToDate(db, ended);
	});

	it('works inside a live query: read-only, a new log after a write, saved after it', async () => {
		const seen: ParticipationLog[] = [];
		const subscription = liveQuery(() => view(db)).subscribe({
			next: (log) => seen.push(log),
			error: (error: unknown) => {
				throw error;
			}
		});
		const settle = async (count: number) => {
			for (let i = 0; i < 200 && seen.length < count; i++) {
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			await hostLogSaved(db);
			await new Promise((resolve) => setTimeout(resolve, 30));
		};
		await settle(1);
		expect(await db.participationLogs.get(SPACE)).toBeDefined();
		const before = seen.length;
		await checkIn(MEMBER, 1);
		await settle(before + 1);
		subscription.unsubscribe();
		const last = seen.at(-1)!;
		expect(seen.length).toBeGreaterThan(before);
		await expectUpToDate(db, last);
		// The live query ran again after its own save and got the same object: nothing to redraw.
		expect(new Set(seen.slice(before)).size).toBe(1);
	});
});

// ---------------------------------------------------------------------------------------------
// Property: any sequence of writes, pulls, confirmations, rejections and resets, viewed at any
// points (saved or not, from this tab or another), ends with a log equal to one built from the rows.

const person = fc.constantFrom(...PEOPLE);
const someone = fc.constantFrom(HOST, ...PEOPLE);
const part = fc.constantFrom<AttendancePart>('attended', 'contributed', 'coanimated', 'led');
// Few lunches and ids, so that later changes often meet earlier ones.
const lunch = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...LUNCHES.slice(-3)) },
	{ weight: 1, arbitrary: fc.constantFrom(...LUNCHES) }
);
const pooled = (base: number) => fc.integer({ min: 0, max: 2 }).map((i) => uuid(base + i));

const serverChange = fc.oneof(
	fc.record({
		table: fc.constant('visits' as const),
		id: pooled(500),
		deleted: fc.boolean(),
		userId: person,
		daysAgo: fc.integer({ min: 0, max: 80 })
	}),
	fc.record({
		table: fc.constant('attendance' as const),
		id: pooled(600),
		deleted: fc.boolean(),
		userId: fc.option(someone, { freq: 5 }),
		occurrence: lunch,
		part
	}),
	fc.record({
		table: fc.constant('signups' as const),
		id: pooled(650),
		deleted: fc.boolean(),
		userId: person,
		occurrence: lunch,
		cancelled: fc.boolean()
	}),
	fc.record({
		table: fc.constant('welcomes' as const),
		id: pooled(680),
		deleted: fc.boolean(),
		userId: person,
		welcomerId: fc.option(someone),
		daysAgo: fc.integer({ min: 0, max: 60 })
	}),
	fc.record({
		table: fc.constant('participationPrefs' as const),
		deleted: fc.boolean(),
		userId: person,
		optedOut: fc.boolean(),
		daysAgo: fc.integer({ min: 0, max: 60 })
	}),
	fc.record({
		table: fc.constant('contracts' as const),
		id: pooled(720),
		deleted: fc.boolean(),
		userId: person,
		daysAgo: fc.integer({ min: 0, max: 200 })
	}),
	fc.record({
		table: fc.constant('memberships' as const),
		deleted: fc.boolean(),
		userId: person,
		host: fc.boolean()
	}),
	fc.record({
		table: fc.constant('proposals' as const),
		id: pooled(760),
		deleted: fc.boolean(),
		userId: person,
		accepted: fc.boolean(),
		daysAgo: fc.integer({ min: 0, max: 90 })
	}),
	fc.record({
		table: fc.constant('rituals' as const),
		deleted: fc.boolean(),
		endsBefore: fc.option(lunch)
	})
);

type ServerChange = typeof serverChange extends fc.Arbitrary<infer T> ? T : never;

function changeOf(change: ServerChange): Change {
	const row = (): Change['row'] => {
		switch (change.table) {
			case 'visits':
				return {
					id: change.id,
					spaceId: SPACE,
					userId: change.userId,
					startedAt: instantAgo(change.daysAgo),
					endedAt: instantAgo(change.daysAgo, 2),
					autoClosed: false,
					flagged: false,
					reviewed: false
				};
			case 'attendance':
				return {
					id: change.id,
					spaceId: SPACE,
					ritualId: RITUAL,
					occurrence: change.occurrence,
					userId: change.userId,
					part: change.part,
					roleKey: null,
					markedBy: HOST,
					markedAt: NOW.toISOString()
				};
			case 'signups':
				return {
					id: change.id,
					spaceId: SPACE,
					ritualId: RITUAL,
					occurrence: change.occurrence,
					userId: change.userId,
					roleKey: null,
					note: '',
					cancelled: change.cancelled,
					createdAt: NOW.toISOString(),
					rank: 1,
					roleRank: 1
				};
			case 'welcomes':
				return {
					id: change.id,
					spaceId: SPACE,
					newcomerId: change.userId,
					welcomerId: change.welcomerId === change.userId ? null : change.welcomerId,
					confirmedAt: instantAgo(change.daysAgo)
				};
			case 'participationPrefs':
				return {
					id: `${SPACE}:${change.userId}`,
					spaceId: SPACE,
					userId: change.userId,
					optedOut: change.optedOut,
					optedOutAt: change.optedOut ? instantAgo(change.daysAgo) : null,
					happyToBeAsked: false
				};
			case 'contracts':
				return {
					id: change.id,
					spaceId: SPACE,
					userId: change.userId,
					planId: PLAN,
					kind: 'pack',
					startsOn: addDays(TODAY, -change.daysAgo),
					expiresOn: null,
					minutesGranted: 600,
					rules: rules()
				};
			case 'memberships':
				return {
					id: `${SPACE}:${change.userId}`,
					spaceId: SPACE,
					userId: change.userId,
					displayName: 'Someone',
					role: change.host ? 'host' : 'member',
					showPresence: false
				};
			case 'proposals':
				return {
					id: change.id,
					spaceId: SPACE,
					userId: change.userId,
					kind: 'meal',
					title: 'Idée',
					description: '',
					place: '',
					durationMinutes: 60,
					rrule: 'FREQ=WEEKLY;BYDAY=TU',
					startsAt: '2026-10-06T18:30',
					roles: [],
					willLead: false,
					status: change.accepted ? 'accepted' : 'declined',
					response: '',
					ritualId: change.accepted ? SECOND : null,
					createdAt: instantAgo(change.daysAgo + 3),
					decidedAt: instantAgo(change.daysAgo)
				};
			case 'rituals':
				return {
					...(ritualArgs({ ritualId: SECOND, startsAt: '2026-10-06T18:30' }) as object),
					id: SECOND,
					spaceId: SPACE,
					rrule: 'FREQ=WEEKLY;BYDAY=TU',
					capacity: 10,
					leadUserId: null,
					endsBefore: change.endsBefore === null ? null : '2026-11-03T18:30',
					endMessage: '',
					continuedBy: null,
					proposalId: null
				} as Change['row'];
		}
	};
	const id =
		'id' in change ? change.id : change.table === 'rituals' ? SECOND : `${SPACE}:${change.userId}`;
	return change.deleted
		? ({ table: change.table, id, deleted: true, row: null } as Change)
		: ({ table: change.table, id, deleted: false, row: row() } as Change);
}

const operation = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('visit' as const),
			userId: person,
			daysAgo: fc.integer({ min: 0, max: 70 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('mark' as const),
			occurrence: lunch,
			entries: fc.uniqueArray(fc.tuple(someone, part), { maxLength: 4, selector: ([u]) => u })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('welcome' as const),
			userId: person,
			welcomerId: fc.option(someone)
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('prefs' as const),
			userId: person,
			optedOut: fc.boolean(),
			daysAgo: fc.integer({ min: 0, max: 40 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('contract' as const),
			userId: person,
			daysAgo: fc.integer({ min: 0, max: 300 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({ kind: fc.constant('role' as const), userId: person, host: fc.boolean() })
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('correct' as const),
			id: pooled(500),
			daysAgo: fc.integer({ min: 0, max: 6 })
		})
	},
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('pull' as const),
			changes: fc.array(serverChange, { minLength: 1, maxLength: 6 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('confirm' as const),
			share: fc.double({ min: 0, max: 1, noNaN: true })
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('accept' as const) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const) }) },
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('view' as const),
			settle: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
			otherTab: fc.boolean()
		})
	}
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function run(db: CollectifDB, other: CollectifDB, op: Operation): Promise<void> {
	const mutate = async (requests: ReturnType<typeof as>[], now = NOW) => {
		try {
			await applyMutations(db, requests, { now });
		} catch (error) {
			if (!(error instanceof MutationError)) throw error;
		}
	};
	switch (op.kind) {
		case 'visit': {
			const visitId = crypto.randomUUID();
			return mutate([
				as(op.userId, 'visit.start@1', { visitId, at: instantAgo(op.daysAgo) }),
				as(op.userId, 'visit.end@1', { visitId, at: instantAgo(op.daysAgo, 2) })
			]);
		}
		case 'mark':
			return mutate([
				as(HOST, 'attendance.mark@1', {
					ritualId: RITUAL,
					occurrence: op.occurrence,
					entries: op.entries.map(([userId, part]) => ({
						attendanceId: crypto.randomUUID(),
						userId,
						part,
						roleKey: null
					}))
				})
			]);
		case 'welcome':
			return mutate([
				as(op.userId, 'welcome.confirm@1', {
					welcomeId: crypto.randomUUID(),
					welcomerId: op.welcomerId,
					at: instantAgo(1)
				})
			]);
		case 'prefs':
			return mutate(
				[as(op.userId, 'participation.prefs@1', { optedOut: op.optedOut, happyToBeAsked: true })],
				new Date(instantAgo(op.daysAgo))
			);
		case 'contract':
			return mutate([
				as(HOST, 'contract.grant@1', {
					contractId: crypto.randomUUID(),
					planId: PLAN,
					userId: op.userId,
					startsOn: addDays(TODAY, -op.daysAgo)
				})
			]);
		case 'role':
			return mutate([
				as(HOST, 'membership.add@1', {
					userId: op.userId,
					displayName: 'Someone',
					role: op.host ? 'host' : 'member'
				})
			]);
		case 'correct':
			return mutate([
				as(HOST, 'visit.correct@1', {
					visitId: op.id,
					startedAt: instantAgo(op.daysAgo),
					endedAt: instantAgo(op.daysAgo, 1)
				})
			]);
		case 'pull': {
			const byKey = new Map(op.changes.map(changeOf).map((c) => [`${c.table}|${c.id}`, c]));
			return applyPulledPage(db, SPACE, page([...byKey.values()]));
		}
		case 'confirm': {
			// The server processed (and, for rows it has no version of, rejected) mutations up to here.
			const next = ((await db.meta.get('nextMutationId'))?.value as number | undefined) ?? 1;
			await confirmThrough(db, Math.floor((next - 1) * op.share));
			return;
		}
		case 'accept':
			await acceptOutboxLocally(db);
			return;
		case 'reset':
			return resetSpace(db, SPACE, 'expired');
		case 'view':
			await hostLog(op.otherTab ? other : db, SPACE, ZONE, { now: NOW });
			if (op.settle) await hostLogSaved(op.otherTab ? other : db);
	}
}

describe('the kept log, after any sequence of changes', () => {
	it('equals a log compacted from every row of the space', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(operation, { minLength: 8, maxLength: 30, size: 'max' }),
				fc.boolean(),
				async (ops, keptFirst) => {
					const name = `participation-log-property-${process.pid}-${++serial}`;
					const local = openDatabase(name);
					const other = openDatabase(name);
					try {
						await setUp(local);
						// Kept from the start (most changes then go through the journal), or not.
						if (keptFirst) {
							await hostLog(local, SPACE, ZONE, { now: NOW });
							await hostLogSaved(local);
						}
						for (const op of ops) await run(local, other, op);
						await expectUpToDate(local, await hostLog(local, SPACE, ZONE, { now: NOW }));
						await expectUpToDate(local, await hostLog(other, SPACE, ZONE, { now: NOW }));
					} finally {
						await hostLogSaved(local);
						await hostLogSaved(other);
						other.close();
						await local.delete();
					}
				}
			),
			{ numRuns: 60 }
		);
	}, 240_000);
});
