import { checkIn, checkOut } from '$lib/domain/visits';
import { MutationError } from '$lib/domain/mutations/errors';
import { openVisitOf } from '../visits';
import type { Handler } from './types';

export const startVisit: Handler<'visit.start@1'> = async (writer, args, { db, actorId }) => {
	if (await writer.get('visits', args.visitId)) throw new MutationError('conflict', 'visit exists');
	const open = await openVisitOf(db, actorId);
	const { opened, closed } = checkIn(open, {
		visitId: args.visitId,
		spaceId: args.spaceId,
		userId: actorId,
		at: args.at
	});
	if (closed) await writer.put('visits', closed);
	await writer.put('visits', opened);
};

export const endVisit: Handler<'visit.end@1'> = async (writer, args, { actorId }) => {
	const visit = await writer.get('visits', args.visitId);
	if (visit && visit.spaceId !== args.spaceId) throw new MutationError('not_found', 'visit');
	await writer.put('visits', checkOut(visit, actorId, args.at));
};
