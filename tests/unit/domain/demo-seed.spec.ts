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
		const history = buildDemoHistory(now, setup.lunch, setup.packPlans);
		expect(new Set(history.map((m) => m.name))).toEqual(
			new Set([
				'visit.start@1',
				'visit.end@1',
				'contract.grant@1',
				'adjustment.create@1',
				'topup.request@1',
				'signup.create@1'
			])
		);
		expect([...setup.script, ...history]).toEqual(seed);
	});
});
