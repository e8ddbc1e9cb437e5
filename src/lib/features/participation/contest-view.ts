/**
 * Contests in words: what a contest's subject names (`attendance:<id>`, `proposal:<id>`,
 * `welcome:<id>`, `handover:<date>`), for the member who sent it and for the hosts who answer.
 */
import type { Attendance, AttendancePart, Contest, Proposal } from '$lib/domain/types';
import { formatDate } from '$lib/ui/format';
import { m } from '$lib/paraglide/messages';
import { activityName } from './level-text';
import type { MirrorEntry } from './mirror-entries';

export type SubjectKind = 'attendance' | 'proposal' | 'welcome' | 'handover' | 'other';

export function parseSubject(subject: string): { kind: SubjectKind; ref: string } {
	const at = subject.indexOf(':');
	const kind = subject.slice(0, at);
	const ref = subject.slice(at + 1);
	return ['attendance', 'proposal', 'welcome', 'handover'].includes(kind)
		? { kind: kind as SubjectKind, ref }
		: { kind: 'other', ref: subject };
}

/** Open first (oldest first: they waited longest), then answered ones, newest first. */
export const byOpenFirst = (a: Contest, b: Contest): number =>
	Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) ||
	(a.resolvedAt === null
		? a.createdAt.localeCompare(b.createdAt)
		: b.createdAt.localeCompare(a.createdAt));

/** The open contest of an entry of the member's log, if any. */
export const openContestOf = (entry: MirrorEntry, contests: readonly Contest[]): Contest | null =>
	contests.find(
		(c) => c.resolvedAt === null && entry.sources.some((source) => source.subject === c.subject)
	) ?? null;

const kindTexts: Record<SubjectKind, () => string> = {
	attendance: m.participation_subject_attendance,
	proposal: m.participation_subject_proposal,
	welcome: m.participation_subject_welcome,
	handover: m.participation_subject_handover,
	other: m.participation_subject_other
};

/** The member's own words for a contested entry: "12 mars 2027 · Co-animé · Déjeuner partagé". */
export function mySubjectText(
	subject: string,
	entries: readonly MirrorEntry[],
	titles: ReadonlyMap<string, string>
): string {
	const entry = entries.find((e) => e.sources.some((source) => source.subject === subject));
	if (!entry) return kindTexts[parseSubject(subject).kind]();
	// The ritual of the row contested (of the entry's, when it names none: a hand-over).
	const source = entry.sources.find((s) => s.subject === subject);
	const ritualIds = source?.ritualId ? [source.ritualId] : entry.ritualIds;
	return [
		formatDate(entry.date),
		activityName(entry.type),
		...ritualIds.map((id) => titles.get(id) ?? '')
	]
		.filter(Boolean)
		.join(' · ');
}

const partTexts: Record<AttendancePart, () => string> = {
	attended: m.participation_act_attended,
	contributed: m.participation_act_contributed,
	coanimated: m.participation_act_coanimated,
	led: m.participation_act_led
};

export interface HostSubject {
	text: string;
	/** For attendance: the occurrence whose list a host corrects. */
	occurrence?: { ritualId: string; key: string };
}

/** What a host reads of a contest's subject. */
export function hostSubject(
	subject: string,
	lookup: {
		attendance: ReadonlyMap<string, Pick<Attendance, 'ritualId' | 'occurrence' | 'part'>>;
		proposals: ReadonlyMap<string, Pick<Proposal, 'title'>>;
		titles: ReadonlyMap<string, string>;
	}
): HostSubject {
	const { kind, ref } = parseSubject(subject);
	if (kind === 'attendance') {
		const row = lookup.attendance.get(ref);
		if (!row) return { text: m.participation_subject_attendance_gone() };
		return {
			text: [
				formatDate(row.occurrence.slice(0, 10)),
				partTexts[row.part](),
				lookup.titles.get(row.ritualId) ?? ''
			]
				.filter(Boolean)
				.join(' · '),
			occurrence: { ritualId: row.ritualId, key: row.occurrence }
		};
	}
	if (kind === 'proposal') {
		const proposal = lookup.proposals.get(ref);
		return {
			text: proposal
				? m.participation_subject_proposal_named({ title: proposal.title })
				: kindTexts.proposal()
		};
	}
	if (kind === 'handover' && /^\d{4}-\d{2}-\d{2}$/.test(ref))
		return { text: m.participation_subject_handover_on({ date: formatDate(ref) }) };
	return { text: kindTexts[kind]() };
}
