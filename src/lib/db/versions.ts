import type { Transaction } from 'dexie';
import { defaultSpaceSettings } from '$lib/domain/types';
import { SIGNUP_RANK } from './ranks';

/**
 * The local schema, one entry per version, oldest first. Rules for a new version:
 * - never delete or clear `outbox` in an upgrade: it holds the user's unsynced work;
 * - server tables may be cleared (a pull refills them), but then also clear `shadows` and reset
 *   the pull cursor in `meta` in the same upgrade;
 * - `tests/unit/db/versions.spec.ts` opens the previous version with pending work and upgrades it;
 * - an upgrade that rewrites rows of a participation fact table (`fact-journal.ts#factTables`)
 *   also clears `participationLogs` (the kept logs are then built again from the rows), since it
 *   writes around the journal; so does one that changes what the compact log makes of a row
 *   (or bump `SNAPSHOT_FORMAT` in `domain/participation/snapshot.ts`).
 */
export interface SchemaVersion {
	version: number;
	stores: Record<string, string | null>;
	upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const schemaVersions: readonly SchemaVersion[] = [
	{
		version: 1,
		stores: {
			spaces: 'id, pending',
			memberships: 'id, spaceId, userId, pending',
			plans: 'id, spaceId, pending',
			contracts: 'id, [spaceId+userId], pending',
			visits: 'id, [spaceId+startedAt], [userId+startedAt], openOf, pending',
			rituals: 'id, spaceId, pending',
			signups: 'id, [ritualId+occurrence], userId, pending',
			outbox: 'id',
			shadows: '[table+id]',
			meta: 'key'
		}
	},
	{
		// Connected mode: invitations (hosts), and the results of this user's mutations from the
		// server (rejections to explain, on every device). Additive: nothing to migrate.
		version: 2,
		stores: {
			invitations: 'id, spaceId, pending',
			results: '[clientId+mutationId], createdAt'
		}
	},
	{
		// Hours and check-ins: host adjustments, the space's QR check-in key (hosts), top-up
		// requests. Older space and visit rows (and their shadows) get the new fields' defaults,
		// as the server's columns do; the outbox is untouched.
		version: 3,
		stores: {
			adjustments: 'id, [spaceId+userId], pending',
			spaceKeys: 'id, pending',
			topupRequests: 'id, [spaceId+userId], spaceId, pending'
		},
		upgrade: async (tx) => {
			const space = (row: Record<string, unknown>) => {
				row.lowThresholdMinutes ??= defaultSpaceSettings.lowThresholdMinutes;
				if (!('overdraftLimitMinutes' in row)) {
					row.overdraftLimitMinutes = defaultSpaceSettings.overdraftLimitMinutes;
				}
			};
			const visit = (row: Record<string, unknown>) => {
				row.reviewed ??= false;
			};
			await tx.table('spaces').toCollection().modify(space);
			await tx.table('visits').toCollection().modify(visit);
			await tx
				.table('shadows')
				.toCollection()
				.modify((shadow: { table: string; row: Record<string, unknown> | null }) => {
					if (shadow.row && shadow.table === 'spaces') space(shadow.row);
					if (shadow.row && shadow.table === 'visits') visit(shadow.row);
				});
		}
	},
	{
		// Rituals and co-animation (docs/rituals.md): occurrence changes, proposals, attendance, the
		// space's vocabulary; sign-ups by space and occurrence (the rituals list reads a window of
		// them); shadows by the mutation that deleted their row (`deletedBy`, see `writer.ts`).
		// Older rituals get the new fields' defaults and their roles `animates: false`. Older
		// sign-ups get a rank in the order they were made (what the demo device had shown), and
		// the pull cursors go so that a connected device pulls everything again: the server's
		// ranks replace these guesses. Sign-ups of unsynced work stay unranked (pending). The
		// outbox is untouched.
		version: 4,
		stores: {
			signups: 'id, [ritualId+occurrence], [spaceId+occurrence], userId, pending',
			occurrenceChanges: 'id, [ritualId+occurrence], spaceId, pending',
			proposals: 'id, spaceId, pending',
			attendance: 'id, [ritualId+occurrence], [spaceId+userId], [spaceId+part], spaceId, pending',
			vocabularies: 'id, pending',
			// Participation (issue 6): welcomes (one per newcomer and space), each member's
			// switches, contests, settings; the public hosting rows of attendance (a member's mirror
			// reads them for hand-overs). Local only: the journal of changed facts and the kept
			// compact log of a space with its snapshot (`fact-journal.ts`, `participation-log.ts`).
			welcomes: 'id, spaceId, [spaceId+newcomerId], pending',
			participationPrefs: 'id, spaceId, pending',
			contests: 'id, spaceId, pending',
			participationSettings: 'id, spaceId, pending',
			factChanges: '++seq, [spaceId+seq]',
			participationLogs: 'spaceId',
			participationSnapshots: 'spaceId',
			shadows: '[table+id], deletedBy'
		},
		upgrade: async (tx) => {
			const ritual = (row: Record<string, unknown>) => {
				if (!('endsBefore' in row)) row.endsBefore = null;
				row.endMessage ??= '';
				if (!('continuedBy' in row)) row.continuedBy = null;
				if (!('proposalId' in row)) row.proposalId = null;
				if (Array.isArray(row.roles)) {
					for (const role of row.roles as Record<string, unknown>[]) role.animates ??= false;
				}
			};
			await tx.table('rituals').toCollection().modify(ritual);
			type Row = Record<string, unknown> & { id: string; createdAt?: string; pending?: number };
			const signups = (await tx.table('signups').toArray()) as Row[];
			const shadows = (await tx.table('shadows').toArray()) as {
				table: string;
				id: string;
				row: Row | null;
			}[];
			for (const shadow of shadows) {
				if (shadow.row && shadow.table === 'rituals') ritual(shadow.row);
			}
			// The server's rows (not those of unsynced work) are ranked by when they were made.
			const ranked = [
				...signups.filter((row) => row.pending === undefined),
				...shadows.flatMap((s) => (s.table === 'signups' && s.row ? [s.row] : []))
			]
				.filter((row) => row.rank === undefined || row.rank === null)
				.sort(
					(a, b) =>
						String(a.createdAt).localeCompare(String(b.createdAt)) || a.id.localeCompare(b.id)
				);
			let rank = 0;
			for (const row of ranked) {
				rank++;
				row.rank = rank;
				row.roleRank = rank;
			}
			for (const row of signups) {
				if (row.rank === undefined) row.rank = null;
				if (row.roleRank === undefined) row.roleRank = null;
			}
			await tx.table('signups').bulkPut(signups);
			await tx.table('shadows').bulkPut(shadows);
			if (rank > 0) await tx.table('meta').put({ key: SIGNUP_RANK, value: rank });
			await tx.table('meta').where('key').startsWith('cursor:').delete();
		}
	}
];

export const currentSchemaVersion = schemaVersions[schemaVersions.length - 1]!.version;
