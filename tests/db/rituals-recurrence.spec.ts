import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ruleProblem } from '$lib/domain/rituals/recurrence';
import { connect } from './helpers';

// The recurrence subset is checked twice: by the app (lib/domain/rituals/recurrence.ts,
// `parseRule`) and by the server (app_private.rrule_problem, behind arg_rrule). Both must give the
// same answer, and the same problem, for every text: a hand-written list of the interesting cases,
// then a few thousand rules assembled at random from the pieces that matter.

interface Case {
	rule: string;
	startsAt?: string;
}

const start = '2026-11-26T12:30';

const listed: Case[] = [
	// Accepted: what the form writes, and the rest of the subset.
	{ rule: 'FREQ=WEEKLY;BYDAY=TH' },
	{ rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE' },
	{ rule: 'FREQ=MONTHLY;BYDAY=1FR' },
	{ rule: 'FREQ=MONTHLY;BYDAY=-1FR,+2MO' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=1,15,-1' },
	{ rule: 'FREQ=DAILY;COUNT=1' },
	{ rule: 'FREQ=DAILY;COUNT=1000' },
	{ rule: 'FREQ=WEEKLY;UNTIL=20270630', startsAt: start },
	{ rule: 'FREQ=WEEKLY;UNTIL=20261126', startsAt: start },
	{ rule: 'FREQ=WEEKLY;UNTIL=20261126T000000', startsAt: start },
	{ rule: 'FREQ=WEEKLY;WKST=SU;BYDAY=SU' },
	{ rule: 'RRULE:FREQ=DAILY' },
	{ rule: 'rRuLe:FREQ=DAILY' },
	{ rule: '  FREQ=DAILY\u00a0' },
	{ rule: 'FREQ=DAILY;INTERVAL=000052' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=+5' },
	{ rule: 'FREQ=WEEKLY;UNTIL=20280229' },
	// Refused, one problem each.
	{ rule: '' },
	{ rule: '   ' },
	{ rule: 'RRULE:' },
	{ rule: 'FREQ=YEARLY' },
	{ rule: 'FREQ=HOURLY' },
	{ rule: 'FREQ=DAILY;BYHOUR=9' },
	{ rule: 'FREQ=DAILY;BYMINUTE=30' },
	{ rule: 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=1' },
	{ rule: 'DTSTART=20261126T123000;FREQ=DAILY' },
	{ rule: 'FREQ=DAILY;TZID=EUROPE' },
	{ rule: 'DTSTART:20261126T123000\nRRULE:FREQ=DAILY' },
	{ rule: 'INTERVAL=2' },
	{ rule: 'freq=daily' },
	{ rule: 'FREQ=DAILY;' },
	{ rule: 'FREQ=DAILY;;COUNT=2' },
	{ rule: 'FREQ=DAILY;FREQ=WEEKLY' },
	{ rule: 'FREQ = DAILY' },
	{ rule: 'RRULE: FREQ=DAILY' },
	{ rule: 'FREQ=DAILY;INTERVAL=0' },
	{ rule: 'FREQ=DAILY;INTERVAL=53' },
	{ rule: 'FREQ=DAILY;INTERVAL=-1' },
	{ rule: 'FREQ=DAILY;INTERVAL=1234567' },
	{ rule: 'FREQ=WEEKLY;BYDAY=1FR' },
	{ rule: 'FREQ=MONTHLY;BYDAY=6FR' },
	{ rule: 'FREQ=MONTHLY;BYDAY=0FR' },
	{ rule: 'FREQ=WEEKLY;BYDAY=MO,MO' },
	{ rule: 'FREQ=MONTHLY;BYDAY=1MO,+1MO' },
	{ rule: 'FREQ=WEEKLY;BYDAY=MO,' },
	{ rule: 'FREQ=WEEKLY;BYDAY=XX' },
	{ rule: 'FREQ=WEEKLY;BYMONTHDAY=1' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=0' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=-0' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=32' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=5,+5' },
	{ rule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=MO' },
	{ rule: 'FREQ=DAILY;COUNT=0' },
	{ rule: 'FREQ=DAILY;COUNT=1001' },
	{ rule: 'FREQ=DAILY;COUNT=2;UNTIL=20270101' },
	{ rule: 'FREQ=DAILY;UNTIL=20270101;COUNT=2' },
	{ rule: 'FREQ=DAILY;UNTIL=20261125', startsAt: start },
	{ rule: 'FREQ=DAILY;UNTIL=20261125T235959', startsAt: start },
	{ rule: 'FREQ=DAILY;UNTIL=20261125' },
	{ rule: 'FREQ=DAILY;UNTIL=20261301' },
	{ rule: 'FREQ=DAILY;UNTIL=20270229' },
	{ rule: 'FREQ=DAILY;UNTIL=20270101T240000' },
	{ rule: 'FREQ=DAILY;UNTIL=20270101T120000Z' },
	{ rule: 'FREQ=DAILY;UNTIL=2027-01-01' },
	{ rule: 'FREQ=DAILY;WKST=XX' },
	{ rule: 'FREQ=DAILY;X-NAME=1' },
	{ rule: 'FREQ=DAILY;BYDAY=MO;BYMONTH=1' },
	{ rule: 'FREQ=DAILY;COUNT=١٢' },
	{ rule: 'FREQ=DAILY;COUNT=２' },
	{ rule: 'FREQ=DAİLY' },
	{ rule: 'ＦREQ=DAILY' },
	{ rule: 'FREQ=DAILY;COUNT=3🎉' },
	{ rule: 'ſRULE:FREQ=DAILY' },
	{ rule: 'FREQ=WEEKLY;BYDAY=TH\n' },
	{ rule: 'FREQ=WEEKLY;BYDAY=TH\nX' }
];

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function generated(count: number, seed: number): Case[] {
	const next = random(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
	// For each key, values the subset takes and values it refuses; unsupported keys last.
	const values: Record<string, [readonly string[], readonly string[]]> = {
		FREQ: [
			['DAILY', 'WEEKLY', 'MONTHLY'],
			['YEARLY', 'daily', 'HOURLY']
		],
		INTERVAL: [
			['1', '2', '52', '0002'],
			['53', '0', '-1', 'X', '1234567']
		],
		BYDAY: [
			['MO', 'TH', '1FR', '-1FR', '+2MO', '5SU', 'MO,TU'],
			['6SU', 'MO,MO', '1MO,+1MO', 'XX', 'MO,']
		],
		BYMONTHDAY: [
			['1', '31', '-31', '+1', '15,-1'],
			['0', '32', '1,1', '+1,1', '-0', '100']
		],
		COUNT: [
			['1', '1000', '12', '000010'],
			['1001', '0', 'T']
		],
		UNTIL: [
			['20261126', '20270101', '20280229', '20270101T235959', '20261126T000000'],
			[
				'20261125',
				'20261125T235959',
				'20270229',
				'20261301',
				'20270101T245959',
				'20270101T120000Z',
				'2027'
			]
		],
		WKST: [['MO', 'SU'], ['XX']],
		BYHOUR: [[], ['9']],
		BYSETPOS: [[], ['1']],
		DTSTART: [[], ['20261126T123000']],
		TZID: [[], ['UTC']]
	};
	const keys = Object.keys(values);
	const value = (key: string) => {
		const [good, bad] = values[key]!;
		return good.length > 0 && next() < 0.8 ? pick(good) : pick(bad);
	};
	const starts = [undefined, '2026-11-26T12:30', '2027-01-01T08:00', '2026-11-25T23:59'];
	const cases: Case[] = [];
	for (let i = 0; i < count; i++) {
		const parts: string[] = [];
		const n = Math.floor(next() * 3);
		if (next() < 0.9) parts.push(`FREQ=${value('FREQ')}`);
		for (let j = 0; j < n; j++) {
			const key = next() < 0.9 ? pick(keys.slice(1, 7)) : pick(keys);
			parts.push(`${key}=${value(key)}`);
		}
		if (next() < 0.3) parts.reverse();
		let rule = parts.join(';');
		const mangle = next();
		if (mangle < 0.05) rule = `RRULE:${rule}`;
		else if (mangle < 0.08) rule = ` ${rule};`;
		else if (mangle < 0.1) rule = rule.replace('=', ' = ');
		cases.push({ rule, startsAt: pick(starts) });
	}
	return cases;
}

describe('the recurrence subset, on both sides', () => {
	let db: pg.Client;
	beforeAll(async () => {
		db = await connect();
	});
	afterAll(async () => {
		await db.end();
	});

	async function serverProblems(cases: Case[]): Promise<(string | null)[]> {
		const { rows } = await db.query<{ problem: string | null }>(
			`select app_private.rrule_problem(c.rule, c.starts_at::timestamp) as problem
			from unnest($1::text[], $2::text[]) with ordinality as c (rule, starts_at, n)
			order by c.n`,
			[cases.map((c) => c.rule), cases.map((c) => c.startsAt ?? null)]
		);
		return rows.map((row) => row.problem);
	}

	test('the listed cases get the same answer and the same problem', async () => {
		const server = await serverProblems(listed);
		const app = listed.map((c) => ruleProblem(c.rule, c.startsAt));
		expect(listed.map((c, i) => [c.rule, server[i]])).toEqual(
			listed.map((c, i) => [c.rule, app[i]])
		);
		// The list covers every problem the app names, and accepted rules.
		expect(new Set(app)).toEqual(
			new Set([
				null,
				'empty',
				'syntax',
				'unsupported',
				'freq',
				'interval',
				'byday',
				'bymonthday',
				'count',
				'until',
				'count_and_until',
				'until_before_start'
			])
		);
	});

	test('3000 rules assembled at random get the same answer and the same problem', async () => {
		const cases = generated(3000, 20261206);
		const server = await serverProblems(cases);
		const differ = cases
			.map((c, i) => ({ ...c, server: server[i], app: ruleProblem(c.rule, c.startsAt) }))
			.filter((c) => c.server !== c.app);
		expect(differ).toEqual([]);
		// Not only refusals: a good share of the random rules are accepted.
		const accepted = server.filter((p) => p === null).length;
		expect(accepted).toBeGreaterThan(300);
		expect(accepted).toBeLessThan(2700);
	});
});
