import { describe, expect, it } from 'vitest';
import { buildDemoHistory, buildDemoSeed, buildDemoSetup } from '$lib/domain/demo/seed';
import { demoPeople, personaIds } from '$lib/domain/demo/people';
import { validateMutation } from '$lib/domain/mutations/validate';
import { addDays, localDateOf } from '$lib/domain/time';

const now = new Date('2026-11-26T10:00:00.000Z');
const today = localDateOf(now, 'Europe/Paris');
const byFirst = (first: string) => demoPeople.find((p) => p.name.split(' ')[0] === first)!.id;

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
				'occurrence.change@1',
				'welcome.confirm@1',
				'participation.prefs@1',
				'participation.contest@1'
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
	const thomas = byFirst('Thomas');

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

	it('has a year of lunches: sign-ups for the last six, the host’s attendance for all but the latest', () => {
		const marks = named('attendance.mark@1')
			.map(argsOf)
			.filter((a) => a.ritualId === lunch.ritualId);
		const [ritual] = named('ritual.create@1').map(argsOf);
		const first = (ritual!.startsAt as string).slice(0, 10);
		expect(first).toBe(addDays(lunch.occurrence.slice(0, 10), -7 * 51));
		// 51 past Thursdays: two August ones off, the latest not confirmed yet.
		expect(marks).toHaveLength(48);
		expect(marks.map((a) => a.occurrence)).not.toContain(
			`${addDays(lunch.occurrence.slice(0, 10), -7)}T12:30`
		);
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
		// Cooking rotates: several members cooked, a few of them often.
		const times = new Map<string, number>();
		for (const cook of cooks) times.set(cook, (times.get(cook) ?? 0) + 1);
		expect(times.size).toBeGreaterThanOrEqual(6);
		expect([...times.values()].filter((n) => n >= 8).length).toBeGreaterThanOrEqual(3);
		expect(
			marks.every((a) => (a.entries as { part: string }[]).some((e) => e.part === 'led'))
		).toBe(true);
	});

	it('a couple of members lead the lunch sometimes; Malik’s first lead comes after cooking with Thomas', () => {
		const marks = named('attendance.mark@1')
			.map(argsOf)
			.filter((a) => a.ritualId === lunch.ritualId)
			.sort((a, b) => String(a.occurrence).localeCompare(String(b.occurrence)));
		const partOf = (mark: Args, userId: string) =>
			(mark.entries as { userId: string; part: string }[]).find((e) => e.userId === userId)?.part;
		const leads = marks.flatMap((mark) =>
			(mark.entries as { userId: string; part: string }[])
				.filter((e) => e.part === 'led' && e.userId !== personaIds.host)
				.map((e) => e.userId)
		);
		expect(new Set(leads)).toEqual(new Set([thomas, byFirst('Léa'), malik]));
		const firstLead = marks.findIndex((mark) => partOf(mark, malik) === 'led');
		const before = marks
			.slice(0, firstLead)
			.filter(
				(mark) => partOf(mark, malik) === 'coanimated' && partOf(mark, thomas) === 'coanimated'
			);
		expect(before.length).toBeGreaterThanOrEqual(1);
		const gap =
			(Date.parse(String(marks[firstLead]!.occurrence).slice(0, 10)) -
				Date.parse(String(before.at(-1)!.occurrence).slice(0, 10))) /
			86_400_000;
		expect(gap).toBeLessThanOrEqual(90);
	});

	it('the nomad takes a small part (a couple of lunches, one dessert); the resident more, cooking sometimes', () => {
		const parts = (userId: string) =>
			named('attendance.mark@1').flatMap((m) =>
				(argsOf(m).entries as { userId: string; part: string; roleKey: string | null }[]).filter(
					(e) => e.userId === userId
				)
			);
		const hers = parts(camille);
		expect(hers).toHaveLength(2);
		expect(hers.filter((e) => e.roleKey === 'dessert')).toHaveLength(1);
		const his = parts(malik);
		expect(his.length).toBeGreaterThan(20);
		expect(his.filter((e) => e.roleKey === 'cooking').length).toBeGreaterThanOrEqual(3);
	});

	it('breakfasts every first Monday and afterworks every other Friday for a year, with people', () => {
		const [, breakfast, afterwork] = named('ritual.create@1').map(argsOf);
		const held = (ritualId: unknown) =>
			named('attendance.mark@1')
				.map(argsOf)
				.filter((a) => a.ritualId === ritualId);
		expect(held(breakfast!.ritualId).length).toBeGreaterThanOrEqual(9);
		expect(held(afterwork!.ritualId).length).toBeGreaterThanOrEqual(10);
		for (const mark of [...held(breakfast!.ritualId), ...held(afterwork!.ritualId)]) {
			expect((mark.entries as unknown[]).length).toBeGreaterThanOrEqual(3);
		}
	});

	it('cancels next week’s lunch and two August lunches with a message; an open and an accepted proposal', () => {
		const changes = named('occurrence.change@1').map(argsOf);
		expect(changes).toHaveLength(3);
		for (const change of changes) {
			expect(change).toMatchObject({ cancelled: true, ritualId: lunch.ritualId });
			expect((change.message as string).length).toBeGreaterThan(10);
		}
		expect(changes.filter((c) => String(c.occurrence).slice(5, 7) === '08')).toHaveLength(2);
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

describe('the community of the demo', () => {
	const seed = buildDemoSeed(now);
	const named = (name: string) => seed.filter((mutation) => mutation.name === name);
	const daysAgo = (date: string) => (Date.parse(today) - Date.parse(date)) / 86_400_000;
	const camille = personaIds.nomad;
	const malik = personaIds.resident;

	it('members joined over the year; three newcomers in the last 56 days', () => {
		const starts = new Map<string, string>();
		for (const grant of named('contract.grant@1').map(argsOf)) {
			const [userId, startsOn] = [grant.userId as string, grant.startsOn as string];
			if (!starts.has(userId) || startsOn < starts.get(userId)!) starts.set(userId, startsOn);
		}
		const ages = [...starts.values()].map(daysAgo);
		expect(Math.max(...ages)).toBeGreaterThanOrEqual(350);
		// Spread: some in every quarter of the year.
		for (const [from, to] of [
			[0, 90],
			[90, 180],
			[180, 270],
			[270, 366]
		]) {
			expect(ages.filter((age) => age >= from! && age < to!).length).toBeGreaterThanOrEqual(2);
		}
		const newcomers = [...starts].filter(([, date]) => daysAgo(date) < 56).map(([id]) => id);
		expect(new Set(newcomers)).toEqual(new Set([camille, byFirst('Bastien'), byFirst('Nora')]));
	});

	it('checks in over six weeks only, and nobody before they joined', () => {
		const joined = new Map(demoPeople.map((p) => [p.id, addDays(today, -p.joined)]));
		for (const visit of named('visit.start@1')) {
			const date = localDateOf(argsOf(visit).at as string, 'Europe/Paris');
			expect(daysAgo(date)).toBeLessThanOrEqual(42);
			const person = demoPeople.find((p) => p.id === visit.actorId)!;
			if (person.plan !== null) expect(date >= joined.get(visit.actorId)!).toBe(true);
		}
	});

	it('one newcomer said who welcomed them, two have not yet; older members too', () => {
		const answers = new Map(
			named('welcome.confirm@1').map((m) => [m.actorId, argsOf(m).welcomerId as string | null])
		);
		expect(answers.get(byFirst('Bastien'))).toBe(byFirst('Yasmine'));
		expect(answers.has(camille)).toBe(false);
		expect(answers.has(byFirst('Nora'))).toBe(false);
		expect(answers.size).toBeGreaterThanOrEqual(6);
		expect([...answers.values()]).toContain(null);
		expect([...answers.values()]).toContain(malik);
	});

	it('a few are happy to be asked, one opted out, no settings (the defaults)', () => {
		const prefs = named('participation.prefs@1');
		expect(
			prefs.filter((m) => argsOf(m).happyToBeAsked === true).map((m) => m.actorId).length
		).toBeGreaterThanOrEqual(3);
		const out = prefs.filter((m) => argsOf(m).optedOut === true);
		expect(out).toHaveLength(1);
		// Not a persona: the visitor's own switches start off.
		expect([camille, malik, personaIds.host]).not.toContain(out[0]!.actorId);
		expect(prefs.map((m) => m.actorId)).not.toContain(camille);
		expect(named('participation.settings@1')).toHaveLength(0);
	});

	it('one open contest: Malik’s, of his own attendance at a lunch', () => {
		const [contest, ...others] = named('participation.contest@1');
		expect(others).toHaveLength(0);
		expect(contest!.actorId).toBe(malik);
		const subject = argsOf(contest!).subject as string;
		expect(subject).toMatch(/^attendance:/);
		const row = named('attendance.mark@1')
			.flatMap((m) =>
				(argsOf(m).entries as { attendanceId: string; userId: string; part: string }[]).map(
					(e) => e
				)
			)
			.find((e) => `attendance:${e.attendanceId}` === subject);
		expect(row).toMatchObject({ userId: malik, part: 'attended' });
		expect(named('participation.resolve@1')).toHaveLength(0);
	});
});
