/**
 * The attendance list as a host confirms it: the draft of `domain/rituals/attendance.ts` with
 * names, walk-ins added from the space's members, and the entries `attendance.mark@1` takes.
 */
import type { AttendanceDraft } from '$lib/domain/rituals/attendance';
import type { ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { MutationArgs } from '$lib/domain/mutations/catalogue';
import type { AttendancePart, Membership, Ritual } from '$lib/domain/types';

export type AttendanceSource = AttendanceDraft['source'] | 'walk_in';

export interface AttendanceRow extends Omit<AttendanceDraft, 'source'> {
	source: AttendanceSource;
	/** The member's name, or null when they are no longer a member of the space. */
	name: string | null;
}

export const attendanceParts: readonly AttendancePart[] = [
	'attended',
	'contributed',
	'coanimated',
	'led'
];

type Entry = MutationArgs<'attendance.mark@1'>['entries'][number];

/** Whether the host may confirm who came: once the occurrence has started. */
export const attendanceOpen = (occurrence: Pick<ScheduledOccurrence, 'startsAt'>, now: Date) =>
	now.getTime() >= Date.parse(occurrence.startsAt);

const byName = (a: AttendanceRow, b: AttendanceRow) =>
	(a.name ?? '\uffff').localeCompare(b.name ?? '\uffff');

/** The draft with names: the lead first, then by name. */
export function attendanceRows(
	drafts: readonly AttendanceDraft[],
	members: readonly Pick<Membership, 'userId' | 'displayName'>[]
): AttendanceRow[] {
	const names = new Map(members.map((member) => [member.userId, member.displayName]));
	const rows = drafts.map((draft) => ({ ...draft, name: names.get(draft.userId) ?? null }));
	const lead = rows.filter((row) => row.source === 'lead' || row.part === 'led');
	return [...lead, ...rows.filter((row) => !lead.includes(row)).sort(byName)];
}

/** Lowercase without accents, so "aicha" finds "Aïcha". */
const folded = (text: string) =>
	text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.trim();

/** Members not on the list whose name contains `query` (all of them for an empty query). */
export function walkInCandidates<M extends Pick<Membership, 'userId' | 'displayName'>>(
	rows: readonly AttendanceRow[],
	members: readonly M[],
	query: string
): M[] {
	const listed = new Set(rows.map((row) => row.userId));
	const wanted = folded(query);
	return members
		.filter((member) => !listed.has(member.userId))
		.filter((member) => folded(member.displayName).includes(wanted));
}

/** Someone who came without signing up, ticked, as attending. */
export const walkInRow = (member: Pick<Membership, 'userId' | 'displayName'>): AttendanceRow => ({
	userId: member.userId,
	name: member.displayName,
	part: 'attended',
	roleKey: null,
	present: true,
	source: 'walk_in',
	attendanceId: null
});

/**
 * The whole list for `attendance.mark@1`: the ticked members, each once; an existing mark keeps
 * its id. A role is kept only where the part comes from one and the ritual still has it.
 */
export function attendanceEntries(
	rows: readonly AttendanceRow[],
	ritual: Pick<Ritual, 'roles'>,
	newId: () => string
): Entry[] {
	const roleKeys = new Set(ritual.roles.map((role) => role.key));
	const seen = new Set<string>();
	const entries: Entry[] = [];
	for (const row of rows) {
		// Someone no longer a member cannot be marked (the handler refuses the whole list).
		if (!row.present || row.name === null || seen.has(row.userId)) continue;
		seen.add(row.userId);
		const keepsRole = row.part !== 'attended' && row.roleKey !== null && roleKeys.has(row.roleKey);
		entries.push({
			attendanceId: row.attendanceId ?? newId(),
			userId: row.userId,
			part: row.part,
			roleKey: keepsRole ? row.roleKey : null
		});
	}
	return entries;
}

/** How many are ticked, and how many of them animated (co-animated or led). */
export function attendanceCounts(rows: readonly AttendanceRow[]) {
	const present = rows.filter((row) => row.present);
	return {
		present: present.length,
		animated: present.filter((row) => row.part === 'coanimated' || row.part === 'led').length
	};
}
