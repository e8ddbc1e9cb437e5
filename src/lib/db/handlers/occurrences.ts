import { MutationError } from '$lib/domain/mutations/errors';
import { changeOf, isOccurrenceOf, ritualIn } from './ritual-rules';
import type { Handler } from './types';

/**
 * One occurrence cancelled, moved, lengthened or relocated, with a message to those signed up.
 * One change per occurrence: a new one replaces it (keeping its id; the same again changes
 * nothing), and one with nothing left restores the occurrence while still carrying the host's
 * message. A new change may not reuse another change's id.
 */
export const changeOccurrence: Handler<'occurrence.change@1'> = async (
	writer,
	args,
	{ db, now }
) => {
	const ritual = await ritualIn(writer, args.spaceId, args.ritualId);
	if (!isOccurrenceOf(ritual, args.occurrence)) throw new MutationError('not_found', 'occurrence');
	const existing = await changeOf(db, args.ritualId, args.occurrence);
	if (!existing && (await writer.get('occurrenceChanges', args.changeId))) {
		throw new MutationError('conflict', 'change exists');
	}
	if (
		existing &&
		existing.cancelled === args.cancelled &&
		existing.startsAt === args.startsAt &&
		existing.durationMinutes === args.durationMinutes &&
		existing.place === args.place &&
		existing.message === args.message
	) {
		return;
	}
	await writer.put('occurrenceChanges', {
		id: existing?.id ?? args.changeId,
		spaceId: args.spaceId,
		ritualId: args.ritualId,
		occurrence: args.occurrence,
		cancelled: args.cancelled,
		startsAt: args.startsAt,
		durationMinutes: args.durationMinutes,
		place: args.place,
		message: args.message,
		changedAt: now
	});
};
