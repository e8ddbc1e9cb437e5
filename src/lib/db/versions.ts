import type { Transaction } from 'dexie';
import { defaultSpaceSettings } from '$lib/domain/types';

/**
 * The local schema, one entry per version, oldest first. Rules for a new version:
 * - never delete or clear `outbox` in an upgrade: it holds the user's unsynced work;
 * - server tables may be cleared (a pull refills them), but then also clear `shadows` and reset
 *   the pull cursor in `meta` in the same upgrade;
 * - `tests/unit/db/versions.spec.ts` opens the previous version with pending work and upgrades it.
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
	}
];

export const currentSchemaVersion = schemaVersions[schemaVersions.length - 1]!.version;
