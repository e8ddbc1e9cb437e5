import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { scheduledRefs } from '$lib/db/participation-log';
import { syntheticSpace } from '$lib/domain/participation/synthetic';
import { addDays, isoWeekday, localDateOf, zonedInstant } from '$lib/domain/time';
import type { AttendancePart, Ritual } from '$lib/domain/types';

// The synthetic year of a 300-member space (budget #10), as rows ready to put into the demo's
// IndexedDB by scripts/bench/community-view.mjs: the same facts as the Node measurement of budget
// #11 (tests/bench/participation.compute.ts, same seed), moved by a whole number of weeks so that
// they end in the current week (weekdays kept: visits stay on weekdays, every series on its day).
// Rows carry no `spaceId` and no `pending`: the page adds the demo space's id, and the ids that
// embed it (memberships, switches), when it injects them. Writes
// bench-results/synthetic-space-300.json. Run by `node scripts/bench/run.mjs --only community-view`
// (project `domain-bench`, not part of `npm test`).

const root = fileURLToPath(new URL('../..', import.meta.url));
const output = path.join(root, 'bench-results', 'synthetic-space-300.json');
const MEMBERS = 300;
const DAYS = 365;
const SEED = 20261206;
const DAY_MS = 24 * 3600_000;
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The ritual rows the scheduled occurrences came from (weekly or fortnightly, one weekday). */
function ritualsOf(keys: Map<string, string[]>): Omit<Ritual, 'spaceId'>[] {
	return [...keys].map(([id, list], i) => {
		const sorted = [...list].sort();
		const first = sorted[0]!;
		const second = sorted[1];
		const fortnightly =
			second !== undefined && daysBetween(first.slice(0, 10), second.slice(0, 10)) === 14;
		const weekday = BYDAY[isoWeekday(first.slice(0, 10)) - 1]!;
		return {
			id,
			kind: 'meal',
			title: `Rituel ${String(i + 1).padStart(2, '0')}`,
			description: '',
			place: '',
			durationMinutes: 90,
			capacity: null,
			rrule: `FREQ=WEEKLY;${fortnightly ? 'INTERVAL=2;' : ''}BYDAY=${weekday}`,
			startsAt: first,
			roles: [],
			leadUserId: null,
			endsBefore: null,
			endMessage: '',
			continuedBy: null,
			proposalId: null
		};
	});
}

test('a synthetic year of 300 members, as rows for the demo database', async () => {
	const space = syntheticSpace(MEMBERS, DAYS, SEED);
	const { facts, timeZone } = space;
	const today = localDateOf(new Date(), timeZone);
	// Whole weeks only: the last day of the facts is today, or the last day with its weekday.
	const weeks = Math.floor(daysBetween(space.end, today) / 7);
	const shift = weeks * 7;
	const day = (date: string) => addDays(date, shift);
	/** A `YYYY-MM-DDTHH:MM` key (wall time) or a `…T…Z` instant written from a date. */
	const key = (value: string) => `${day(value.slice(0, 10))}${value.slice(10)}`;
	// Visits keep their local time of day: from their day's local midnight, moved.
	const midnights = new Map<string, [number, number]>();
	const midnight = (date: string) => {
		let pair = midnights.get(date);
		if (!pair) {
			pair = [
				Date.parse(zonedInstant(date, 0, 0, timeZone)),
				Date.parse(zonedInstant(day(date), 0, 0, timeZone))
			];
			midnights.set(date, pair);
		}
		return pair;
	};

	const visits = (facts.visits ?? []).map(({ userId, startedAt }, i) => {
		const [from, to] = midnight(localDateOf(startedAt, timeZone));
		const start = Date.parse(startedAt) - from + to;
		const minutes = 120 + ((i * 37) % 300); // 2 to 7 hours
		return {
			id: `synthetic-visit-${i + 1}`,
			userId,
			startedAt: new Date(start).toISOString(),
			endedAt: new Date(start + minutes * 60_000).toISOString(),
			autoClosed: false,
			flagged: false,
			reviewed: false
		};
	});
	const attendance = (facts.attendance ?? []).map((row) => ({
		id: `synthetic-${row.id}`,
		ritualId: row.ritualId,
		occurrence: key(row.occurrence),
		userId: row.userId,
		part: row.part as AttendancePart,
		roleKey: null,
		markedBy: (row as { markedBy?: string | null }).markedBy ?? null,
		markedAt: key(
			(row as { markedAt?: string }).markedAt ?? `${row.occurrence.slice(0, 10)}T20:00:00.000Z`
		)
	}));
	// Made two days before the occurrence, in the order of the facts (which is the ranks' order).
	const signups = (facts.signups ?? []).map((row, i) => ({
		id: `synthetic-${row.id}`,
		ritualId: row.ritualId,
		occurrence: key(row.occurrence),
		userId: row.userId,
		roleKey: null,
		note: '',
		cancelled: row.cancelled,
		createdAt: `${addDays(day(row.occurrence.slice(0, 10)), -2)}T09:00:00.000Z`,
		rank: i + 1,
		roleRank: i + 1
	}));
	const scheduled = new Map<string, string[]>();
	for (const ref of facts.scheduled ?? []) {
		const list = scheduled.get(ref.ritualId) ?? [];
		list.push(key(ref.key));
		scheduled.set(ref.ritualId, list);
	}
	const rituals = ritualsOf(scheduled);
	const ritualOf = new Map(rituals.map((ritual) => [ritual.id, ritual]));
	const proposals = (facts.proposals ?? []).map((row) => {
		const ritual = ritualOf.get(row.ritualId!)!;
		const decidedAt = key(row.decidedAt!);
		return {
			id: `synthetic-${row.id}`,
			userId: row.userId,
			kind: ritual.kind,
			title: ritual.title,
			description: '',
			place: '',
			durationMinutes: ritual.durationMinutes,
			rrule: ritual.rrule,
			startsAt: ritual.startsAt,
			roles: [],
			willLead: false,
			status: row.status,
			response: '',
			ritualId: row.ritualId,
			createdAt: decidedAt,
			decidedAt
		};
	});
	// The first contract of each member starts the day they were first seen.
	const contracts = (facts.firstSeen ?? []).map(({ userId, date }, i) => ({
		id: `synthetic-contract-${i + 1}`,
		userId,
		startsOn: day(date)
	}));
	const welcomes = (facts.welcomes ?? []).map((row, i) => ({
		id: `synthetic-welcome-${i + 1}`,
		newcomerId: row.newcomerId,
		welcomerId: row.welcomerId,
		confirmedAt: key(row.confirmedAt)
	}));
	const prefs = (facts.optOuts ?? []).map(({ userId, since }) => ({
		userId,
		optedOut: true,
		optedOutAt: zonedInstant(day(since), 9, 0, timeZone),
		happyToBeAsked: false
	}));
	const people = [
		...space.members.map((userId, i) => ({
			userId,
			role: 'member' as const,
			displayName: `Membre ${String(i + 1).padStart(3, '0')}`
		})),
		...space.staff.map((userId, i) => ({
			userId,
			role: 'host' as const,
			displayName: `Hôte synthétique ${i + 1}`
		}))
	];

	// The rebuilt series schedule exactly the synthetic occurrences (what hostLog expands).
	const lastDay = day(space.end);
	const expanded = scheduledRefs(
		rituals.map((ritual) => ({ ...ritual, spaceId: 'synthetic' })),
		lastDay
	)
		.map((ref) => `${ref.ritualId}|${ref.key}`)
		.sort();
	const expected = [...scheduled].flatMap(([id, keys]) => keys.map((k) => `${id}|${k}`)).sort();
	expect(expanded).toEqual(expected);
	expect(isoWeekday(lastDay)).toBe(isoWeekday(space.end));
	expect(lastDay <= today && daysBetween(lastDay, today) < 7).toBe(true);

	const result = {
		schema: 'collectif-synthetic-space/1',
		members: MEMBERS,
		days: DAYS,
		seed: SEED,
		timeZone,
		/** First and last local dates of the facts, moved; `today` when the file was written. */
		start: day(space.start),
		end: lastDay,
		today,
		shiftDays: shift,
		memberIds: space.members,
		staffIds: space.staff,
		counts: {
			people: people.length,
			visits: visits.length,
			attendance: attendance.length,
			signups: signups.length,
			rituals: rituals.length,
			scheduled: expected.length,
			proposals: proposals.length,
			contracts: contracts.length,
			welcomes: welcomes.length,
			prefs: prefs.length
		},
		rows: { people, contracts, rituals, proposals, visits, signups, attendance, welcomes, prefs }
	};
	await mkdir(path.dirname(output), { recursive: true });
	await writeFile(output, JSON.stringify(result));
});
