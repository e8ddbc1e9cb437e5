import { describe, expect, it } from 'vitest';
import { compactFacts } from '$lib/domain/participation/compact';
import { defaultConfig } from '$lib/domain/participation/config';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import { builtIndex, indexData, logIndex } from '$lib/domain/participation/log-index';
import { memberActivitiesOf } from '$lib/domain/participation/member-mirror';
import {
	isRestorable,
	restoreLog,
	snapshotOf,
	SNAPSHOT_FORMAT
} from '$lib/domain/participation/snapshot';
import { syntheticSpace } from '$lib/domain/participation/synthetic';
import { addDays } from '$lib/domain/time';
import { attend, readings, signup, ZONE } from './builders';

const space = syntheticSpace(30, 200, 11);
const dates = [addDays(space.end, -120), addDays(space.end, -30), space.end];

describe('a snapshot of the compact log', () => {
	it('restores to a log that reads the same, and snapshots the same', () => {
		const log = compactFacts(space.facts, space.timeZone);
		const snapshot = snapshotOf(log);
		const restored = restoreLog(snapshot);
		expect(restored).not.toBe(log);
		expect(snapshotOf(restored)).toEqual(snapshot);
		expect(readings(restored, dates)).toEqual(readings(log, dates));
	});

	it('is plain data: it survives a structured clone (what IndexedDB stores)', () => {
		const snapshot = snapshotOf(compactFacts(space.facts, space.timeZone));
		const cloned = structuredClone(snapshot);
		expect(cloned.presence.day).toBeInstanceOf(Int32Array);
		expect(cloned).toEqual(snapshot);
		expect(isRestorable(cloned)).toBe(true);
		expect(readings(restoreLog(cloned), [space.end])).toEqual(
			readings(compactFacts(space.facts, space.timeZone), [space.end])
		);
	});

	it('a restored log takes appends and upserts as the original does', () => {
		const original = compactFacts(space.facts, space.timeZone);
		const restored = restoreLog(structuredClone(snapshotOf(original)));
		const member = space.members[0]!;
		const corrected = { ...space.facts.attendance![0]!, part: 'led' as const };
		const later: ParticipationFacts = {
			attendance: [corrected, attend(member, addDays(space.end, -2), 'coanimated', 'new-series')],
			signups: [signup(member, addDays(space.end, -2), 'new-series')],
			visits: [
				{ userId: member, startedAt: `${addDays(space.end, -1)}T08:00:00.000Z` },
				{ userId: member, startedAt: `${addDays(space.end, -1)}T15:00:00.000Z` },
				{ userId: 'someone-new', startedAt: `${space.end}T09:00:00.000Z` }
			],
			scheduled: [{ ritualId: 'new-series', key: `${addDays(space.end, -2)}T12:30` }],
			prefs: [{ userId: member, optedOut: true, optedOutAt: `${space.end}T10:00:00.000Z` }]
		};
		original.append(later);
		restored.append(later);
		expect(snapshotOf(restored)).toEqual(snapshotOf(original));
		expect(readings(restored, dates)).toEqual(readings(original, dates));
	});

	it('two restores are independent of each other and of the snapshot', () => {
		const snapshot = snapshotOf(compactFacts(space.facts, space.timeZone));
		const kept = structuredClone(snapshot);
		const a = restoreLog(snapshot);
		const b = restoreLog(snapshot);
		a.append({ attendance: [attend('zed', space.end, 'led')] });
		expect(snapshot).toEqual(kept);
		expect(snapshotOf(b)).toEqual(kept);
		expect(b.userIndex.has('zed')).toBe(false);
	});

	it('an empty log round-trips, and still grows after it', () => {
		const restored = restoreLog(structuredClone(snapshotOf(compactFacts({}, ZONE))));
		restored.append({ attendance: [attend('ann', '2026-03-05', 'led')] });
		expect(memberActivitiesOf(restored, 'ann', '2026-03-31', defaultConfig)).toHaveLength(1);
	});

	it('keeps the derived index when it is built, and a restored log reads it as it is', () => {
		const log = compactFacts(space.facts, space.timeZone);
		expect(snapshotOf(log).index).toBeUndefined();
		const built = logIndex(log);
		const snapshot = structuredClone(snapshotOf(log));
		expect(snapshot.index).toEqual(indexData(built));
		const restored = restoreLog(snapshot);
		// Taken as it is: no pass over the columns, and the same as one built from them.
		expect(builtIndex(restored)).toBeDefined();
		expect(builtIndex(restored)!.log).toBe(restored);
		expect(indexData(logIndex(restored))).toEqual(indexData(built));
		expect(readings(restored, dates)).toEqual(readings(log, dates));
	});

	it('a kept index is dropped once the restored log changes, and built again from its columns', () => {
		const log = compactFacts(space.facts, space.timeZone);
		logIndex(log);
		const restored = restoreLog(structuredClone(snapshotOf(log)));
		const kept = builtIndex(restored)!;
		const later: ParticipationFacts = {
			attendance: [attend(space.members[1]!, addDays(space.end, -1), 'led', 'late-series')]
		};
		restored.append(later);
		log.append(later);
		expect(builtIndex(restored)).toBeUndefined();
		expect(logIndex(restored)).not.toBe(kept);
		expect(indexData(logIndex(restored))).toEqual(indexData(logIndex(log)));
		expect(readings(restored, dates)).toEqual(readings(log, dates));
	});

	it('an index that does not fit its log is not taken', () => {
		const log = compactFacts(space.facts, space.timeZone);
		logIndex(log);
		const snapshot = snapshotOf(log);
		const other = logIndex(compactFacts(syntheticSpace(12, 60, 3).facts, space.timeZone));
		const restored = restoreLog({ ...snapshot, index: indexData(other) });
		expect(builtIndex(restored)).toBeUndefined();
		expect(readings(restored, dates)).toEqual(readings(log, dates));
	});

	it('another format is not restored', () => {
		const snapshot = snapshotOf(compactFacts({}, ZONE));
		const older = { ...snapshot, format: SNAPSHOT_FORMAT + 1 };
		expect(isRestorable(older)).toBe(false);
		expect(isRestorable(null)).toBe(false);
		expect(() => restoreLog(older)).toThrow(/format/);
	});
});

describe('keeping a log up to date from changed rows', () => {
	// The app's welcomes have an id (the synthetic space's do not).
	const facts: ParticipationFacts = {
		...space.facts,
		welcomes: space.facts.welcomes!.map((row, i) => ({ ...row, id: `welcome-${i}` }))
	};
	const whole = () => compactFacts({ ...facts, staffIds: space.staff }, space.timeZone);
	const without = (drop: Partial<Record<keyof ParticipationFacts, Set<unknown>>>) =>
		compactFacts(
			{
				...Object.fromEntries(
					Object.entries(facts).map(([key, rows]) => [
						key,
						(rows as unknown[]).filter((row) => !drop[key as keyof ParticipationFacts]?.has(row))
					])
				),
				staffIds: space.staff
			},
			space.timeZone
		);

	it('withdrawn rows read as if they had never been there', () => {
		const attendance = facts.attendance!.filter((_, i) => i % 7 === 0);
		const signups = facts.signups!.filter((_, i) => i % 5 === 0);
		const welcomes = facts.welcomes!.slice(0, 2);
		const proposals = facts.proposals!.slice(0, 1);
		const log = whole().removeRows({
			attendance: attendance.map((row) => row.id),
			signups: signups.map((row) => row.id),
			welcomes: welcomes.map((row) => row.id!),
			proposals: proposals.map((row) => row.id)
		});
		const expected = without({
			attendance: new Set(attendance),
			signups: new Set(signups),
			welcomes: new Set(welcomes),
			proposals: new Set(proposals)
		});
		expect(readings(log, dates)).toEqual(readings(expected, dates));
		// Put back (a rejected deletion restored): as before.
		log.append({ attendance, signups, welcomes, proposals });
		expect(readings(log, dates)).toEqual(readings(whole(), dates));
	});

	it('a corrected or deleted visit leaves no day behind once its person’s days are replaced', () => {
		const member = space.members[3]!;
		const theirs = facts.visits!.filter((visit) => visit.userId === member);
		const moved = { ...theirs[0]!, startedAt: `${addDays(space.end, -3)}T09:00:00.000Z` };
		const kept = [moved, ...theirs.slice(2)];
		const log = whole().replacePresence([member], kept);
		const expected = compactFacts(
			{
				...facts,
				visits: [...facts.visits!.filter((visit) => visit.userId !== member), ...kept],
				staffIds: space.staff
			},
			space.timeZone
		);
		expect(readings(log, dates)).toEqual(readings(expected, dates));
	});

	it('staff, first contract and opt-out can be set again', () => {
		const member = space.members[5]!;
		const log = whole();
		log.setStaff(space.staff[0]!, false).setStaff(member, true);
		log.setFirstSeen(member, addDays(space.end, -10));
		log.append({
			prefs: [{ userId: member, optedOut: true, optedOutAt: `${dates[0]}T10:00:00.000Z` }]
		});
		log.clearOptOut(member);
		const expected = compactFacts(
			{
				...facts,
				firstSeen: [
					...facts.firstSeen!.filter((row) => row.userId !== member),
					{ userId: member, date: addDays(space.end, -10) }
				],
				staffIds: [...space.staff.slice(1), member]
			},
			space.timeZone
		);
		expect(readings(log, dates)).toEqual(readings(expected, dates));
		// Unknown people are not created by "nothing to say".
		const people = log.users.length;
		log.setStaff('nobody-known', false).setFirstSeen('nobody-known', null).clearOptOut('x');
		expect(log.users.length).toBe(people);
	});

	it('scheduled occurrences are replaced as a whole', () => {
		const scheduled = facts.scheduled ?? [];
		expect(scheduled.length).toBeGreaterThan(0);
		const log = whole().replaceScheduled(scheduled.slice(0, scheduled.length >> 1));
		const expected = compactFacts(
			{ ...facts, scheduled: scheduled.slice(0, scheduled.length >> 1), staffIds: space.staff },
			space.timeZone
		);
		expect(readings(log, dates)).toEqual(readings(expected, dates));
		expect(snapshotOf(restoreLog(snapshotOf(log))).scheduled).toEqual(snapshotOf(log).scheduled);
	});
});
