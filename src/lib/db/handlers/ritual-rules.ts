import { MutationError } from '$lib/domain/mutations/errors';
import { zonedInstant } from '$lib/domain/time';
import {
	membershipId,
	type OccurrenceChange,
	type Ritual,
	type RitualRole
} from '$lib/domain/types';
import type { CollectifDB, Stored } from '../database';
import type { LocalWriter } from '../writer';

/**
 * What the ritual handlers check as the server does (`docs/rituals.md`, "Mutations and their
 * refusals"). An occurrence is judged like the server judges it, by its key alone (no rule
 * expansion, so the `rrule` library stays out of the mutation path): at or after the series'
 * first occurrence, before its end, at its time of day. An honest client only names occurrences
 * its screens expanded, so a stricter check would refuse nothing more.
 */

/** The series `ritualId` of the space, or `not_found: ritual`. */
export async function ritualIn(
	writer: LocalWriter,
	spaceId: string,
	ritualId: string
): Promise<Stored<Ritual>> {
	const ritual = await writer.get('rituals', ritualId);
	if (!ritual || ritual.spaceId !== spaceId) throw new MutationError('not_found', 'ritual');
	return ritual;
}

/** A lead must be a member of the space (`not_found: lead`). */
export async function requireLead(
	writer: LocalWriter,
	spaceId: string,
	leadUserId: string | null
): Promise<void> {
	if (leadUserId === null) return;
	if (!(await writer.get('memberships', membershipId(spaceId, leadUserId)))) {
		throw new MutationError('not_found', 'lead');
	}
}

/** Whether `key` (`YYYY-MM-DDTHH:MM`) names an occurrence of the series, as the server judges. */
export const isOccurrenceOf = (
	ritual: Pick<Ritual, 'startsAt' | 'endsBefore'>,
	key: string
): boolean =>
	key >= ritual.startsAt &&
	(ritual.endsBefore === null || key < ritual.endsBefore) &&
	key.slice(11) === ritual.startsAt.slice(11);

/** The host's change of one occurrence, if any. */
export function changeOf(
	db: CollectifDB,
	ritualId: string,
	occurrence: string
): Promise<Stored<OccurrenceChange> | undefined> {
	return db.occurrenceChanges.where('[ritualId+occurrence]').equals([ritualId, occurrence]).first();
}

/** The space's time zone (every ritual time is local to it). */
export async function zoneOf(writer: LocalWriter, spaceId: string): Promise<string> {
	const space = await writer.get('spaces', spaceId);
	if (!space) throw new MutationError('not_found', 'space');
	return space.timeZone;
}

/** The instant an occurrence actually starts: where a host moved it, else its key, in the zone. */
export function startInstant(
	key: string,
	change: Pick<OccurrenceChange, 'startsAt'> | undefined,
	timeZone: string
): string {
	const local = change?.startsAt ?? key;
	const [hh, mm] = local.slice(11, 16).split(':').map(Number) as [number, number];
	return zonedInstant(local.slice(0, 10), hh, mm, timeZone);
}

/** `invalid_args` for a role the series does not have, named like the server names it. */
export function checkRole(roles: readonly RitualRole[], roleKey: string | null, path: string) {
	if (roleKey !== null && !roles.some((role) => role.key === roleKey)) {
		throw new MutationError('invalid_args', `${path}: unknown role`, [
			{ path, message: 'unknown role' }
		]);
	}
}
