import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalogue } from '$lib/domain/mutations/catalogue';
import vectors from '../vectors/mutation-args.json';
import { addMember, connect, createSpace, createUser } from './helpers';
import { args, batch, failure, push, pushOne, uuid } from './sync-helpers';

// The shared vectors (tests/vectors/README.md), pushed to the real database: the valid ones are
// applied, the others rejected `invalid_args`. tests/unit/domain/mutation-vectors.spec.ts checks
// the same file against the app's catalogue, so both draw the line in the same place.
interface Vector {
	name: string;
	args: unknown;
	valid: boolean;
	why: string;
}

const fixture = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const FIXTURES = {
	space: fixture(1),
	member: fixture(2),
	plan: fixture(3),
	ritual: fixture(4),
	invitation: fixture(5),
	signup: fixture(6),
	visit: fixture(7),
	closedVisit: fixture(8),
	contract: fixture(9),
	topupRequest: fixture(10),
	proposal: fixture(11),
	contest: fixture(12)
};
/** The space's current check-in key (visit.scan@1). */
const CHECKIN_KEY = 'VectorsCheckinKey_0001';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('shared mutation vectors on the database', () => {
	let db: pg.Client;
	let host = '';
	const real: Record<string, string> = {};
	beforeAll(async () => {
		db = await connect();
		host = await createUser(db);
		const member = await createUser(db);
		const space = await createSpace(db, { name: 'Vecteurs' });
		await addMember(db, space, host, 'host');
		await addMember(db, space, member);
		const plan = args.plan(space);
		const ritual = args.ritual(space, { roles: [{ key: 'cook', label: 'Cuisine', slots: 2 }] });
		const invitation = args.invitation(space, { code: 'BANQUE23' });
		// Well in the future: a sign-up to an occurrence that started is refused (too_late), and
		// the vectors sign up on another date (one active sign-up per person and occurrence).
		const signup = args.signup(space, ritual.ritualId, { occurrence: '2036-12-11T12:30' });
		const contract = args.contract(space, plan.planId, member);
		const request = { spaceId: space, requestId: uuid(), planId: null, note: '' };
		const answer = await push(
			db,
			host,
			uuid(),
			batch(
				1,
				['plan.create@1', plan],
				['ritual.create@1', ritual],
				['invitation.create@1', invitation],
				['signup.create@1', signup],
				['contract.grant@1', contract],
				['space.rotateKey@1', { spaceId: space, key: CHECKIN_KEY }]
			)
		);
		expect(answer.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
		expect(await pushOne(db, member, 'topup.request@1', request)).toEqual({
			id: 1,
			status: 'applied'
		});
		// An open proposal of the caller (proposal.withdraw, accept, decline).
		const proposal = {
			spaceId: space,
			proposalId: uuid(),
			kind: 'workshop',
			title: 'Atelier vélo',
			description: '',
			place: '',
			durationMinutes: 120,
			rrule: 'FREQ=MONTHLY;BYDAY=1SA',
			startsAt: '2036-12-06T10:00',
			roles: [],
			willLead: true,
			at: new Date().toISOString()
		};
		expect(await pushOne(db, host, 'proposal.create@1', proposal)).toEqual({
			id: 1,
			status: 'applied'
		});
		// An open contest of the member (participation.resolve).
		const contest = {
			spaceId: space,
			contestId: uuid(),
			subject: 'attendance:1',
			reason: 'Pas là ce jour-là',
			at: new Date().toISOString()
		};
		expect(await pushOne(db, member, 'participation.contest@1', contest)).toEqual({
			id: 1,
			status: 'applied'
		});
		// A closed visit of the member, for corrections and confirmations (by the host).
		const closedVisit = uuid();
		await db.query(
			`insert into public.visits (id, space_id, user_id, started_at, ended_at)
			values ($1, $2, $3, '2026-11-26T08:00:00Z', '2026-11-26T17:00:00Z')`,
			[closedVisit, space, member]
		);
		Object.assign(real, {
			[FIXTURES.space]: space,
			[FIXTURES.member]: member,
			[FIXTURES.plan]: plan.planId,
			[FIXTURES.ritual]: ritual.ritualId,
			[FIXTURES.invitation]: invitation.invitationId,
			[FIXTURES.signup]: signup.signupId,
			[FIXTURES.visit]: uuid(),
			[FIXTURES.closedVisit]: closedVisit,
			[FIXTURES.contract]: contract.contractId,
			[FIXTURES.topupRequest]: request.requestId,
			[FIXTURES.proposal]: proposal.proposalId,
			[FIXTURES.contest]: contest.contestId
		});
	});
	afterAll(async () => {
		await db.end();
	});

	/** Fixture ids become the prepared rows; any other uuid a new one (the same within a case). */
	function localise(value: unknown, fresh: Map<string, string>): unknown {
		if (typeof value === 'string' && uuidPattern.test(value)) {
			if (real[value]) return real[value];
			if (!fresh.has(value)) fresh.set(value, uuid());
			return fresh.get(value);
		}
		if (Array.isArray(value)) return value.map((v) => localise(v, fresh));
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localise(v, fresh)]));
		}
		return value;
	}

	test('the file holds valid and invalid cases for every mutation of the catalogue', () => {
		const all = vectors as Vector[];
		const names = Object.keys(catalogue).sort();
		expect(all.length).toBeGreaterThanOrEqual(150);
		expect([...new Set(all.filter((v) => v.valid).map((v) => v.name))].sort()).toEqual(names);
		expect([...new Set(all.filter((v) => !v.valid).map((v) => v.name))].sort()).toEqual(names);
	});

	test.each((vectors as Vector[]).map((v) => [v.name, v.why, v] as const))(
		'%s: %s',
		async (name, _why, vector) => {
			const a = localise(vector.args, new Map());
			const isObject = a !== null && typeof a === 'object' && !Array.isArray(a);
			if (!isObject) {
				// Not even an object: the batch itself is malformed.
				expect(await failure(push(db, host, uuid(), batch(1, [name, a]), { commit: false }))).toBe(
					'CL003'
				);
				return;
			}
			// A NUL never reaches the handlers: Postgres refuses `\u0000` in jsonb, the whole call
			// fails (docs/sync-protocol.md); the app refuses it first (control characters).
			if (JSON.stringify(a).includes('\\u0000')) {
				expect(vector.valid).toBe(false);
				expect(await failure(push(db, host, uuid(), batch(1, [name, a]), { commit: false }))).toBe(
					'22P05'
				);
				return;
			}
			// visit.end needs an open visit of the caller: started first, in the same push.
			const before: [string, unknown][] =
				name === 'visit.end@1'
					? [
							[
								'visit.start@1',
								{
									spaceId: real[FIXTURES.space],
									visitId: real[FIXTURES.visit],
									at: '2026-11-26T08:00:00.000Z'
								}
							]
						]
					: [];
			const answer = await push(db, host, uuid(), batch(1, ...before, [name, a]), {
				commit: false
			});
			const result = answer.results.at(-1);
			if (vector.valid) expect(result).toEqual(expect.objectContaining({ status: 'applied' }));
			else
				expect(result).toEqual(
					expect.objectContaining({ status: 'rejected', code: 'invalid_args' })
				);
		}
	);

	test('pushOne sanity: a fixture-free valid case is applied for real', async () => {
		const user = await createUser(db);
		expect(await pushOne(db, user, 'space.create@1', args.spaceCreate())).toEqual({
			id: 1,
			status: 'applied'
		});
	});
});
