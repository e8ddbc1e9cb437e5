import { defaultSpaceSettings, membershipId } from '$lib/domain/types';
import { MutationError } from '$lib/domain/mutations/errors';
import type { Handler } from './types';

export const createSpace: Handler<'space.create@1'> = async (writer, args, { actorId }) => {
	if (await writer.get('spaces', args.spaceId)) throw new MutationError('conflict', 'space exists');
	await writer.put('spaces', {
		id: args.spaceId,
		name: args.name,
		timeZone: args.timeZone,
		capacity: args.capacity,
		openingTime: args.openingTime,
		closingTime: args.closingTime,
		...defaultSpaceSettings
	});
	await writer.put('memberships', {
		id: membershipId(args.spaceId, actorId),
		spaceId: args.spaceId,
		userId: actorId,
		displayName: args.hostName,
		role: 'host',
		showPresence: false
	});
};

export const addMembership: Handler<'membership.add@1'> = async (writer, args) => {
	const id = membershipId(args.spaceId, args.userId);
	const existing = await writer.get('memberships', id);
	await writer.put('memberships', {
		id,
		spaceId: args.spaceId,
		userId: args.userId,
		displayName: args.displayName,
		role: args.role,
		showPresence: existing?.showPresence ?? false
	});
};

/** Renames the actor in every space they belong to (the server also updates their profile). */
export const updateProfile: Handler<'profile.update@1'> = async (writer, args, { db, actorId }) => {
	const memberships = await db.memberships.where('userId').equals(actorId).toArray();
	for (const membership of memberships) {
		const current = (await writer.get('memberships', membership.id)) ?? membership;
		await writer.put('memberships', { ...current, displayName: args.displayName });
	}
};

export const setPresence: Handler<'profile.presence@1'> = async (writer, args, { actorId }) => {
	const membership = await writer.get('memberships', membershipId(args.spaceId, actorId));
	if (!membership) throw new MutationError('not_found', 'membership');
	await writer.put('memberships', { ...membership, showPresence: args.showPresence });
};

export const updateSpaceSettings: Handler<'space.settings@1'> = async (writer, args) => {
	const space = await writer.get('spaces', args.spaceId);
	if (!space) throw new MutationError('not_found', 'space');
	await writer.put('spaces', {
		...space,
		capacity: args.capacity,
		openingTime: args.openingTime,
		closingTime: args.closingTime,
		lowThresholdMinutes: args.lowThresholdMinutes,
		overdraftLimitMinutes: args.overdraftLimitMinutes
	});
};

/** Only hosts hold the key; the old one stops working on the server at once. */
export const rotateSpaceKey: Handler<'space.rotateKey@1'> = async (writer, args, { now }) => {
	await writer.put('spaceKeys', {
		id: args.spaceId,
		spaceId: args.spaceId,
		key: args.key,
		rotatedAt: now
	});
};
