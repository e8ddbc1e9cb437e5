/**
 * The recurrence rules a ritual may have: the subset of RFC 5545 RRULE this app schedules, reads
 * and edits, checked the same way by the server (`app_private.arg_rrule`). Expansion into dates is
 * the `rrule` library's job (`./occurrences.ts`, loaded by the screens that need it); this module
 * only reads and writes the rule text, so the mutation catalogue can check it without the library.
 *
 * Supported: `FREQ=DAILY|WEEKLY|MONTHLY`; `INTERVAL` 1-52; `BYDAY` (weekdays; with an ordinal
 * 1-5 or -1 to -5 for MONTHLY: `1FR` is the first Friday); `BYMONTHDAY` (MONTHLY, 1-31 or -1 to
 * -31); `COUNT` 1-1000 or `UNTIL` (a date `YYYYMMDD` or a floating `YYYYMMDDTHHMMSS`, never both);
 * `WKST`. Occurrences take the time of day of the first one: `BYHOUR`, `BYMINUTE`, `BYSETPOS`,
 * yearly rules and the others are refused, as are `DTSTART` and `TZID` (the start and the zone
 * are the ritual's and the space's).
 */

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const weekdays: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface RuleParts {
	freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
	interval: number;
	/** Weekdays, each with an ordinal for monthly rules (`{ day: 'FR', nth: 1 }`), else null. */
	byDay: { day: Weekday; nth: number | null }[];
	byMonthDay: number[];
	count: number | null;
	/** Local date `YYYY-MM-DD` (a date-time UNTIL is kept as its date and time `YYYY-MM-DDTHH:MM`). */
	until: string | null;
	wkst: Weekday | null;
}

export type RuleProblem =
	| 'empty'
	| 'syntax'
	| 'unsupported'
	| 'freq'
	| 'interval'
	| 'byday'
	| 'bymonthday'
	| 'count'
	| 'until'
	| 'count_and_until'
	| 'until_before_start';

const MAX_INTERVAL = 52;
export const MAX_COUNT = 1000;

/** The parts of a rule, or why it cannot be used. `startsAt` (local) checks UNTIL against it. */
export function parseRule(
	text: string,
	startsAt?: string
): { ok: true; rule: RuleParts } | { ok: false; problem: RuleProblem } {
	const body = text.trim().replace(/^RRULE:/i, '');
	if (body === '') return { ok: false, problem: 'empty' };
	const fields = new Map<string, string>();
	for (const part of body.split(';')) {
		const match = /^([A-Z]+)=([A-Z0-9,+\-T]+)$/.exec(part);
		if (!match || fields.has(match[1]!)) return { ok: false, problem: 'syntax' };
		fields.set(match[1]!, match[2]!);
	}
	const known = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'];
	if ([...fields.keys()].some((key) => !known.includes(key))) {
		return { ok: false, problem: 'unsupported' };
	}
	const freq = fields.get('FREQ');
	if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') {
		return { ok: false, problem: freq === undefined ? 'freq' : 'unsupported' };
	}
	const interval = fields.has('INTERVAL') ? wholeNumber(fields.get('INTERVAL')!) : 1;
	if (interval === null || interval < 1 || interval > MAX_INTERVAL) {
		return { ok: false, problem: 'interval' };
	}
	const byDay = fields.has('BYDAY') ? parseByDay(fields.get('BYDAY')!, freq) : [];
	if (byDay === null) return { ok: false, problem: 'byday' };
	const byMonthDay = fields.has('BYMONTHDAY') ? parseMonthDays(fields.get('BYMONTHDAY')!) : [];
	if (byMonthDay === null || (byMonthDay.length > 0 && freq !== 'MONTHLY')) {
		return { ok: false, problem: 'bymonthday' };
	}
	if (byMonthDay.length > 0 && byDay.length > 0) return { ok: false, problem: 'bymonthday' };
	if (fields.has('COUNT') && fields.has('UNTIL')) return { ok: false, problem: 'count_and_until' };
	const count = fields.has('COUNT') ? wholeNumber(fields.get('COUNT')!) : null;
	if (fields.has('COUNT') && (count === null || count < 1 || count > MAX_COUNT)) {
		return { ok: false, problem: 'count' };
	}
	const until = fields.has('UNTIL') ? parseUntil(fields.get('UNTIL')!) : null;
	if (fields.has('UNTIL') && until === null) return { ok: false, problem: 'until' };
	if (until !== null && startsAt !== undefined && until.slice(0, 10) < startsAt.slice(0, 10)) {
		return { ok: false, problem: 'until_before_start' };
	}
	const wkst = fields.get('WKST') ?? null;
	if (wkst !== null && !weekdays.includes(wkst as Weekday)) return { ok: false, problem: 'syntax' };
	return {
		ok: true,
		rule: { freq, interval, byDay, byMonthDay, count, until, wkst: wkst as Weekday | null }
	};
}

/** The rule's text, in a fixed order (so an unchanged rule reads the same). */
export function formatRule(rule: RuleParts): string {
	const parts = [`FREQ=${rule.freq}`];
	if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
	if (rule.byDay.length > 0) {
		parts.push(`BYDAY=${rule.byDay.map(({ day, nth }) => `${nth ?? ''}${day}`).join(',')}`);
	}
	if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
	if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
	if (rule.until !== null) {
		const [date, time] = rule.until.split('T') as [string, string | undefined];
		parts.push(`UNTIL=${date.replaceAll('-', '')}${time ? `T${time.replace(':', '')}00` : ''}`);
	}
	if (rule.wkst !== null) parts.push(`WKST=${rule.wkst}`);
	return parts.join(';');
}

/** Why a rule cannot be used for a ritual starting at `startsAt`, or null when it can. */
export function ruleProblem(text: string, startsAt?: string): RuleProblem | null {
	const parsed = parseRule(text, startsAt);
	return parsed.ok ? null : parsed.problem;
}

function wholeNumber(text: string): number | null {
	return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

function parseByDay(text: string, freq: RuleParts['freq']): RuleParts['byDay'] | null {
	const out: RuleParts['byDay'] = [];
	for (const item of text.split(',')) {
		const match = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
		if (!match) return null;
		const nth = match[1] === undefined ? null : Number(match[1]);
		if (nth !== null && freq !== 'MONTHLY') return null;
		if (out.some((d) => d.day === match[2] && d.nth === nth)) return null;
		out.push({ day: match[2] as Weekday, nth });
	}
	return out;
}

function parseMonthDays(text: string): number[] | null {
	const out: number[] = [];
	for (const item of text.split(',')) {
		if (!/^[+-]?\d{1,2}$/.test(item)) return null;
		const day = Number(item);
		if (day === 0 || day < -31 || day > 31 || out.includes(day)) return null;
		out.push(day);
	}
	return out;
}

/** `YYYYMMDD` → `YYYY-MM-DD`; `YYYYMMDDTHHMMSS` → `YYYY-MM-DDTHH:MM` (floating); else null. */
function parseUntil(text: string): string | null {
	const match = /^(\d{4})(\d{2})(\d{2})(?:T([01]\d|2[0-3])([0-5]\d)([0-5]\d))?$/.exec(text);
	if (!match) return null;
	const date = `${match[1]}-${match[2]}-${match[3]}`;
	const parsed = new Date(`${date}T00:00:00Z`);
	if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return null;
	return match[4] === undefined ? date : `${date}T${match[4]}:${match[5]}`;
}
