import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId } from '$lib/domain/types';
import {
	changeOf,
	checkRole,
	isOccurrenceOf,
	ritualIn,
	startInstant,
	zoneOf
} from './ritual-rules';
import type { Handler } from './types';

/**
 * Once an occurrence has started, a host confirms the whole list of who came and what they did.
 * One row per person and occurrence: a person already marked keeps their row (and its id; the
 * same part again changes nothing), new people get the entry's id, and people left out are no
 * longer marked (their rows are deleted, restorably until the server confirms:
 * `LocalWriter.delete`). The server soft-deletes them; its pull then deletes them here too.
 */
export const markAttendance: Handler<'attendance.mark@1'> = async (
	writer,
	args,
	{ db, actorId, now }
) => {
	const ritual = await ritualIn(writer, args.spaceId, args.ritualId);
	if (!isOccurrenceOf(ritual, args.occurrence)) throw new MutationError('not_found', 'occurrence');
	const change = await changeOf(db, ritual.id, args.occurrence);
	const startsAt = startInstant(args.occurrence, change, await zoneOf(writer, args.spaceId));
	if (Date.parse(now) < Date.parse(startsAt)) throw new MutationError('forbidden', 'not_started');
	for (const [index, entry] of args.entries.entries()) {
		if (!(await writer.get('memberships', membershipId(args.spaceId, entry.userId)))) {
			throw new MutationError('not_found', 'member');
		}
		checkRole(ritual.roles, entry.roleKey, `entries.${index}.roleKey`);
	}
	const marked = await db.attendance
		.where('[ritualId+occurrence]')
		.equals([ritual.id, args.occurrence])
		.toArray();
	// An entry's id may not be another person's or another occurrence's row.
	for (const entry of args.entries) {
		const row = await writer.get('attendance', entry.attendanceId);
		if (
			row &&
			(row.ritualId !== ritual.id ||
				row.occurrence !== args.occurrence ||
				row.userId !== entry.userId)
		) {
			throw new MutationError('conflict', 'attendance exists');
		}
	}
	const byUser = new Map(marked.flatMap((row) => (row.userId ? [[row.userId, row]] : [])));
	const listed = new Set<string>();
	for (const entry of args.entries) {
		const existing = byUser.get(entry.userId);
		const id = existing?.id ?? entry.attendanceId;
		listed.add(id);
		if (existing && existing.part === entry.part && existing.roleKey === entry.roleKey) continue;
		await writer.put('attendance', {
			id,
			spaceId: args.spaceId,
			ritualId: ritual.id,
			occurrence: args.occurrence,
			userId: entry.userId,
			part: entry.part,
			roleKey: entry.roleKey,
			markedBy: actorId,
			markedAt: now
		});
	}
	for (const row of marked) if (!listed.has(row.id)) await writer.delete('attendance', row.id);
};
