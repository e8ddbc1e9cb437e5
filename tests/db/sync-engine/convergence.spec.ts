import 'fake-indexeddb/auto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clockSkewMs } from '$lib/db/sync-store';
import type { PushRequest } from '$lib/domain/protocol';
import {
	Device,
	freshView,
	join,
	newUser,
	signupArgs,
	tablesOf,
	uuid,
	closeStage,
	openStage,
	type Stage
} from './harness';

/** Reliability sync faults 9 (two devices converge) and 10 (clock skew). */

let admin: pg.Client;
let pool: pg.Pool;
let host: Device;
let space: string;
let ritual: string;
let stage: Stage;

beforeAll(async () => {
	stage = await openStage();
	({ admin, pool, host, space, ritual } = stage);
});
afterAll(() => closeStage(stage));

const DAY = 86_400_000;

describe('9. two devices of one member, offline, then online', () => {
	test('both offline make conflicting and independent changes; once both synced they hold the same rows as a fresh device', async () => {
		const phone = new Device(pool, await newUser(admin, 'Camille'));
		await join(host, phone, space, 'Camille');
		const laptop = new Device(pool, phone.userId);
		await laptop.synced();
		phone.transport.offline = true;
		laptop.transport.offline = true;

		// Both check in (only one can be open on the server), both sign up, one cancels.
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const halfHourAgo = new Date(Date.now() - 1_800_000).toISOString();
		const phoneSignup = signupArgs(space, ritual);
		await phone.mutate('visit.start@1', { spaceId: space, visitId: uuid(), at: hourAgo });
		await phone.mutate('signup.create@1', phoneSignup);
		await phone.mutate('profile.presence@1', { spaceId: space, showPresence: true });
		await laptop.mutate('visit.start@1', { spaceId: space, visitId: uuid(), at: halfHourAgo });
		await laptop.mutate(
			'signup.create@1',
			signupArgs(space, ritual, { occurrence: '2036-12-11T12:30' })
		);
		await laptop.mutate('profile.update@1', { displayName: 'Camille B.', locale: 'fr' });
		await phone.mutate('signup.cancel@1', { spaceId: space, signupId: phoneSignup.signupId });
		expect(await phone.sync()).toMatchObject({ phase: 'offline', waiting: 4 });
		expect(await laptop.sync()).toMatchObject({ phase: 'offline', waiting: 3 });

		phone.transport.offline = false;
		laptop.transport.offline = false;
		await Promise.all([phone.sync(), laptop.sync()]);
		await phone.synced();
		await laptop.synced();

		const expected = await freshView(pool, phone.userId);
		expect(await tablesOf(phone.db)).toEqual(expected);
		expect(await tablesOf(laptop.db)).toEqual(expected);
		// Every change either applied or recorded as refused, visible on both devices.
		const phoneResults = await phone.db.results.toArray();
		const laptopResults = await laptop.db.results.toArray();
		expect(phoneResults.map((r) => [r.clientId, r.mutationId, r.status, r.code]).sort()).toEqual(
			laptopResults.map((r) => [r.clientId, r.mutationId, r.status, r.code]).sort()
		);
		const me = (
			expected.memberships as { userId: string; displayName: string; showPresence: boolean }[]
		).find((m) => m.userId === phone.userId);
		expect(me).toMatchObject({ displayName: 'Camille B.', showPresence: true });
		await phone.destroy();
		await laptop.destroy();
	});
});

describe('10. clock skew and a clock that jumps back', () => {
	test('a device 3 days ahead whose clock then jumps back: mutations apply in id order; the server clamps the future time and flags the visit', async () => {
		const real = Date.now();
		let offset = 3 * DAY;
		const device = new Device(pool, await newUser(admin, 'Léa'), {
			now: () => new Date(Date.now() + offset)
		});
		await join(host, device, space, 'Léa');
		const visitId = uuid();
		const future = new Date(real + 3 * DAY).toISOString();
		await device.mutate('visit.start@1', { spaceId: space, visitId, at: future });
		offset = -2 * 3_600_000; // the clock jumps back: this change claims to be older
		const signup = signupArgs(space, ritual, { at: new Date(Date.now() + offset).toISOString() });
		await device.mutate('signup.create@1', signup);
		await device.mutate('visit.end@1', {
			spaceId: space,
			visitId,
			at: new Date(Date.now() + 3 * DAY + 3_600_000).toISOString()
		});
		const outbox = await device.db.outbox.toArray();
		expect(outbox[1]!.createdAt < outbox[0]!.createdAt).toBe(true);

		await device.synced();
		const pushed = device.transport.calls.filter((c) => c.operation === 'push').at(-1);
		expect((pushed!.request as PushRequest).mutations.map((m) => m.name)).toEqual([
			'visit.start@1',
			'signup.create@1',
			'visit.end@1'
		]);
		const { rows } = await admin.query<{
			started_at: Date;
			ended_at: Date;
			flagged: boolean;
			received_at: Date;
		}>('select started_at, ended_at, flagged, received_at from public.visits where id = $1', [
			visitId
		]);
		const [visit] = rows;
		expect(visit!.flagged).toBe(true);
		expect(Math.abs(visit!.started_at.getTime() - visit!.received_at.getTime())).toBeLessThan(
			60_000
		);
		expect(visit!.ended_at.getTime()).toBeGreaterThanOrEqual(visit!.started_at.getTime());
		expect(visit!.ended_at.getTime()).toBeLessThan(real + DAY);
		// The device holds the server's (clamped, flagged) version, not its own.
		expect(await device.db.visits.get(visitId)).toMatchObject({
			flagged: true,
			startedAt: visit!.started_at.toISOString()
		});
		// Skew recorded from the pull: the server is about 2 hours ahead of this device now.
		expect(await clockSkewMs(device.db)).toBeGreaterThan(2 * 3_600_000 - 60_000);
		expect(await clockSkewMs(device.db)).toBeLessThan(2 * 3_600_000 + 60_000);
		await device.destroy();
	});
});
