import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactFacts, type ParticipationLog } from '$lib/domain/participation/compact';
import { creditsOf } from '$lib/domain/participation/credits';
import { dayNumber, NEVER } from '$lib/domain/participation/days';
import { defaultConfig, type ParticipationConfig } from '$lib/domain/participation/config';
import type {
	AttendanceFact,
	ParticipationFacts,
	ProposalFact,
	SignupFact,
	VisitFact,
	Welcome
} from '$lib/domain/participation/facts';
import { levelsIndex } from '$lib/domain/participation/levels-index';
import { builtIndex, logIndex } from '$lib/domain/participation/log-index';
import { extendPresence, presenceIndex } from '$lib/domain/participation/presence-index';
import { restoreLog, snapshotOf } from '$lib/domain/participation/snapshot';
import { syntheticSpace } from '$lib/domain/participation/synthetic';
import type { AttendancePart } from '$lib/domain/types';
import { addDays } from '$lib/domain/time';
import { readings, ZONE } from './builders';

/**
 * The index is kept in pieces and credits and levels by what they read (`log-index.ts`): a log
 * read between changes of every kind reads as a log built at once from the rows as they end up.
 */
const PEOPLE = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus'];
const START = '2026-01-05';
const END = '2026-06-28';
const person = fc.constantFrom(...PEOPLE);
const day = fc.integer({ min: 0, max: 170 }).map((n) => addDays(START, n));
const part = fc.constantFrom<AttendancePart>('attended', 'contributed', 'coanimated', 'led');
const series = fc.constantFrom('lunch', 'breakfast');
/** Few occurrences, so that rows often land on one already seen. */
const lunchDay = fc.integer({ min: 0, max: 7 }).map((n) => addDays(START, 7 * n));
const slot = fc.integer({ min: 0, max: 5 });

type Op =
	| { kind: 'visit'; userId: string; date: string }
	| {
			kind: 'attend';
			slot: number;
			userId: string;
			date: string;
			part: AttendancePart;
			ritualId: string;
	  }
	| { kind: 'unattend'; slot: number }
	| { kind: 'signup'; slot: number; userId: string; date: string; cancelled: boolean }
	| { kind: 'unsign'; slot: number }
	| { kind: 'staff'; userId: string; staff: boolean }
	| { kind: 'optOut'; userId: string; date: string | null }
	| { kind: 'propose'; slot: number; userId: string; date: string; accepted: boolean }
	| { kind: 'welcome'; slot: number; newcomer: string; welcomer: string | null; date: string }
	| { kind: 'firstSeen'; userId: string; date: string };

const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({ kind: fc.constant('visit' as const), userId: person, date: day })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('attend' as const),
			slot,
			userId: person,
			date: lunchDay,
			part,
			ritualId: series
		})
	},
	fc.record({ kind: fc.constant('unattend' as const), slot }),
	fc.record({
		kind: fc.constant('signup' as const),
		slot,
		userId: person,
		date: lunchDay,
		cancelled: fc.boolean()
	}),
	fc.record({ kind: fc.constant('unsign' as const), slot }),
	fc.record({ kind: fc.constant('staff' as const), userId: person, staff: fc.boolean() }),
	fc.record({
		kind: fc.constant('optOut' as const),
		userId: person,
		date: fc.option(day, { nil: null })
	}),
	fc.record({
		kind: fc.constant('propose' as const),
		slot,
		userId: person,
		date: day,
		accepted: fc.boolean()
	}),
	fc.record({
		kind: fc.constant('welcome' as const),
		slot,
		newcomer: person,
		welcomer: fc.option(person, { nil: null }),
		date: day
	}),
	fc.record({ kind: fc.constant('firstSeen' as const), userId: person, date: day })
);

/** The rows as they are after the operations, and the log kept by applying each in turn. */
class World {
	attendance = new Map<string, AttendanceFact>();
	signups = new Map<string, SignupFact>();
	proposals = new Map<string, ProposalFact>();
	welcomes = new Map<string, Welcome>();
	visits: VisitFact[] = [];
	staff = new Set<string>();
	optedOut = new Map<string, string>();
	firstSeen = new Map<string, string>();

	constructor(readonly log: ParticipationLog) {}

	apply(op: Op): void {
		const { log } = this;
		switch (op.kind) {
			case 'visit': {
				const visit = { userId: op.userId, startedAt: `${op.date}T09:00:00.000Z` };
				this.visits.push(visit);
				log.append({ visits: [visit] });
				return;
			}
			case 'attend': {
				const row: AttendanceFact = {
					id: `a${op.slot}`,
					ritualId: op.ritualId,
					occurrence: `${op.date}T12:30`,
					userId: op.userId,
					part: op.part
				};
				this.attendance.set(row.id, row);
				log.append({ attendance: [row] });
				return;
			}
			case 'unattend':
				this.attendance.delete(`a${op.slot}`);
				log.removeRows({ attendance: [`a${op.slot}`] });
				return;
			case 'signup': {
				const row: SignupFact = {
					id: `s${op.slot}`,
					ritualId: 'lunch',
					occurrence: `${op.date}T12:30`,
					userId: op.userId,
					cancelled: op.cancelled
				};
				this.signups.set(row.id, row);
				log.append({ signups: [row] });
				return;
			}
			case 'unsign':
				this.signups.delete(`s${op.slot}`);
				log.removeRows({ signups: [`s${op.slot}`] });
				return;
			case 'staff':
				if (op.staff) this.staff.add(op.userId);
				else this.staff.delete(op.userId);
				log.setStaff(op.userId, op.staff);
				return;
			case 'optOut': {
				if (op.date === null) this.optedOut.delete(op.userId);
				else this.optedOut.set(op.userId, op.date);
				const at = op.date === null ? null : `${op.date}T10:00:00.000Z`;
				log.append({ prefs: [{ userId: op.userId, optedOut: at !== null, optedOutAt: at }] });
				return;
			}
			case 'propose': {
				const row: ProposalFact = {
					id: `p${op.slot}`,
					userId: op.userId,
					status: op.accepted ? 'accepted' : 'declined',
					decidedAt: `${op.date}T10:00:00.000Z`,
					ritualId: op.accepted ? 'breakfast' : null
				};
				this.proposals.set(row.id, row);
				log.append({ proposals: [row] });
				return;
			}
			case 'welcome': {
				const id = `w${op.slot}`;
				const row: Welcome = {
					id,
					newcomerId: op.newcomer,
					welcomerId: op.welcomer,
					confirmedAt: `${op.date}T10:00:00.000Z`
				};
				this.welcomes.set(id, row);
				log.append({ welcomes: [row] });
				return;
			}
			case 'firstSeen': {
				this.firstSeen.set(op.userId, op.date);
				log.setFirstSeen(op.userId, op.date);
				return;
			}
		}
	}

	/** A log built at once from the rows as they are. */
	fresh(): ParticipationLog {
		const facts: ParticipationFacts = {
			attendance: [...this.attendance.values()],
			signups: [...this.signups.values()],
			proposals: [...this.proposals.values()],
			welcomes: [...this.welcomes.values()],
			visits: this.visits,
			staffIds: [...this.staff],
			prefs: [...this.optedOut].map(([userId, date]) => ({
				userId,
				optedOut: true,
				optedOutAt: `${date}T10:00:00.000Z`
			})),
			firstSeen: [...this.firstSeen].map(([userId, date]) => ({ userId, date }))
		};
		return compactFacts(facts, ZONE);
	}
}

const dates = [addDays(START, 60), END];

/**
 * The index by names rather than row numbers (two logs of the same rows number them differently):
 * per person their presence days, parts, first day seen and hosting, staff and opt-out; per
 * occurrence its sign-ups; the held occurrences in order.
 */
function canonicalIndex(log: ParticipationLog) {
	const index = logIndex(log);
	const occurrence = (o: number) =>
		`${log.rituals[index.occurrenceRitual[o]!]}@${log.occurrences.key[o]}`;
	const people: Record<string, unknown> = {};
	index.log.users.forEach((userId, user) => {
		const { offsets, items } = index.presenceByUser;
		const parts = [];
		for (let i = index.partsByUser.offsets[user]!; i < index.partsByUser.offsets[user + 1]!; i++) {
			const part = index.partsByUser.items[i]!;
			parts.push(`${occurrence(index.partOccurrence[part]!)}:${index.partRank[part]}`);
		}
		const entry = {
			presence: [...items.subarray(offsets[user]!, offsets[user + 1]!)],
			parts: parts.sort(),
			firstSeen: index.firstSeen[user],
			firstHostDay: index.firstHostDay[user],
			staff: index.staff[user],
			optOut: index.optOut[user]
		};
		const empty = entry.presence.length === 0 && parts.length === 0;
		if (!empty || entry.staff || entry.firstSeen !== NEVER) people[userId] = entry;
	});
	const signups: Record<string, string[]> = {};
	for (let o = 0; o < index.occurrenceDay.length; o++) {
		const { offsets, items } = index.signupsByOccurrence;
		const who = [...items.subarray(offsets[o]!, offsets[o + 1]!)].map((u) => log.users[u]!);
		if (who.length > 0) signups[occurrence(o)] = who.sort();
	}
	// Occurrences at the same start come in row order, which differs between logs: sorted.
	const held = [...index.heldByDay].map(occurrence).sort();
	const present: Record<number, string[]> = {};
	const { offsets, items } = index.presenceByDay;
	for (let group = 0; group < offsets.length - 1; group++) {
		const who = [...items.subarray(offsets[group]!, offsets[group + 1]!)];
		if (who.length > 0)
			present[index.presenceFirstDay + group] = who.map((u) => log.users[u]!).sort();
	}
	return { people, signups, held, present, dataStart: index.dataStart };
}

describe('the index kept in pieces', () => {
	it('a log read between changes of every kind reads as one built at once from the rows', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.boolean(), (ops, restore) => {
				let world = new World(compactFacts({}, ZONE));
				ops.forEach((operation, i) => {
					world.apply(operation);
					// Read after each: pieces, credits and levels are kept between reads.
					readings(world.log, dates, PEOPLE);
					// Half the runs go through a snapshot midway (a reload): what is kept is taken.
					if (restore && i === Math.floor(ops.length / 2)) {
						logIndex(world.log);
						const next = new World(restoreLog(structuredClone(snapshotOf(world.log))));
						Object.assign(next, { ...world, log: next.log });
						world = next;
					}
				});
				const fresh = world.fresh();
				expect(canonicalIndex(world.log)).toEqual(canonicalIndex(fresh));
				expect(readings(world.log, dates, PEOPLE)).toEqual(readings(fresh, dates, PEOPLE));
			}),
			{ numRuns: 200 }
		);
	});

	const config: ParticipationConfig = defaultConfig;
	const space = syntheticSpace(20, 120, 5);

	it('a check-in rebuilds the presence piece only: credits and levels are kept', () => {
		const log = compactFacts(space.facts, space.timeZone);
		const before = logIndex(log);
		const levels = levelsIndex(before, config);
		log.append({
			visits: [{ userId: space.members[0]!, startedAt: `${space.end}T08:00:00.000Z` }]
		});
		const after = logIndex(log);
		expect(after).not.toBe(before);
		expect(after.presenceByUser).not.toBe(before.presenceByUser);
		expect(after.partUser).toBe(before.partUser);
		expect(after.signupsByOccurrence).toBe(before.signupsByOccurrence);
		expect(after.creditsKey).toBe(before.creditsKey);
		expect(levelsIndex(after, config)).toBe(levels);
	});

	it('an attendance row, a switch or a new person derive credits and levels again', () => {
		const log = compactFacts(space.facts, space.timeZone);
		const changes: Array<(log: ParticipationLog) => void> = [
			(l) =>
				l.append({
					attendance: [
						{
							id: 'x1',
							ritualId: 'lunch',
							occurrence: `${space.end}T12:30`,
							userId: space.members[1]!,
							part: 'led'
						}
					]
				}),
			(l) => l.setStaff(space.members[2]!, true),
			(l) =>
				l.append({ visits: [{ userId: 'someone-new', startedAt: `${space.end}T08:00:00.000Z` }] })
		];
		for (const change of changes) {
			const before = logIndex(log);
			const credits = creditsOf(before, config.handOverDays);
			const levels = levelsIndex(before, config);
			change(log);
			const after = logIndex(log);
			expect(after.creditsKey).not.toBe(before.creditsKey);
			expect(creditsOf(after, config.handOverDays)).not.toBe(credits);
			expect(levelsIndex(after, config)).not.toBe(levels);
		}
	});

	it('a snapshot keeps the levels last read; a restored log takes them for the same settings only', () => {
		const log = compactFacts(space.facts, space.timeZone);
		const built = levelsIndex(logIndex(log), config);
		const snapshot = structuredClone(snapshotOf(log));
		expect(snapshot.levels?.settings).toBe(JSON.stringify(config));

		const restored = restoreLog(snapshot);
		const taken = levelsIndex(builtIndex(restored)!, structuredClone(config));
		expect(taken.r1).toEqual(built.r1);
		expect(taken.after).toEqual(built.after);
		// Taken as they are, not computed again (the restored arrays themselves).
		expect(taken.r1).toBe(snapshot.levels!.r1);
		expect(readings(restored, [space.end])).toEqual(readings(log, [space.end]));

		const other = restoreLog(structuredClone(snapshotOf(log)));
		const longer = { ...config, halfLifeDays: config.halfLifeDays * 2 };
		const recomputed = levelsIndex(builtIndex(other)!, longer);
		expect(recomputed.r1).not.toBe(snapshot.levels!.r1);
		expect(recomputed).toEqual(levelsIndex(logIndex(log), longer));
	});
});

describe('the presence piece extended by appended rows', () => {
	const visit = fc.record({
		user: fc.integer({ min: 0, max: 9 }),
		day: fc.integer({ min: 0, max: 60 })
	});
	const toVisit = ({ user, day }: { user: number; day: number }): VisitFact => ({
		userId: `p${user}`,
		startedAt: `${addDays(START, day)}T09:00:00.000Z`
	});

	it('is what building it from every row gives, or null when building is the way', () => {
		fc.assert(
			fc.property(
				fc.array(visit, { minLength: 0, maxLength: 60 }),
				fc.array(visit, { minLength: 0, maxLength: 30 }),
				(before, after) => {
					const log = compactFacts({ visits: before.map(toVisit) }, ZONE);
					const rows = log.presence.day.length;
					const piece = presenceIndex(log, log.users.length);
					log.append({ visits: after.map(toVisit) });
					const extended = extendPresence(piece, log, rows, log.users.length);
					const built = presenceIndex(log, log.users.length);
					if (extended === null) {
						// Only an empty start or a day before the first one is left to a full build.
						const first = piece.presenceFirstDay;
						const earlier = after.some(({ day }) => dayNumber(addDays(START, day)) < first);
						expect(first === NEVER || earlier).toBe(true);
					} else {
						expect(extended).toEqual(built);
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('hands back the same piece when nothing new was present', () => {
		const log = compactFacts(
			{ visits: [toVisit({ user: 1, day: 3 }), toVisit({ user: 1, day: 5 })] },
			ZONE
		);
		const rows = log.presence.day.length;
		const piece = presenceIndex(log, log.users.length);
		log.append({ presence: [{ userId: 'p1', date: addDays(START, 3) }] });
		expect(log.presence.day.length).toBeGreaterThan(rows);
		expect(extendPresence(piece, log, rows, log.users.length)).toBe(piece);
	});
});
