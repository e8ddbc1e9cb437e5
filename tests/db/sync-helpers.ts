import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { addMember, asUser, createSpace, createUser, type Db } from './helpers';

/** Helpers for the sync RPCs (docs/sync-protocol.md), called like PostgREST calls them. */

export const uuid = (): string => randomUUID();

export interface Mutation {
	id: number;
	name: string;
	args: unknown;
	createdAt?: string;
}

export interface PushItem {
	id: number;
	status: 'applied' | 'duplicate' | 'rejected';
	code?: string;
	detail?: string;
	data?: Record<string, unknown>;
}

export interface PushAnswer {
	lastMutationId: number;
	results: PushItem[];
}

export interface Change {
	table: string;
	id: string;
	deleted: boolean;
	row: Record<string, unknown> | null;
}

export interface StoredResult {
	clientId: string;
	mutationId: number;
	name: string;
	args: unknown;
	status: 'applied' | 'rejected';
	code: string | null;
	detail: string | null;
	data: Record<string, unknown> | null;
	createdAt: string;
}

export type Cursor = Record<string, unknown>;

export interface PullPage {
	reset: boolean;
	reason?: string;
	changes: Change[];
	results: StoredResult[];
	cursor: Cursor;
	hasMore: boolean;
	lastMutationId: number;
	serverTime: string;
}

export interface CallOptions {
	/** Commit (default, like a PostgREST request) or roll back. */
	commit?: boolean;
	schemaVersion?: number;
	claims?: Record<string, unknown>;
}

/** Numbers the mutations from `firstId`: `batch(1, ['visit.start@1', {...}], ...)`. */
export function batch(firstId: number, ...items: [string, unknown][]): Mutation[] {
	return items.map(([name, args], index) => ({
		id: firstId + index,
		name,
		args,
		createdAt: '2026-11-26T09:00:00.000Z'
	}));
}

/** `sync_push` as `userId`, committed unless told otherwise. */
export async function push(
	db: Db,
	userId: string | null,
	clientId: string,
	mutations: unknown,
	options: CallOptions = {}
): Promise<PushAnswer> {
	return asUser(
		db,
		userId,
		async (tx) => {
			const { rows } = await tx.query<{ answer: PushAnswer }>(
				'select public.sync_push($1, $2, $3::jsonb) as answer',
				[clientId, options.schemaVersion ?? 1, JSON.stringify(mutations)]
			);
			return rows[0]!.answer;
		},
		{ commit: options.commit ?? true, claims: options.claims }
	);
}

/** `sync_pull` as `userId` (one page). */
export async function pull(
	db: Db,
	userId: string | null,
	clientId: string,
	spaceId: string | null,
	cursor: Cursor | null = null,
	limit = 1000,
	options: CallOptions = {}
): Promise<PullPage> {
	return asUser(
		db,
		userId,
		async (tx) => {
			const { rows } = await tx.query<{ answer: PullPage }>(
				'select public.sync_pull($1, $2, $3::jsonb, $4) as answer',
				[clientId, spaceId, cursor === null ? null : JSON.stringify(cursor), limit]
			);
			return rows[0]!.answer;
		},
		{ commit: options.commit ?? true, claims: options.claims }
	);
}

export interface PulledAll {
	changes: Change[];
	results: StoredResult[];
	cursor: Cursor;
	lastMutationId: number;
	requests: number;
}

/** Pulls page after page until `hasMore` is false, as the client does. Fails on a reset. */
export async function pullAll(
	db: Db,
	userId: string,
	clientId: string,
	spaceId: string | null,
	cursor: Cursor | null = null,
	limit = 1000
): Promise<PulledAll> {
	const all: PulledAll = {
		changes: [],
		results: [],
		cursor: cursor ?? {},
		lastMutationId: 0,
		requests: 0
	};
	let next = cursor;
	for (;;) {
		const page = await pull(db, userId, clientId, spaceId, next, limit);
		all.requests++;
		if (page.reset) throw new Error(`unexpected reset: ${page.reason}`);
		all.changes.push(...page.changes);
		all.results.push(...page.results);
		all.cursor = page.cursor;
		all.lastMutationId = page.lastMutationId;
		next = page.cursor;
		if (!page.hasMore) return all;
		if (all.requests > 10_000) throw new Error('pull never ends');
	}
}

/** The latest change per `table:id` after applying pages in order, as the client's store. */
export function latest(changes: Change[]): Map<string, Change> {
	const state = new Map<string, Change>();
	for (const change of changes) state.set(`${change.table}:${change.id}`, change);
	return state;
}

/** The SQLSTATE a call fails with (or 'succeeded'). */
export async function failure(call: Promise<unknown>): Promise<string> {
	return call.then(
		() => 'succeeded',
		(error: unknown) => (error as { code?: string }).code ?? String(error)
	);
}

/** Pushes one mutation as the next of a fresh client and returns its result. */
export async function pushOne(
	db: Db,
	userId: string,
	name: string,
	args: unknown,
	options: CallOptions = {}
): Promise<PushItem> {
	const answer = await push(db, userId, uuid(), batch(1, [name, args]), options);
	expect(answer.results).toHaveLength(1);
	return answer.results[0]!;
}

export const applied = { status: 'applied' };
export const rejected = (code: string, detail?: string) =>
	detail === undefined
		? expect.objectContaining({ status: 'rejected', code })
		: expect.objectContaining({ status: 'rejected', code, detail });

export interface World {
	space: string;
	host: string;
	member: string;
	other: string;
	stranger: string;
}

/**
 * A committed space with a host and two members (`member`, `other`), and a `stranger` in no
 * space. Built directly in SQL (the fixtures are not what these tests check).
 *
 * The space opens at 00:00 and closes about 12 hours from now (Paris time): visits the tests
 * start around now are never closed as forgotten check-outs (sync_pull closes those), whatever
 * the time of day the tests run. Tests about closing times make their own spaces.
 */
export async function world(db: Db, spaceName = 'Espace sync'): Promise<World> {
	const [host, member, other, stranger] = [
		await createUser(db),
		await createUser(db),
		await createUser(db),
		await createUser(db)
	];
	const space = await createSpace(db, {
		name: spaceName,
		openingTime: '00:00',
		closingTime: await halfADayFromNow(db)
	});
	await addMember(db, space, host, 'host');
	await addMember(db, space, member);
	await addMember(db, space, other);
	return { space, host, member, other, stranger };
}

/** The wall-clock time of `timeZone` about 12 hours from now, `HH:MM`, never 00:00. */
export async function halfADayFromNow(db: Db, timeZone = 'Europe/Paris'): Promise<string> {
	const { rows } = await db.query<{ at: string }>(
		`select greatest(
			to_char((now() at time zone $1) + interval '12 hours', 'HH24:MI'), '00:01'
		) as at`,
		[timeZone]
	);
	return rows[0]!.at;
}

/** Argument builders: valid arguments of every mutation, with overrides. */
export const args = {
	spaceCreate: (o: Record<string, unknown> = {}) => ({
		spaceId: uuid(),
		name: 'La Ruche',
		timeZone: 'Europe/Paris',
		capacity: 40,
		openingTime: '08:00',
		closingTime: '20:00',
		hostName: 'Hôte',
		...o
	}),
	plan: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		planId: uuid(),
		name: 'Carnet 10 h',
		kind: 'pack',
		hours: 10,
		validityDays: 90,
		rules: {
			incrementMinutes: 15,
			rounding: 'up',
			graceMinutes: 5,
			minimumMinutes: 60,
			dailyCapMinutes: 480
		},
		...o
	}),
	contract: (spaceId: string, planId: string, userId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		contractId: uuid(),
		planId,
		userId,
		startsOn: '2026-11-02',
		...o
	}),
	visitStart: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		visitId: uuid(),
		at: new Date(Date.now() - 3600_000).toISOString(),
		...o
	}),
	visitEnd: (spaceId: string, visitId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		visitId,
		at: new Date().toISOString(),
		...o
	}),
	ritual: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		ritualId: uuid(),
		kind: 'lunch',
		title: 'Déjeuner partagé',
		description: 'Chacun apporte un plat.',
		place: 'Cuisine',
		durationMinutes: 60,
		capacity: 2,
		rrule: 'FREQ=WEEKLY;BYDAY=TH',
		startsAt: '2026-11-26T12:30',
		roles: [{ key: 'cook', label: 'Cuisine', slots: 2 }],
		leadUserId: null,
		...o
	}),
	signup: (spaceId: string, ritualId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		signupId: uuid(),
		ritualId,
		// Well in the future: a sign-up to an occurrence that started is refused (too_late).
		occurrence: '2036-12-04T12:30',
		roleKey: null,
		note: '',
		at: new Date().toISOString(),
		...o
	}),
	invitation: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		invitationId: uuid(),
		code: invitationCode(),
		expiresAt: null,
		maxUses: null,
		...o
	}),
	settings: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		capacity: 25,
		openingTime: '07:00',
		closingTime: '21:30',
		lowThresholdMinutes: 90,
		overdraftLimitMinutes: null,
		...o
	}),
	planUpdate: (spaceId: string, planId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		planId,
		name: 'Carnet 20 h',
		hours: 20,
		validityDays: 180,
		rules: {
			incrementMinutes: 30,
			rounding: 'nearest',
			graceMinutes: 0,
			minimumMinutes: 30,
			dailyCapMinutes: null
		},
		...o
	}),
	adjustment: (spaceId: string, userId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		adjustmentId: uuid(),
		userId,
		minutes: 90,
		contractId: null,
		localDate: '2026-11-26',
		reason: 'Panne de wifi',
		...o
	}),
	topupRequest: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		requestId: uuid(),
		planId: null,
		note: '',
		...o
	})
};

/** A random check-in key (22 characters of base64url, as the app makes them). */
export function checkinKey(): string {
	return randomBytes(16).toString('base64url');
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A random invitation code (8 characters without look-alikes). */
export function invitationCode(): string {
	return [...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('');
}

/** Count of rows in a table matching a condition, read as the superuser. */
export async function count(db: Db, sql: string, values: unknown[] = []): Promise<number> {
	const { rows } = await db.query<{ n: string }>(`select count(*) as n from ${sql}`, values);
	return Number(rows[0]!.n);
}
