/**
 * The member's activity log: each credited act (`memberActivitiesOf`) with what it rests on, so
 * the mirror can say which ritual and the member can contest the entry (`subject`, e.g.
 * `attendance:<id>`). The credits themselves come from the domain; this only finds their facts.
 */
import type { Activity } from '$lib/domain/participation/activities';
import { tierOf, type CreditType, type Tier } from '$lib/domain/participation/activity-types';
import type { ParticipationConfig } from '$lib/domain/participation/config';
import type { AttendanceFact, ParticipationFacts } from '$lib/domain/participation/facts';
import { localDateOf } from '$lib/domain/time';

export interface MirrorEntry {
	/** Unique in the log: one credit per type per member per day. */
	key: string;
	/** Local date `YYYY-MM-DD`. */
	date: string;
	type: CreditType;
	tier: Tier;
	weight: number;
	/** The rituals the act was about (several when two of one type fell on one day). */
	ritualIds: string[];
	/** What a contest names: `attendance:<id>`, `proposal:<id>`, `welcome:<id>`, `handover:<date>`. */
	subject: string;
	/**
	 * Every fact the act rests on, each with what a contest of it names (the first is `subject`):
	 * one credit a day per type may rest on two rows (a lunch and an afterwork attended the same
	 * day), and the member says which one is wrong.
	 */
	sources: MirrorSource[];
	/** The act stopped counting on that date (a proposal's credit, replaced when it took place). */
	supersededOn?: string;
}

export interface MirrorSource {
	subject: string;
	ritualId: string | null;
}

const attendanceParts = new Set<CreditType>(['attended', 'contributed', 'coanimated', 'led']);

const occurrenceDate = (row: Pick<AttendanceFact, 'occurrence'>) => row.occurrence.slice(0, 10);

function sourcesOf(
	activity: Activity & { type: CreditType },
	facts: ParticipationFacts,
	userId: string,
	timeZone: string
): { subject: string; ritualIds: string[]; sources: MirrorSource[] } {
	const { date, type } = activity;
	const one = (subject: string, ritualId: string | null = null) => ({
		subject,
		ritualIds: ritualId ? [ritualId] : [],
		sources: [{ subject, ritualId }]
	});
	const attendance = facts.attendance ?? [];
	if (attendanceParts.has(type)) {
		const rows = attendance.filter(
			(row) => row.userId === userId && row.part === type && occurrenceDate(row) === date
		);
		if (rows.length === 0) return one(`${type}:${date}`);
		return {
			subject: `attendance:${rows[0]!.id}`,
			ritualIds: [...new Set(rows.map((row) => row.ritualId))],
			sources: rows.map((row) => ({ subject: `attendance:${row.id}`, ritualId: row.ritualId }))
		};
	}
	if (type === 'proposed' || type === 'proposalHeld') {
		const mine = (facts.proposals ?? []).filter(
			(p) => p.userId === userId && p.status === 'accepted'
		);
		const proposal =
			type === 'proposed'
				? mine.find((p) => p.decidedAt !== null && localDateOf(p.decidedAt, timeZone) === date)
				: (mine.find((p) =>
						attendance.some((row) => row.ritualId === p.ritualId && occurrenceDate(row) === date)
					) ?? mine.find((p) => p.ritualId !== null));
		return proposal ? one(`proposal:${proposal.id}`, proposal.ritualId) : one(`${type}:${date}`);
	}
	if (type === 'welcomed') {
		const welcome = (facts.welcomes ?? []).find(
			(w) => w.welcomerId === userId && localDateOf(w.confirmedAt, timeZone) === date
		);
		return one(welcome?.id ? `welcome:${welcome.id}` : `welcome:${date}`);
	}
	// A hand-over is credited on the day someone first led: that occurrence's ritual.
	const led = attendance.filter(
		(row) => row.part === 'led' && row.userId !== userId && occurrenceDate(row) === date
	);
	const ritualIds = [...new Set(led.map((row) => row.ritualId))];
	return {
		subject: `handover:${date}`,
		ritualIds,
		sources: [{ subject: `handover:${date}`, ritualId: ritualIds[0] ?? null }]
	};
}

/** The member's credited acts with their facts, newest first. */
export function mirrorEntries(
	activities: readonly Activity[],
	facts: ParticipationFacts,
	userId: string,
	timeZone: string,
	config: ParticipationConfig
): MirrorEntry[] {
	const entries: MirrorEntry[] = [];
	for (const activity of activities) {
		if (activity.type === 'present' || activity.type === 'signedUp') continue;
		const type = activity.type;
		const entry: MirrorEntry = {
			key: `${activity.date}|${type}`,
			date: activity.date,
			type,
			tier: tierOf[type],
			weight: config.weights[type],
			...sourcesOf({ ...activity, type }, facts, userId, timeZone)
		};
		if (activity.supersededOn) entry.supersededOn = activity.supersededOn;
		entries.push(entry);
	}
	return entries.sort((a, b) => b.date.localeCompare(a.date) || a.key.localeCompare(b.key));
}
