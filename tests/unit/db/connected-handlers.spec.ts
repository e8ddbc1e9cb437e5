import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { joinAttempt } from '$lib/db/join';
import { activeInvitationsOf } from '$lib/db/invitations';
import { spacesOfUser } from '$lib/db/spaces';
import { MutationError } from '$lib/domain/mutations/errors';
import { HOST, MEMBER, SPACE, spaceArgs, uuid } from '../builders';
import { applyMutation, freshDb, spaceWithMember } from './harness';

let db: CollectifDB;
beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
});
afterEach(async () => {
	await db.delete();
});

const NOW = new Date('2026-11-26T09:00:00.000Z');
const invite = (over: Record<string, unknown> = {}) => ({
	actorId: HOST,
	name: 'invitation.create@1',
	args: {
		spaceId: SPACE,
		invitationId: uuid(50),
		code: 'ABCD2345',
		expiresAt: null,
		maxUses: null,
		...over
	}
});

describe('invitations on the device', () => {
	it('a host creates one, pending until synced, and revokes it', async () => {
		const id = await applyMutation(db, invite(), NOW);
		expect(await db.invitations.get(uuid(50))).toMatchObject({
			code: 'ABCD2345',
			createdBy: HOST,
			createdAt: NOW.toISOString(),
			uses: 0,
			revoked: false,
			pending: id
		});
		expect((await activeInvitationsOf(db, SPACE)).map((i) => i.id)).toEqual([uuid(50)]);
		await applyMutation(db, {
			actorId: HOST,
			name: 'invitation.revoke@1',
			args: { spaceId: SPACE, invitationId: uuid(50) }
		});
		expect(await activeInvitationsOf(db, SPACE)).toEqual([]);
	});

	it('a member may not create one, and a code with look-alike characters is refused', async () => {
		await expect(applyMutation(db, { ...invite(), actorId: MEMBER })).rejects.toMatchObject({
			code: 'forbidden'
		});
		const error = await applyMutation(db, invite({ code: 'ABCD0O1I' })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MutationError);
		expect((error as MutationError).issues.map((issue) => issue.path)).toEqual(['code']);
	});

	it('revoking an unknown invitation is not_found', async () => {
		await expect(
			applyMutation(db, {
				actorId: HOST,
				name: 'invitation.revoke@1',
				args: { spaceId: SPACE, invitationId: uuid(99) }
			})
		).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('joining a space', () => {
	it('queues the request without touching any table, and tracks its answer', async () => {
		const before = await db.memberships.count();
		const id = await applyMutation(db, {
			actorId: MEMBER,
			name: 'membership.join@1',
			args: { code: 'ABCD2345', displayName: 'Camille' }
		});
		expect(await db.memberships.count()).toBe(before);
		expect(await joinAttempt(db, id)).toEqual({ state: 'waiting' });

		await db.outbox.delete(id);
		const result = {
			clientId: uuid(7),
			mutationId: id,
			name: 'membership.join@1',
			args: {},
			detail: null,
			createdAt: NOW.toISOString()
		};
		await db.results.put({ ...result, status: 'rejected', code: 'not_found', data: null });
		expect(await joinAttempt(db, id)).toEqual({ state: 'rejected' });
		await db.results.put({
			...result,
			clientId: uuid(8),
			createdAt: '2026-11-26T09:00:01.000Z',
			status: 'applied',
			code: null,
			data: { spaceId: SPACE }
		});
		expect(await joinAttempt(db, id)).toEqual({ state: 'joined', spaceId: SPACE });
	});
});

describe('profile', () => {
	it('renames the actor in every space they belong to, and nobody else', async () => {
		const second = uuid(60);
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'space.create@1',
			args: spaceArgs({ spaceId: second, name: 'Atelier', hostName: 'Cam' })
		});
		await applyMutation(db, {
			actorId: MEMBER,
			name: 'profile.update@1',
			args: { displayName: '  Camille D.  ', locale: 'fr' }
		});
		const spaces = await spacesOfUser(db, MEMBER);
		expect(spaces.map(({ space }) => space.name)).toEqual(['Atelier', 'La Cantine']);
		expect(spaces.map(({ membership }) => membership.displayName)).toEqual([
			'Camille D.',
			'Camille D.'
		]);
		expect((await spacesOfUser(db, HOST))[0]?.membership.displayName).toBe('Sophie');
	});

	it('a space must open before it closes', async () => {
		await expect(
			applyMutation(db, {
				actorId: MEMBER,
				name: 'space.create@1',
				args: spaceArgs({ spaceId: uuid(61), openingTime: '20:00', closingTime: '08:00' })
			})
		).rejects.toMatchObject({ code: 'invalid_args' });
	});
});
