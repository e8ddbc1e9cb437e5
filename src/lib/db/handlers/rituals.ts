import { MutationError } from '$lib/domain/mutations/errors';
import type { EntityTables } from '$lib/domain/types';
import type { CollectifDB } from '../database';
import type { LocalWriter } from '../writer';
import { isOccurrenceOf, requireLead, ritualIn } from './ritual-rules';
import type { Handler } from './types';

/** Series of rituals: scheduling, editing, splitting ("this and following"), ending. */

export const createRitual: Handler<'ritual.create@1'> = async (writer, args) => {
	if (await writer.get('rituals', args.ritualId)) {
		throw new MutationError('conflict', 'ritual exists');
	}
	await requireLead(writer, args.spaceId, args.leadUserId);
	await writer.put('rituals', {
		id: args.ritualId,
		spaceId: args.spaceId,
		kind: args.kind,
		title: args.title,
		description: args.description,
		place: args.place,
		durationMinutes: args.durationMinutes,
		capacity: args.capacity,
		rrule: args.rrule,
		startsAt: args.startsAt,
		roles: args.roles,
		leadUserId: args.leadUserId,
		endsBefore: null,
		endMessage: '',
		continuedBy: null,
		proposalId: null
	});
};

/** The details of every occurrence; the schedule stays (changing it is a split). */
export const updateRitual: Handler<'ritual.update@1'> = async (writer, args) => {
	const ritual = await ritualIn(writer, args.spaceId, args.ritualId);
	await requireLead(writer, args.spaceId, args.leadUserId);
	const details = {
		kind: args.kind,
		title: args.title,
		description: args.description,
		place: args.place,
		durationMinutes: args.durationMinutes,
		capacity: args.capacity,
		roles: args.roles,
		leadUserId: args.leadUserId
	};
	const same = (Object.keys(details) as (keyof typeof details)[]).every(
		(key) => JSON.stringify(ritual[key]) === JSON.stringify(details[key])
	);
	if (!same) await writer.put('rituals', { ...ritual, ...details });
};

/**
 * "This and following": the series ends before `from` and the new one carries on from there;
 * sign-ups, changes and attendance of occurrences from `from` on move to it (a comparison of
 * keys, as on the server). The new series keeps the proposal it came from.
 */
export const splitRitual: Handler<'ritual.split@1'> = async (writer, args, { db }) => {
	const ritual = await ritualIn(writer, args.spaceId, args.ritualId);
	if (!isOccurrenceOf(ritual, args.from)) {
		throw new MutationError('invalid_args', 'from: outside the series', [
			{ path: 'from', message: 'outside the series' }
		]);
	}
	if (await writer.get('rituals', args.newRitualId)) {
		throw new MutationError('conflict', 'ritual exists');
	}
	await requireLead(writer, args.spaceId, args.leadUserId);
	await writer.put('rituals', {
		...ritual,
		endsBefore: args.from,
		endMessage: args.message,
		continuedBy: args.newRitualId
	});
	await writer.put('rituals', {
		id: args.newRitualId,
		spaceId: args.spaceId,
		kind: args.kind,
		title: args.title,
		description: args.description,
		place: args.place,
		durationMinutes: args.durationMinutes,
		capacity: args.capacity,
		rrule: args.rrule,
		startsAt: args.startsAt,
		roles: args.roles,
		leadUserId: args.leadUserId,
		endsBefore: null,
		endMessage: '',
		continuedBy: null,
		proposalId: ritual.proposalId
	});
	for (const table of ['signups', 'occurrenceChanges', 'attendance'] as const) {
		await moveFrom(writer, db, table, args.ritualId, args.from, args.newRitualId);
	}
};

/** Rows of the occurrences of `ritualId` from `from` on go to the series `to`. */
async function moveFrom<K extends 'signups' | 'occurrenceChanges' | 'attendance'>(
	writer: LocalWriter,
	db: CollectifDB,
	table: K,
	ritualId: string,
	from: string,
	to: string
): Promise<void> {
	const rows = (await db[table]
		.where('[ritualId+occurrence]')
		.between([ritualId, from], [ritualId, '\uffff'], true, true)
		.toArray()) as EntityTables[K][];
	for (const row of rows) await writer.put(table, { ...row, ritualId: to });
}

/** Ends (cancels) the series from `from` on; `from: null` reopens it, unless a split continued it. */
export const endRitual: Handler<'ritual.end@1'> = async (writer, args) => {
	const ritual = await ritualIn(writer, args.spaceId, args.ritualId);
	if (args.from === null && ritual.continuedBy !== null) {
		throw new MutationError('conflict', 'continued');
	}
	if (ritual.endsBefore === args.from && ritual.endMessage === args.message) return;
	await writer.put('rituals', { ...ritual, endsBefore: args.from, endMessage: args.message });
};
