import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectifDB } from '$lib/db/database';
import { acceptOutboxLocally } from '$lib/db/outbox';
import { MutationError } from '$lib/domain/mutations/errors';
import { zonedInstant } from '$lib/domain/time';
import { HOST, MEMBER, OTHER, SPACE, plan, uuid } from '../builders';
import { applyMutation, applyMutations, freshDb, snapshot, spaceWithMember } from './harness';

/**
 * The local handlers of the hours and check-ins mutations: the same rules as the server's
 * (`tests/db/hours-*.spec.ts`), applied optimistically on the device.
 */
let db: CollectifDB;
const PLAN = uuid(900);
const KEY = 'AbCdEfGhIjKlMnOpQrSt_-';
const paris = (date: string, hh: number, mm = 0) => zonedInstant(date, hh, mm, 'Europe/Paris');

const as = (actorId: string, name: string, args: Record<string, unknown>) => ({
	actorId,
	name,
	args: { spaceId: SPACE, ...args }
});
const apply = (actorId: string, name: string, args: Record<string, unknown>, now?: Date) =>
	applyMutation(db, as(actorId, name, args), now);

async function refusal(promise: Promise<unknown>): Promise<MutationError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(MutationError);
	return error as MutationError;
}

beforeEach(async () => {
	db = freshDb();
	await spaceWithMember(db);
	const { name, kind, hours, validityDays, rules } = plan();
	await applyMutations(db, [
		as(HOST, 'plan.create@1', { planId: PLAN, name, kind, hours, validityDays, rules }),
		as(HOST, 'membership.add@1', { userId: OTHER, displayName: 'Inès', role: 'member' }),
		as(HOST, 'space.rotateKey@1', { key: KEY })
	]);
	await acceptOutboxLocally(db);
});
afterEach(async () => {
	await db.delete();
});

describe('plans', () => {
	it('a host edits a plan; contracts already sold keep their rules', async () => {
		await apply(HOST, 'contract.grant@1', {
			contractId: uuid(1),
			planId: PLAN,
			userId: MEMBER,
			startsOn: '2026-11-01'
		});
		const rules = { ...plan().rules, minimumMinutes: 60 };
		await apply(HOST, 'plan.update@1', {
			planId: PLAN,
			name: 'Carnet 12 h',
			hours: 12,
			validityDays: 120,
			rules
		});
		expect(await db.plans.get(PLAN)).toMatchObject({ name: 'Carnet 12 h', hours: 12, rules });
		expect((await db.contracts.get(uuid(1)))?.rules.minimumMinutes).toBe(0);
		expect((await db.contracts.get(uuid(1)))?.minutesGranted).toBe(600);
	});

	it('archives and restores a plan', async () => {
		await apply(HOST, 'plan.archive@1', { planId: PLAN, archived: true });
		expect((await db.plans.get(PLAN))?.archived).toBe(true);
		await apply(HOST, 'plan.archive@1', { planId: PLAN, archived: false });
		expect((await db.plans.get(PLAN))?.archived).toBe(false);
	});

	it('refuses a member, and an unknown plan', async () => {
		const args = { planId: PLAN, archived: true };
		expect((await refusal(apply(MEMBER, 'plan.archive@1', args))).code).toBe('forbidden');
		const unknown = { ...args, planId: uuid(404) };
		expect((await refusal(apply(HOST, 'plan.archive@1', unknown))).code).toBe('not_found');
	});
});

describe('adjustments and top-up requests', () => {
	const credit = { adjustmentId: uuid(2), userId: MEMBER, minutes: 90, contractId: null };
	const dated = { ...credit, localDate: '2026-11-20', reason: 'Panne de wifi' };

	it('a host credits a member with a reason, recorded with who and when', async () => {
		await apply(HOST, 'adjustment.create@1', dated, new Date('2026-11-26T10:00:00.000Z'));
		expect(await db.adjustments.get(uuid(2))).toMatchObject({
			userId: MEMBER,
			minutes: 90,
			reason: 'Panne de wifi',
			createdBy: HOST,
			createdAt: '2026-11-26T10:00:00.000Z'
		});
	});

	it('a member cannot credit hours, to themselves or anyone', async () => {
		const before = await snapshot(db);
		expect((await refusal(apply(MEMBER, 'adjustment.create@1', dated))).code).toBe('forbidden');
		expect(await snapshot(db)).toEqual(before);
	});

	it('refuses a contract of another member, and a non-member', async () => {
		await apply(HOST, 'contract.grant@1', {
			contractId: uuid(3),
			planId: PLAN,
			userId: OTHER,
			startsOn: '2026-11-01'
		});
		const wrong = { ...dated, contractId: uuid(3) };
		expect((await refusal(apply(HOST, 'adjustment.create@1', wrong))).code).toBe('not_found');
		const stranger = { ...dated, userId: uuid(77) };
		expect((await refusal(apply(HOST, 'adjustment.create@1', stranger))).code).toBe('not_found');
	});

	it('a member asks for more hours; selling them a contract closes the request', async () => {
		await apply(MEMBER, 'topup.request@1', { requestId: uuid(4), planId: PLAN, note: 'Merci' });
		expect(await db.topupRequests.get(uuid(4))).toMatchObject({
			userId: MEMBER,
			planId: PLAN,
			handledAt: null
		});
		await apply(HOST, 'contract.grant@1', {
			contractId: uuid(5),
			planId: PLAN,
			userId: MEMBER,
			startsOn: '2026-11-26'
		});
		expect((await db.topupRequests.get(uuid(4)))?.handledAt).not.toBeNull();
	});

	it('a host may close a request without selling; a member may not', async () => {
		await apply(MEMBER, 'topup.request@1', { requestId: uuid(6), planId: null, note: '' });
		expect((await refusal(apply(MEMBER, 'topup.close@1', { requestId: uuid(6) }))).code).toBe(
			'forbidden'
		);
		await apply(HOST, 'topup.close@1', { requestId: uuid(6) });
		expect((await db.topupRequests.get(uuid(6)))?.handledAt).not.toBeNull();
	});
});

describe('check-ins on the device', () => {
	const day = '2026-11-25';

	it('a host checks a member in and out on their behalf', async () => {
		const visitId = uuid(10);
		await apply(HOST, 'visit.startFor@1', { visitId, userId: MEMBER, at: paris(day, 9) });
		await apply(HOST, 'visit.end@1', { visitId, at: paris(day, 12) });
		expect(await db.visits.get(visitId)).toMatchObject({
			userId: MEMBER,
			endedAt: paris(day, 12),
			autoClosed: false
		});
	});

	it('a member cannot end someone else’s visit', async () => {
		await apply(OTHER, 'visit.start@1', { visitId: uuid(11), at: paris(day, 9) });
		const end = apply(MEMBER, 'visit.end@1', { visitId: uuid(11), at: paris(day, 10) });
		expect((await refusal(end)).code).toBe('forbidden');
	});

	it('a check-out after closing time ends the visit at closing time, marked', async () => {
		await apply(MEMBER, 'visit.start@1', { visitId: uuid(12), at: paris(day, 9) });
		await apply(MEMBER, 'visit.end@1', { visitId: uuid(12), at: paris(day, 23, 40) });
		expect(await db.visits.get(uuid(12))).toMatchObject({
			endedAt: paris(day, 20),
			autoClosed: true,
			reviewed: false
		});
	});

	it('checking in the next morning closes yesterday’s forgotten visit at closing time', async () => {
		await apply(MEMBER, 'visit.start@1', { visitId: uuid(13), at: paris(day, 9) });
		await apply(MEMBER, 'visit.start@1', { visitId: uuid(14), at: paris('2026-11-26', 9) });
		expect(await db.visits.get(uuid(13))).toMatchObject({
			endedAt: paris(day, 20),
			autoClosed: true
		});
		expect((await db.visits.get(uuid(14)))?.endedAt).toBeNull();
	});

	it('a QR scan with the space’s key checks in; with an old key it is refused', async () => {
		const scan = (visitId: string, key: string) =>
			apply(MEMBER, 'visit.scan@1', { visitId, at: paris(day, 9), key });
		expect((await refusal(scan(uuid(15), 'x'.repeat(22)))).detail).toBe('qr_key');
		expect(await db.visits.get(uuid(15))).toBeUndefined();
		await scan(uuid(16), KEY);
		expect((await db.visits.get(uuid(16)))?.endedAt).toBeNull();
	});

	it('a member who has not the key (their device never does) checks in; the server decides', async () => {
		await db.spaceKeys.clear();
		await apply(MEMBER, 'visit.scan@1', { visitId: uuid(17), at: paris(day, 9), key: KEY });
		expect(await db.visits.get(uuid(17))).toBeDefined();
	});
});

describe('confirming and correcting a forgotten check-out', () => {
	const day = '2026-11-25';
	const nextMorning = new Date(paris('2026-11-26', 9));

	beforeEach(async () => {
		await apply(MEMBER, 'visit.start@1', { visitId: uuid(20), at: paris(day, 9) });
		await apply(MEMBER, 'visit.end@1', { visitId: uuid(20), at: paris(day, 23) });
	});

	it('the member sets the real end once; it is then reviewed', async () => {
		const to = { visitId: uuid(20), startedAt: paris(day, 9), endedAt: paris(day, 17, 30) };
		await apply(MEMBER, 'visit.correct@1', to, nextMorning);
		expect(await db.visits.get(uuid(20))).toMatchObject({
			endedAt: paris(day, 17, 30),
			autoClosed: true,
			reviewed: true
		});
		const again = apply(MEMBER, 'visit.correct@1', { ...to, endedAt: paris(day, 16) }, nextMorning);
		expect((await refusal(again)).detail).toBe('already_reviewed');
	});

	it('never past the automatic close, never moving the start, never after 7 days', async () => {
		const base = { visitId: uuid(20), startedAt: paris(day, 9) };
		const late = apply(
			MEMBER,
			'visit.correct@1',
			{ ...base, endedAt: paris(day, 21) },
			nextMorning
		);
		expect((await refusal(late)).detail).toBe('after_auto_close');
		const moved = apply(
			MEMBER,
			'visit.correct@1',
			{ ...base, startedAt: paris(day, 10), endedAt: paris(day, 17) },
			nextMorning
		);
		expect((await refusal(moved)).detail).toBe('start_changed');
		const weekLater = new Date(paris('2026-12-03', 9));
		const tooLate = apply(
			MEMBER,
			'visit.correct@1',
			{ ...base, endedAt: paris(day, 17) },
			weekLater
		);
		expect((await refusal(tooLate)).detail).toBe('too_late');
	});

	it('someone else may neither confirm nor correct it; a host may do both', async () => {
		const confirm = apply(OTHER, 'visit.confirm@1', { visitId: uuid(20) }, nextMorning);
		expect((await refusal(confirm)).code).toBe('forbidden');
		await apply(
			HOST,
			'visit.correct@1',
			{ visitId: uuid(20), startedAt: paris(day, 8), endedAt: paris(day, 18) },
			new Date(paris('2026-12-20', 9))
		);
		expect(await db.visits.get(uuid(20))).toMatchObject({
			startedAt: paris(day, 8),
			endedAt: paris(day, 18),
			reviewed: true
		});
	});

	it('the member confirms the automatic end', async () => {
		await apply(MEMBER, 'visit.confirm@1', { visitId: uuid(20) }, nextMorning);
		expect(await db.visits.get(uuid(20))).toMatchObject({
			endedAt: paris(day, 20),
			reviewed: true
		});
	});

	it('an open visit cannot be confirmed', async () => {
		await apply(MEMBER, 'visit.start@1', { visitId: uuid(21), at: paris('2026-11-26', 8) });
		const confirm = apply(MEMBER, 'visit.confirm@1', { visitId: uuid(21) }, nextMorning);
		expect((await refusal(confirm)).code).toBe('conflict');
	});
});

describe('space settings', () => {
	it('a host changes capacity, hours and the balance thresholds', async () => {
		await apply(HOST, 'space.settings@1', {
			capacity: 12,
			openingTime: '07:30',
			closingTime: '22:00',
			lowThresholdMinutes: 120,
			overdraftLimitMinutes: null
		});
		expect(await db.spaces.get(SPACE)).toMatchObject({
			capacity: 12,
			closingTime: '22:00',
			lowThresholdMinutes: 120,
			overdraftLimitMinutes: null
		});
	});

	it('a new space starts with the default thresholds', async () => {
		expect(await db.spaces.get(SPACE)).toMatchObject({
			lowThresholdMinutes: 60,
			overdraftLimitMinutes: 600
		});
	});
});
