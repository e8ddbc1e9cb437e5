import { checkIn, checkOut } from '$lib/domain/visits';
import { correctionRefusal } from '$lib/domain/auto-close';
import { MutationError } from '$lib/domain/mutations/errors';
import { membershipId, type Space } from '$lib/domain/types';
import { openVisitOf } from '../visits';
import type { LocalWriter } from '../writer';
import type { Handler, HandlerContext } from './types';

/**
 * Check-ins and check-outs. Device times are recorded as given: the device cannot judge its own
 * clock, so only the server clamps implausible times against its clock (`clampDeviceTime`, the
 * same rule in SQL) and flags them; the next pull shows the result. The QR key of
 * `visit.scan@1` is checked by the server (members' devices never hold it), so a scan with a
 * rotated key shows as a refusal after the next sync.
 */
async function open(
	writer: LocalWriter,
	request: { spaceId: string; visitId: string; at: string },
	userId: string,
	{ db }: HandlerContext
): Promise<void> {
	// Both reads at once: one round trip instead of two on the check-in tap's path.
	const [existing, current] = await Promise.all([
		writer.get('visits', request.visitId),
		openVisitOf(db, userId)
	]);
	if (existing) throw new MutationError('conflict', 'visit exists');
	const at = request.at;
	const currentSpace = current && (await writer.get('spaces', current.spaceId));
	const { opened, closed } = checkIn(
		current,
		{ visitId: request.visitId, spaceId: request.spaceId, userId, at },
		currentSpace
	);
	if (closed) await writer.put('visits', closed);
	await writer.put('visits', opened);
}

export const startVisit: Handler<'visit.start@1'> = (writer, args, context) =>
	open(writer, args, context.actorId, context);

/** Hosts' devices (and the demo, its own authority) hold the key and check it as the server does. */
export const scanVisit: Handler<'visit.scan@1'> = async (writer, args, context) => {
	const known = await writer.get('spaceKeys', args.spaceId);
	if (known && known.key !== args.key) throw new MutationError('forbidden', 'qr_key');
	await open(writer, args, context.actorId, context);
};

export const startVisitFor: Handler<'visit.startFor@1'> = async (writer, args, context) => {
	if (!(await writer.get('memberships', membershipId(args.spaceId, args.userId)))) {
		throw new MutationError('not_found', 'member');
	}
	await open(writer, args, args.userId, context);
};

async function spaceOf(writer: LocalWriter, spaceId: string): Promise<Space> {
	const space = await writer.get('spaces', spaceId);
	if (!space) throw new MutationError('not_found', 'space');
	return space;
}

async function isHost(writer: LocalWriter, spaceId: string, userId: string): Promise<boolean> {
	return (await writer.get('memberships', membershipId(spaceId, userId)))?.role === 'host';
}

export const endVisit: Handler<'visit.end@1'> = async (writer, args, { actorId }) => {
	const visit = await writer.get('visits', args.visitId);
	if (visit && visit.spaceId !== args.spaceId) throw new MutationError('not_found', 'visit');
	const host = await isHost(writer, args.spaceId, actorId);
	const space = await spaceOf(writer, args.spaceId);
	// A late check-out of a visit the automatic close already ended (same rule: never past it).
	const reopened =
		visit && visit.endedAt !== null && visit.autoClosed && !visit.reviewed
			? { ...visit, endedAt: null }
			: visit;
	await writer.put('visits', checkOut(reopened, { userId: actorId, host }, args.at, space));
};

async function reviewable(writer: LocalWriter, spaceId: string, visitId: string) {
	const visit = await writer.get('visits', visitId);
	if (!visit || visit.spaceId !== spaceId) throw new MutationError('not_found', 'visit');
	return visit;
}

function refuse(refusal: string): never {
	throw new MutationError(refusal === 'not_closed' ? 'conflict' : 'forbidden', refusal);
}

export const correctVisit: Handler<'visit.correct@1'> = async (writer, args, { actorId, now }) => {
	const visit = await reviewable(writer, args.spaceId, args.visitId);
	const by = { userId: actorId, host: await isHost(writer, args.spaceId, actorId) };
	const to = { startedAt: args.startedAt, endedAt: args.endedAt };
	const refusal = correctionRefusal(visit, to, by, new Date(now));
	if (refusal) refuse(refusal);
	await writer.put('visits', { ...visit, ...to, reviewed: true });
};

export const confirmVisit: Handler<'visit.confirm@1'> = async (writer, args, { actorId, now }) => {
	const visit = await reviewable(writer, args.spaceId, args.visitId);
	const by = { userId: actorId, host: await isHost(writer, args.spaceId, actorId) };
	const to = { startedAt: visit.startedAt, endedAt: visit.endedAt ?? visit.startedAt };
	const refusal =
		visit.endedAt === null ? 'not_closed' : correctionRefusal(visit, to, by, new Date(now));
	if (refusal) refuse(refusal);
	await writer.put('visits', { ...visit, reviewed: true });
};
