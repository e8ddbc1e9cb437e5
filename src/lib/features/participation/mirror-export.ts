/**
 * A member's own data, to download: everything the mirror is computed from (their facts), their
 * log and, unless they opted out, their score; as JSON (whole) and as CSV (one row per fact and
 * per credited act). Pure: the screen passes what it read.
 */
import type { ParticipationConfig } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import type { MemberScore } from '$lib/domain/participation/score';
import { localDateOf } from '$lib/domain/time';
import type { AttendancePart, Contest, ParticipationPrefs } from '$lib/domain/types';
import { m } from '$lib/paraglide/messages';
import { activityName, tierName } from './level-text';
import type { MirrorEntry } from './mirror-entries';

export interface MirrorExport {
	space: { id: string; name: string; timeZone: string };
	userId: string;
	/** Instant of the export (UTC ISO). */
	exportedAt: string;
	facts: ParticipationFacts;
	entries: readonly MirrorEntry[];
	/** Null when opted out or staff: no score exists then. */
	score: MemberScore | null;
	prefs: ParticipationPrefs | null;
	contests: readonly Contest[];
	config: ParticipationConfig;
	ritualTitles: ReadonlyMap<string, string>;
}

/** The facts that are the member's own (others' rows that the model also reads are left out). */
export function ownFacts(facts: ParticipationFacts, userId: string): ParticipationFacts {
	const mine = <T extends { userId: string | null }>(rows?: readonly T[]) =>
		(rows ?? []).filter((row) => row.userId === userId);
	return {
		attendance: mine(facts.attendance),
		proposals: mine(facts.proposals),
		signups: mine(facts.signups),
		visits: mine(facts.visits),
		presence: mine(facts.presence),
		welcomes: (facts.welcomes ?? []).filter(
			(w) => w.newcomerId === userId || w.welcomerId === userId
		),
		firstSeen: mine(facts.firstSeen)
	};
}

const titlesOf = (ids: readonly string[], titles: ReadonlyMap<string, string>) =>
	ids.map((id) => titles.get(id) ?? id);

export function exportJson(data: MirrorExport): string {
	const { config, entries, ritualTitles } = data;
	return JSON.stringify(
		{
			space: data.space,
			userId: data.userId,
			exportedAt: data.exportedAt,
			prefs: data.prefs,
			score: data.score,
			settingsInForce: config,
			log: entries.map((entry) => ({
				date: entry.date,
				type: entry.type,
				tier: entry.tier,
				weight: entry.weight,
				rituals: entry.ritualIds.map((id) => ({ id, title: ritualTitles.get(id) ?? null })),
				subject: entry.subject,
				...(entry.supersededOn ? { supersededOn: entry.supersededOn } : {})
			})),
			facts: ownFacts(data.facts, data.userId),
			contests: data.contests.filter((c) => c.userId === data.userId)
		},
		null,
		2
	);
}

export type Cell = string | number;

const partNames: Record<AttendancePart, () => string> = {
	attended: m.participation_act_attended,
	contributed: m.participation_act_contributed,
	coanimated: m.participation_act_coanimated,
	led: m.participation_act_led
};

/** Headers, then one row per fact (presence days, sign-ups, attendance, proposals, welcomes) and per credit, by date. */
export function exportCsvRows(data: MirrorExport): Cell[][] {
	const { space, userId, ritualTitles } = data;
	const facts = ownFacts(data.facts, userId);
	const fact = m.participation_csv_fact();
	const rows: Cell[][] = [];
	const days = new Set<string>([
		...(facts.visits ?? []).map((visit) => localDateOf(visit.startedAt, space.timeZone)),
		...(facts.presence ?? []).map((day) => day.date)
	]);
	for (const day of days)
		rows.push([day, fact, m.participation_csv_presence(), '', tierName(0), 0, '']);
	for (const signup of facts.signups ?? []) {
		if (signup.cancelled) continue;
		const title = ritualTitles.get(signup.ritualId) ?? '';
		const date = signup.occurrence.slice(0, 10);
		rows.push([
			date,
			fact,
			m.participation_csv_signup(),
			title,
			tierName(0),
			0,
			`signup:${signup.id}`
		]);
	}
	for (const row of facts.attendance ?? []) {
		rows.push([
			row.occurrence.slice(0, 10),
			fact,
			m.participation_csv_attendance({ part: partNames[row.part]() }),
			ritualTitles.get(row.ritualId) ?? '',
			'',
			'',
			`attendance:${row.id}`
		]);
	}
	for (const p of facts.proposals ?? []) {
		if (p.decidedAt === null) continue;
		rows.push([
			localDateOf(p.decidedAt, space.timeZone),
			fact,
			p.status === 'accepted'
				? m.participation_csv_proposal_accepted()
				: m.participation_csv_proposal_other(),
			p.ritualId ? (ritualTitles.get(p.ritualId) ?? '') : '',
			'',
			'',
			`proposal:${p.id}`
		]);
	}
	for (const w of facts.welcomes ?? []) {
		const said =
			w.newcomerId === userId
				? m.participation_csv_welcome_answer()
				: m.participation_csv_welcome_given();
		rows.push([
			localDateOf(w.confirmedAt, space.timeZone),
			fact,
			said,
			'',
			'',
			'',
			`welcome:${w.id ?? ''}`
		]);
	}
	const credit = m.participation_csv_credit();
	for (const entry of data.entries) {
		rows.push([
			entry.date,
			credit,
			entry.supersededOn
				? `${activityName(entry.type)} (${m.participation_superseded({ date: entry.supersededOn })})`
				: activityName(entry.type),
			titlesOf(entry.ritualIds, ritualTitles).join(' ; '),
			tierName(entry.tier),
			entry.weight,
			entry.subject
		]);
	}
	rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
	return [
		[
			m.participation_csv_date(),
			m.participation_csv_category(),
			m.participation_csv_what(),
			m.participation_csv_ritual(),
			m.participation_csv_tier(),
			m.participation_csv_weight(),
			m.participation_csv_reference()
		],
		...rows
	];
}

/** `collectif-participation-2026-12-06.json`. */
export const exportFileName = (today: string, extension: 'json' | 'csv'): string =>
	`collectif-participation-${today}.${extension}`;
