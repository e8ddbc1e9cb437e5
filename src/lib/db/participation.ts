import { Dexie } from 'dexie';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import {
	membershipId,
	type Attendance,
	type Contest,
	type ParticipationPrefs,
	type ParticipationSettings,
	type Welcome
} from '$lib/domain/types';
import type { CollectifDB, Stored } from './database';

/**
 * What the participation screens read (`docs/community.md`, "Who reads what"): a member's device
 * holds their own switches, contests and welcomes, hosts' devices every row of the space. A
 * member's participation is computed on their device from `memberFacts`; the host's community
 * view from the kept compact log of the whole space (`hostLog`, `participation-log.ts`).
 */

/** A member's switches in the space (none: never set, the defaults). */
export const prefsOf = (
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<Stored<ParticipationPrefs> | undefined> =>
	db.participationPrefs.get(membershipId(spaceId, userId));

/** Every member's switches this device holds for the space (hosts: all). */
export const prefsOfSpace = (
	db: CollectifDB,
	spaceId: string
): Promise<Stored<ParticipationPrefs>[]> =>
	db.participationPrefs.where('spaceId').equals(spaceId).toArray();

/** The welcomes this device holds for the space, latest confirmation first. */
export async function welcomesOf(db: CollectifDB, spaceId: string): Promise<Stored<Welcome>[]> {
	const rows = await db.welcomes.where('spaceId').equals(spaceId).toArray();
	return rows.sort(
		(a, b) => b.confirmedAt.localeCompare(a.confirmedAt) || a.id.localeCompare(b.id)
	);
}

/** The contests this device holds for the space (a member's own; hosts: all), newest first. */
export async function contestsOf(db: CollectifDB, spaceId: string): Promise<Stored<Contest>[]> {
	const rows = await db.contests.where('spaceId').equals(spaceId).toArray();
	return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** The space's dated settings, oldest `validFrom` first (then in the order they were made). */
export async function settingsOf(
	db: CollectifDB,
	spaceId: string
): Promise<Stored<ParticipationSettings>[]> {
	const rows = await db.participationSettings.where('spaceId').equals(spaceId).toArray();
	return rows.sort(
		(a, b) =>
			a.validFrom.localeCompare(b.validFrom) ||
			a.createdAt.localeCompare(b.createdAt) ||
			a.id.localeCompare(b.id)
	);
}

/** A member's facts, and the space's settings rows (`configChangesFrom` makes versions of them). */
export interface MemberFacts extends ParticipationFacts {
	settings: Stored<ParticipationSettings>[];
}

/**
 * What a member's mirror needs (`member-mirror.ts`), read in one transaction: their own
 * attendance, and the space's public hosting rows (co-animations and leads: hand-overs credit
 * those who hosted with someone before that person's first lead); the first held occurrence of
 * each series their accepted proposals became; their proposals; the welcomes naming them (as
 * newcomer or welcomer); their visits (presence days); their first contract; the space's hosts
 * (staff earn no level); their switches; the settings rows. About a year of one member's facts:
 * a few hundred rows, plus the space's hosting rows.
 */
export function memberFacts(
	db: CollectifDB,
	spaceId: string,
	userId: string
): Promise<MemberFacts> {
	return db.transaction(
		'r',
		[
			db.attendance,
			db.proposals,
			db.welcomes,
			db.visits,
			db.contracts,
			db.memberships,
			db.participationPrefs,
			db.participationSettings
		],
		async () => {
			const [own, hosting, proposals, welcomes, visits, contracts, members, prefs, settings] =
				await Promise.all([
					db.attendance.where('[spaceId+userId]').equals([spaceId, userId]).toArray(),
					db.attendance
						.where('[spaceId+part]')
						.anyOf([
							[spaceId, 'coanimated'],
							[spaceId, 'led']
						])
						.toArray(),
					db.proposals.where('spaceId').equals(spaceId).toArray(),
					db.welcomes.where('spaceId').equals(spaceId).toArray(),
					db.visits
						.where('[userId+startedAt]')
						.between([userId, Dexie.minKey], [userId, Dexie.maxKey])
						.toArray(),
					db.contracts.where('[spaceId+userId]').equals([spaceId, userId]).toArray(),
					db.memberships.where('spaceId').equals(spaceId).toArray(),
					prefsOf(db, spaceId, userId),
					settingsOf(db, spaceId)
				]);
			const theirs = proposals.filter((proposal) => proposal.userId === userId);
			// A proposal's ritual took place at its first occurrence with any attendance row.
			const firstHeld = await Promise.all(
				theirs
					.filter((proposal) => proposal.status === 'accepted' && proposal.ritualId !== null)
					.map((proposal) =>
						db.attendance
							.where('[ritualId+occurrence]')
							.between([proposal.ritualId, Dexie.minKey], [proposal.ritualId, Dexie.maxKey])
							.first()
					)
			);
			const attendance = new Map<string, Attendance>();
			for (const row of [...own, ...hosting, ...firstHeld]) if (row) attendance.set(row.id, row);
			const starts = contracts.map((contract) => contract.startsOn).sort();
			return {
				attendance: [...attendance.values()],
				proposals: theirs,
				welcomes: welcomes.filter(
					(welcome) => welcome.newcomerId === userId || welcome.welcomerId === userId
				),
				visits: visits.filter((visit) => visit.spaceId === spaceId),
				firstSeen: starts.length > 0 ? [{ userId, date: starts[0]! }] : [],
				staffIds: members.filter((member) => member.role === 'host').map((m) => m.userId),
				prefs: prefs ? [prefs] : [],
				settings
			};
		}
	);
}
