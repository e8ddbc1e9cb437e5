import type { Db } from './helpers';
import { uuid } from './sync-helpers';

/**
 * Helpers of the participation specs (tests/db/participation-*.spec.ts, issue 6): argument
 * builders of the five mutations of docs/community.md, and a snapshot of what they store.
 */

export const nowIso = () => new Date().toISOString();

/** Valid arguments of every new mutation, with overrides. */
export const pargs = {
	welcome: (spaceId: string, welcomerId: string | null, o: Record<string, unknown> = {}) => ({
		spaceId,
		welcomeId: uuid(),
		welcomerId,
		at: nowIso(),
		...o
	}),
	prefs: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		optedOut: false,
		happyToBeAsked: true,
		...o
	}),
	contest: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		contestId: uuid(),
		subject: `attendance:${uuid()}`,
		reason: 'Je n’étais pas là ce jour-là.',
		at: nowIso(),
		...o
	}),
	resolve: (spaceId: string, contestId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		contestId,
		resolution: 'Corrigé, merci.',
		...o
	}),
	settings: (spaceId: string, o: Record<string, unknown> = {}) => ({
		spaceId,
		settingsId: uuid(),
		validFrom: '2027-01-01',
		values: { weights: { welcome: 3 }, levels: { thresholds: [1, 4, 9] } },
		...o
	})
};

/** Everything the four tables hold for a space (and its version counter), as the superuser. */
export async function participationSnapshot(db: Db, spaceId: string) {
	const { rows } = await db.query(
		`select
			(select json_agg(t order by t.id) from public.welcomes as t where t.space_id = $1) as welcomes,
			(select json_agg(t order by t.user_id) from public.participation_prefs as t
				where t.space_id = $1) as prefs,
			(select json_agg(t order by t.id) from public.contests as t where t.space_id = $1) as contests,
			(select json_agg(t order by t.id) from public.participation_settings as t
				where t.space_id = $1) as settings,
			(select version from app_private.space_versions where space_id = $1) as version`,
		[spaceId]
	);
	return rows[0];
}
