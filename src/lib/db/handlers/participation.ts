import { configAt, configChangesFrom, defaultConfig } from '$lib/domain/participation/config';
import { validateConfig } from '$lib/domain/participation/config-validation';
import { MutationError, type MutationIssue } from '$lib/domain/mutations/errors';
import { membershipId } from '$lib/domain/types';
import type { Handler } from './types';

/**
 * Community participation (`docs/community.md`, "Mutations"): welcomes confirmed by newcomers,
 * each member's switches, contests and their answers, the space's dated settings. Each handler
 * mirrors the server's (`app_private.m_welcome_confirm` …), refusals and no-ops included: the
 * same answer, switches or resolution again writes nothing. Device times (`at`) are recorded as
 * given; the server clamps implausible ones like check-ins (`clampDeviceTime`), and the next pull
 * shows its version. Times the server stamps itself (opting out, answering a contest, a
 * settings row's creation) are the device's `now` until then.
 */

/**
 * The caller, a newcomer, names who welcomed them: a member of the space other than themselves,
 * or nobody in particular (`welcomerId: null`). One answer per newcomer and space: answering
 * again replaces it and the row keeps its id (the id sent is used only for the first answer).
 */
export const confirmWelcome: Handler<'welcome.confirm@1'> = async (
	writer,
	args,
	{ db, actorId }
) => {
	if (args.welcomerId === actorId) {
		throw new MutationError('invalid_args', 'welcomerId: yourself', [
			{ path: 'welcomerId', message: 'yourself' }
		]);
	}
	if (
		args.welcomerId !== null &&
		!(await writer.get('memberships', membershipId(args.spaceId, args.welcomerId)))
	) {
		throw new MutationError('not_found', 'member');
	}
	const existing = await db.welcomes
		.where('[spaceId+newcomerId]')
		.equals([args.spaceId, actorId])
		.first();
	if (existing) {
		if (existing.welcomerId === args.welcomerId && existing.confirmedAt === args.at) return;
		await writer.put('welcomes', {
			...existing,
			welcomerId: args.welcomerId,
			confirmedAt: args.at
		});
		return;
	}
	if (await writer.get('welcomes', args.welcomeId)) {
		throw new MutationError('conflict', 'welcome exists');
	}
	await writer.put('welcomes', {
		id: args.welcomeId,
		spaceId: args.spaceId,
		newcomerId: actorId,
		welcomerId: args.welcomerId,
		confirmedAt: args.at
	});
};

/**
 * The caller's own switches (one row per member and space, `${spaceId}:${userId}`). Opting out
 * stamps the time once and keeps it while it stays on; opting back in clears it.
 */
export const setParticipationPrefs: Handler<'participation.prefs@1'> = async (
	writer,
	args,
	{ actorId, now }
) => {
	const id = membershipId(args.spaceId, actorId);
	const existing = await writer.get('participationPrefs', id);
	if (
		existing &&
		existing.optedOut === args.optedOut &&
		existing.happyToBeAsked === args.happyToBeAsked
	) {
		return;
	}
	const optedOutAt = !args.optedOut
		? null
		: existing?.optedOut && existing.optedOutAt !== null
			? existing.optedOutAt
			: now;
	await writer.put('participationPrefs', {
		id,
		spaceId: args.spaceId,
		userId: actorId,
		optedOut: args.optedOut,
		optedOutAt,
		happyToBeAsked: args.happyToBeAsked
	});
};

/** The caller contests an entry of their own log, with a reason; a host answers later. */
export const contestEntry: Handler<'participation.contest@1'> = async (
	writer,
	args,
	{ actorId }
) => {
	if (await writer.get('contests', args.contestId)) {
		throw new MutationError('conflict', 'contest exists');
	}
	await writer.put('contests', {
		id: args.contestId,
		spaceId: args.spaceId,
		userId: actorId,
		subject: args.subject,
		reason: args.reason,
		createdAt: args.at,
		resolvedAt: null,
		resolution: ''
	});
};

/** A host answers a contest of the space; answering again replaces the answer. */
export const resolveContest: Handler<'participation.resolve@1'> = async (writer, args, { now }) => {
	const contest = await writer.get('contests', args.contestId);
	if (!contest || contest.spaceId !== args.spaceId) throw new MutationError('not_found', 'contest');
	if (contest.resolution === args.resolution) return;
	await writer.put('contests', { ...contest, resolution: args.resolution, resolvedAt: now });
};

/**
 * A new dated version of the space's settings. The server stores any object of the right size;
 * the device also refuses values that would leave the settings out of the model's bounds
 * (`validateConfig`), on the day they apply and on each later date another version applies from
 * (the new version is laid over it there too, being the latest), and names it cannot place.
 */
export const addParticipationSettings: Handler<'participation.settings@1'> = async (
	writer,
	args,
	{ db, actorId, now }
) => {
	if (await writer.get('participationSettings', args.settingsId)) {
		throw new MutationError('conflict', 'settings exist');
	}
	const issues = settingsIssues(
		await db.participationSettings.where('spaceId').equals(args.spaceId).toArray(),
		args.validFrom,
		args.values
	);
	if (issues.length > 0) {
		throw new MutationError(
			'invalid_args',
			issues.map((issue) => `${issue.path}: ${issue.message}`).join(', '),
			issues
		);
	}
	await writer.put('participationSettings', {
		id: args.settingsId,
		spaceId: args.spaceId,
		validFrom: args.validFrom,
		values: args.values,
		createdBy: actorId,
		createdAt: now
	});
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where `values` does not fit the shape of the settings (`defaultConfig`): a name the settings do
 * not have, an object where a number goes, a list of another length. Checked first, so that the
 * bounds are only checked on settings of the right shape.
 */
function shapeIssues(values: unknown, model: unknown, path: string): MutationIssue[] {
	if (Array.isArray(model)) {
		return Array.isArray(values) && values.length === model.length
			? []
			: [{ path, message: 'not_a_list' }];
	}
	if (isPlainObject(model)) {
		if (!isPlainObject(values)) return [{ path, message: 'not_an_object' }];
		return Object.entries(values).flatMap(([key, value]) =>
			Object.hasOwn(model, key)
				? shapeIssues(value, model[key], `${path}.${key}`)
				: [{ path: `${path}.${key}`, message: 'unknown' }]
		);
	}
	return [];
}

/** Problems of a new settings version over the versions the space already has. */
function settingsIssues(
	rows: readonly { validFrom: string; values: unknown; createdAt: string }[],
	validFrom: string,
	values: Record<string, unknown>
): MutationIssue[] {
	const shape = shapeIssues(values, defaultConfig, 'values');
	if (shape.length > 0) return shape;
	const earlier = configChangesFrom(rows);
	const changes = [...earlier, { version: earlier.length + 1, validFrom, values }];
	const later = new Set(rows.map((row) => row.validFrom).filter((date) => date > validFrom));
	const found = new Map<string, MutationIssue>();
	for (const date of [validFrom, ...[...later].sort()]) {
		// A problem an earlier version already caused on that date is not this change's.
		const before =
			date === validFrom
				? new Set<string>()
				: new Set(validateConfig(configAt(earlier, date)).map((issue) => issue.path));
		for (const issue of validateConfig(configAt(changes, date))) {
			const path = `values.${issue.path}`;
			if (!before.has(issue.path) && !found.has(path)) {
				found.set(path, { path, message: issue.code });
			}
		}
	}
	return [...found.values()];
}
