import { describe, expect, it } from 'vitest';
import type { Contest, Membership } from '$lib/domain/types';
import type { ParticipationFacts } from '$lib/domain/participation/facts';
import {
	byOpenFirst,
	hostSubject,
	mySubjectText,
	openContestOf,
	parseSubject
} from '$lib/features/participation/contest-view';
import type { MirrorEntry } from '$lib/features/participation/mirror-entries';
import {
	dismiss,
	firstSeenOf,
	isDismissed,
	isNewcomerOn,
	welcomerChoices
} from '$lib/features/participation/welcome-view';
import { ZONE } from '../domain/participation/builders';

const person = (userId: string, role: Membership['role'], showPresence: boolean): Membership => ({
	id: `s:${userId}`,
	spaceId: 's',
	userId,
	displayName: userId.toUpperCase(),
	role,
	showPresence
});

class MemoryStorage {
	#items = new Map<string, string>();
	getItem = (key: string) => this.#items.get(key) ?? null;
	setItem = (key: string, value: string) => void this.#items.set(key, value);
}

describe("a newcomer's first days", () => {
	const facts: ParticipationFacts = {
		firstSeen: [{ userId: 'ann', date: '2027-02-10' }],
		visits: [
			{ userId: 'ann', startedAt: '2027-02-07T23:30:00.000Z' },
			{ userId: 'bob', startedAt: '2026-01-01T09:00:00.000Z' }
		]
	};

	it('start at the earliest of the first contract and the first visit (local day)', () => {
		// 23:30 UTC on 7 February is 8 February in Paris.
		expect(firstSeenOf(facts, 'ann', ZONE)).toBe('2027-02-08');
		expect(firstSeenOf({}, 'ann', ZONE)).toBeNull();
	});

	it('last 56 days', () => {
		expect(isNewcomerOn(facts, 'ann', ZONE, '2027-04-04', 56)).toBe(true);
		expect(isNewcomerOn(facts, 'ann', ZONE, '2027-04-05', 56)).toBe(false);
		expect(isNewcomerOn(facts, 'carl', ZONE, '2027-04-04', 56)).toBe(false);
	});

	it('offer the names this device shows: hosts and members who show theirs, never oneself', () => {
		const choices = welcomerChoices(
			[
				person('zoe', 'member', true),
				person('ann', 'member', true),
				person('hidden', 'member', false),
				person('host', 'host', false)
			],
			'ann'
		);
		expect(choices.map((c) => c.userId)).toEqual(['host', 'zoe']);
	});

	it('can be put off on this device, per space and person', () => {
		const storage = new MemoryStorage() as unknown as Storage;
		expect(isDismissed('s', 'ann', storage)).toBe(false);
		dismiss('s', 'ann', storage);
		expect(isDismissed('s', 'ann', storage)).toBe(true);
		expect(isDismissed('s', 'bob', storage)).toBe(false);
	});
});

describe('contests in words', () => {
	const entry: MirrorEntry = {
		key: '2027-02-04|coanimated',
		date: '2027-02-04',
		type: 'coanimated',
		tier: 3,
		weight: 7,
		ritualIds: ['lunch'],
		subject: 'attendance:a1',
		sources: [{ subject: 'attendance:a1', ritualId: 'lunch' }]
	};
	const contest = (over: Partial<Contest>): Contest => ({
		id: 'c',
		spaceId: 's',
		userId: 'ann',
		subject: 'attendance:a1',
		reason: 'x',
		createdAt: '2027-02-05T09:00:00.000Z',
		resolvedAt: null,
		resolution: '',
		...over
	});

	it('read a subject', () => {
		expect(parseSubject('attendance:a1')).toEqual({ kind: 'attendance', ref: 'a1' });
		expect(parseSubject('handover:2027-02-04')).toEqual({ kind: 'handover', ref: '2027-02-04' });
		expect(parseSubject('weird')).toEqual({ kind: 'other', ref: 'weird' });
	});

	it('tell the member which entry, and whether it waits for an answer', () => {
		const titles = new Map([['lunch', 'Déjeuner']]);
		expect(mySubjectText('attendance:a1', [entry], titles).replace(/\s/g, ' ')).toBe(
			'4 février 2027 · Co-animé · Déjeuner'
		);
		expect(mySubjectText('attendance:gone', [entry], titles)).toBe('Une présence à un rituel');
		expect(openContestOf(entry, [contest({})])?.id).toBe('c');
		expect(openContestOf(entry, [contest({ resolvedAt: '2027-02-06T09:00:00.000Z' })])).toBeNull();
	});

	it('of an entry resting on two rows, name the one contested', () => {
		const titles = new Map([
			['lunch', 'Déjeuner'],
			['afterwork', 'Afterwork']
		]);
		const both: MirrorEntry = {
			...entry,
			ritualIds: ['lunch', 'afterwork'],
			sources: [
				{ subject: 'attendance:a1', ritualId: 'lunch' },
				{ subject: 'attendance:a2', ritualId: 'afterwork' }
			]
		};
		expect(mySubjectText('attendance:a2', [both], titles).replace(/\s/g, ' ')).toBe(
			'4 février 2027 · Co-animé · Afterwork'
		);
		expect(openContestOf(both, [contest({ subject: 'attendance:a2' })])?.id).toBe('c');
	});

	it('tell hosts what is contested, with the occurrence whose list to correct', () => {
		const subject = hostSubject('attendance:a1', {
			attendance: new Map([
				['a1', { ritualId: 'lunch', occurrence: '2027-02-04T12:30', part: 'attended' as const }]
			]),
			proposals: new Map(),
			titles: new Map([['lunch', 'Déjeuner']])
		});
		expect(subject.text.replace(/\s/g, ' ')).toBe('4 février 2027 · Venu·e à un rituel · Déjeuner');
		expect(subject.occurrence).toEqual({ ritualId: 'lunch', key: '2027-02-04T12:30' });
	});

	it('put open contests first, oldest first', () => {
		const sorted = [
			contest({ id: 'answered', resolvedAt: '2027-02-06T09:00:00.000Z' }),
			contest({ id: 'late', createdAt: '2027-02-07T09:00:00.000Z' }),
			contest({ id: 'early', createdAt: '2027-02-01T09:00:00.000Z' })
		].sort(byOpenFirst);
		expect(sorted.map((c) => c.id)).toEqual(['early', 'late', 'answered']);
	});
});
