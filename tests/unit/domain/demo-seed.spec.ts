import { describe, expect, it } from 'vitest';
import { buildDemoHistory, buildDemoSeed, buildDemoSetup } from '$lib/domain/demo/seed';
import { demoPeople, personaIds } from '$lib/domain/demo/people';
import { validateMutation } from '$lib/domain/mutations/validate';

const now = new Date('2026-11-26T10:00:00.000Z');

describe('the demo seed', () => {
	const seed = buildDemoSeed(now);
	const named = (name: string) => seed.filter((mutation) => mutation.name === name);

	it('is made only of valid catalogue mutations', () => {
		for (const mutation of seed) expect(() => validateMutation(mutation)).not.toThrow();
	});

	it('is the same on every device for the same day', () => {
		expect(buildDemoSeed(now)).toEqual(seed);
	});

	it('has a dozen members, hosts, plans, rituals and past visits', () => {
		expect(named('membership.add@1').length).toBeGreaterThanOrEqual(12);
		expect(demoPeople.filter((p) => p.plan === null).length).toBeGreaterThanOrEqual(2);
		expect(named('plan.create@1')).toHaveLength(4);
		expect(named('ritual.create@1').map((m) => (m.args as { rrule: string }).rrule)).toContain(
			'FREQ=WEEKLY;BYDAY=TH'
		);
		expect(named('visit.start@1').length).toBeGreaterThan(50);
		expect(named('signup.create@1').length).toBeGreaterThan(3);
	});

	it('leaves the nomad persona checked out, so the first check-in is the visitor’s', () => {
		const starts = named('visit.start@1').filter((m) => m.actorId === personaIds.nomad).length;
		const ends = named('visit.end@1').filter((m) => m.actorId === personaIds.nomad).length;
		expect(starts).toBe(ends);
	});

	it('never makes a visit that ends before it starts or lies in the future', () => {
		const starts = new Map(
			named('visit.start@1').map((m) => [
				(m.args as { visitId: string }).visitId,
				m.args as { at: string }
			])
		);
		for (const end of named('visit.end@1')) {
			const args = end.args as { visitId: string; at: string };
			expect(Date.parse(args.at)).toBeGreaterThan(Date.parse(starts.get(args.visitId)!.at));
			expect(Date.parse(args.at)).toBeLessThan(now.getTime());
		}
	});

	it('has a setup the screens need and a history that can be built later, the same', () => {
		const setup = buildDemoSetup(now);
		expect(setup.script.map((m) => m.name)).toContain('ritual.create@1');
		expect(setup.script.some((m) => m.name.startsWith('visit.'))).toBe(false);
		expect(setup.script.map((m) => m.name)).toContain('space.vocabulary@1');
		const history = buildDemoHistory(now, setup.lunch, setup.packPlans);
		expect(new Set(history.map((m) => m.name))).toEqual(
			new Set([
				'visit.start@1',
				'visit.end@1',
				'contract.grant@1',
				'adjustment.create@1',
				'topup.request@1',
				'proposal.create@1',
				'proposal.accept@1',
				'signup.create@1',
				'signup.cancel@1',
				'attendance.mark@1',
				'occurrence.change@1'
			])
		);
		expect([...setup.script, ...history]).toEqual(seed);
	});
});

type Args = Record<string, unknown>;
const argsOf = (mutation: { args: unknown }) => mutation.args as Args;

describe('the rituals of the demo', () => {
	const seed = buildDemoSeed(now);
	const named = (name: string) => seed.filter((mutation) => mutation.name === name);
	const lunch = buildDemoSetup(now).lunch;
	const camille = personaIds.nomad;
	const malik = personaIds.resident;

	it('tells roles that animate from roles that bring something', () => {
		const roles = named('ritual.create@1').flatMap(
			(m) => argsOf(m).roles as { key: string; animates: boolean }[]
		);
		const animates = Object.fromEntries(roles.map((role) => [role.key, role.animates]));
		expect(animates).toEqual({
			cooking: true,
			dessert: false,
			setup: false,
			tidy: false,
			coffee: false,
			facilitate: true
		});
		expect(named('ritual.create@1').map((m) => argsOf(m).kind)).toEqual([
			'meal',
			'breakfast',
			'afterwork'
		]);
	});

	it('names its three kinds in French and has a short glossary', () => {
		const [vocabulary] = named('space.vocabulary@1').map(argsOf);
		const kinds = vocabulary!.kinds as { key: string; label: string }[];
		expect(kinds.map((kind) => kind.key)).toEqual(['meal', 'breakfast', 'afterwork']);
		expect(kinds.map((kind) => kind.label)).toContain('Déjeuner partagé');
		const glossary = vocabulary!.glossary as { term: string }[];
		expect(glossary.length).toBeGreaterThanOrEqual(3);
		expect(glossary.length).toBeLessThanOrEqual(4);
		expect(glossary.map((entry) => entry.term)).toContain('Le déjeuner du jeudi');
	});

	it('fills the next lunch past its 14 places, the resident waiting, the nomad in a role', () => {
		const next = named('signup.create@1')
			.map(argsOf)
			.filter((a) => a.ritualId === lunch.ritualId && a.occurrence === lunch.occurrence);
		expect(next).toHaveLength(16);
		const users = named('signup.create@1')
			.filter((m) => argsOf(m).occurrence === lunch.occurrence)
			.map((m) => m.actorId);
		expect(users.indexOf(malik)).toBeGreaterThanOrEqual(14);
		const own = next[users.indexOf(camille)];
		expect(own?.roleKey).not.toBeNull();
		expect(next.filter((a) => a.roleKey === 'dessert')).toHaveLength(1);
		for (const a of next) expect(Date.parse(a.at as string)).toBeLessThan(now.getTime());
	});

	it('has six past lunches with sign-ups, the host’s attendance for all but the latest', () => {
		const marks = named('attendance.mark@1')
			.map(argsOf)
			.filter((a) => a.ritualId === lunch.ritualId);
		expect(marks).toHaveLength(5);
		const past = new Set(
			named('signup.create@1')
				.map(argsOf)
				.filter((a) => a.ritualId === lunch.ritualId && a.occurrence !== lunch.occurrence)
				.map((a) => a.occurrence)
		);
		expect(past.size).toBe(6);
		for (const mark of named('attendance.mark@1')) expect(mark.actorId).toBe(personaIds.host);
		const cooks = marks.flatMap((a) =>
			(a.entries as { userId: string; part: string }[])
				.filter((e) => e.part === 'coanimated')
				.map((e) => e.userId)
		);
		// Cooking rotates: several members cooked, nobody every week.
		expect(new Set(cooks).size).toBeGreaterThanOrEqual(4);
		expect(
			marks.every((a) => (a.entries as { part: string }[]).some((e) => e.part === 'led'))
		).toBe(true);
	});

	it('cancels one lunch with a message, and has an open and an accepted proposal', () => {
		const [change] = named('occurrence.change@1').map(argsOf);
		expect(change).toMatchObject({ cancelled: true, ritualId: lunch.ritualId });
		expect((change!.message as string).length).toBeGreaterThan(10);
		const proposals = named('proposal.create@1').map(argsOf);
		expect(proposals).toHaveLength(2);
		const accepted = named('proposal.accept@1').map(argsOf);
		expect(accepted).toHaveLength(1);
		expect(proposals.filter((p) => p.proposalId !== accepted[0]!.proposalId)).toHaveLength(1);
	});

	it('after the Thursday lunch has started, the next lunch is the week after', () => {
		const afterLunch = new Date('2026-11-26T12:00:00.000Z'); // 13:00 in Paris
		expect(buildDemoSetup(afterLunch).lunch.occurrence).toBe('2026-12-03T12:30');
		expect(buildDemoSetup(now).lunch.occurrence).toBe('2026-11-26T12:30');
		for (const mutation of buildDemoSeed(afterLunch)) {
			expect(() => validateMutation(mutation)).not.toThrow();
		}
	});
});
