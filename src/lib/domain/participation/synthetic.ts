/**
 * A deterministic synthetic space for benchmarks and simulations: `members` people over `days`
 * days, about 200 visits and 50 ritual acts per member per year, like a lively coworking space.
 * Profiles: desk-only (30 %), occasional (30 %), regular (25 %) and core members (15 %) who host.
 * The same seed always gives the same facts.
 */
import { seededRandom, seededUuid } from '../demo/random';
import { addDays, isoWeekday, zonedInstant } from '../time';
import type { Attendance, AttendancePart } from '../types';
import type { ParticipationFacts, ScheduledRef, SignupFact, VisitFact } from './facts';

export interface SyntheticSpace {
	timeZone: string;
	/** First and last local dates of the facts. */
	start: string;
	end: string;
	members: string[];
	staff: string[];
	facts: ParticipationFacts;
}

type Profile = 'desk' | 'occasional' | 'regular' | 'core';
/** Ritual acts per week aimed at by each profile. */
const weeklyActs: Record<Profile, number> = { desk: 0, occasional: 0.75, regular: 2.3, core: 3.2 };

interface Person {
	id: string;
	profile: Profile;
	presence: number;
	joined: string;
	homes: number[];
}

interface Series {
	id: string;
	weekday: number;
	time: string;
	fortnightly: boolean;
	hosts: string[];
	members: Person[];
}

const START = '2025-01-06';
const TIME_ZONE = 'Europe/Paris';

export function syntheticSpace(members: number, days: number, seed: number): SyntheticSpace {
	const random = seededRandom(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const end = addDays(START, days - 1);
	const staff = Array.from({ length: 2 + Math.floor(members / 100) }, () => seededUuid(random));
	const people: Person[] = Array.from({ length: members }, () => {
		const roll = random();
		const profile: Profile =
			roll < 0.3 ? 'desk' : roll < 0.6 ? 'occasional' : roll < 0.85 ? 'regular' : 'core';
		const before = random() < 0.85;
		const joined = before
			? addDays(START, -30 - Math.floor(random() * 700))
			: addDays(START, Math.floor(random() * days));
		return { id: seededUuid(random), profile, presence: 0.65 + random() * 0.35, joined, homes: [] };
	});
	const cores = people.filter((p) => p.profile === 'core');
	const series: Series[] = Array.from({ length: Math.max(3, Math.ceil(members / 15)) }, (_, i) => ({
		id: seededUuid(random),
		weekday: 1 + (i % 5),
		time: pick(['08:30', '12:30', '12:30', '18:30']),
		fortnightly: random() < 0.2,
		hosts: random() < 0.2 || cores.length === 0 ? [pick(staff)] : [pick(cores).id, pick(cores).id],
		members: []
	}));
	for (const person of people) {
		if (person.profile === 'desk') continue;
		const count = (person.profile === 'occasional' ? 1 : 2) + Math.floor(random() * 2);
		for (let i = 0; i < count; i++) pick(series).members.push(person);
		person.homes = series.flatMap((s, i) => (s.members.includes(person) ? [i] : []));
	}

	const visits: VisitFact[] = [];
	const attendance: Attendance[] = [];
	const signups: SignupFact[] = [];
	const scheduled: ScheduledRef[] = [];
	const present = new Set<string>();
	let serial = 0;
	for (let d = 0; d < days; d++) {
		const date = addDays(START, d);
		const weekday = isoWeekday(date);
		if (weekday > 5) continue;
		const midnight = Date.parse(zonedInstant(date, 0, 0, TIME_ZONE));
		for (const person of people) {
			if (person.joined > date || random() > person.presence) continue;
			const minutes = 8 * 60 + Math.floor(random() * 150);
			visits.push({
				userId: person.id,
				startedAt: new Date(midnight + minutes * 60_000).toISOString()
			});
			present.add(`${person.id}|${date}`);
		}
		for (const s of series) {
			if (s.weekday !== weekday || (s.fortnightly && Math.floor(d / 7) % 2 === 1)) continue;
			const occurrence = `${date}T${s.time}`;
			scheduled.push({ ritualId: s.id, key: occurrence });
			if (random() < 0.03) continue; // cancelled
			const row = (userId: string, part: AttendancePart): Attendance => ({
				id: `attendance-${++serial}`,
				spaceId: 'synthetic',
				ritualId: s.id,
				occurrence,
				userId,
				part,
				roleKey: null,
				markedBy: s.hosts[0]!,
				markedAt: `${date}T20:00:00.000Z`
			});
			attendance.push(row(s.hosts[0]!, 'led'));
			const perOccurrence = (p: Person) =>
				(weeklyActs[p.profile] / p.homes.length) * (s.fortnightly ? 2 : 1);
			for (const person of s.members) {
				if (person.joined > date || person.id === s.hosts[0]) continue;
				const signed = random() < 0.8;
				const comes = random() < perOccurrence(person);
				if (signed || comes)
					signups.push({
						id: `signup-${++serial}`,
						ritualId: s.id,
						occurrence,
						userId: person.id,
						cancelled: false
					});
				if (!comes) continue;
				const hosting = person.profile === 'core' && s.hosts.includes(person.id) && random() < 0.6;
				const part: AttendancePart = hosting
					? 'coanimated'
					: random() < 0.2
						? 'contributed'
						: 'attended';
				attendance.push(row(person.id, part));
			}
		}
	}

	const firstSeen = people.map((p) => ({ userId: p.id, date: p.joined }));
	const welcomes = people
		.filter((p) => p.joined >= START && random() < 0.7)
		.map((p) => ({
			newcomerId: p.id,
			welcomerId: cores.length > 0 && random() < 0.7 ? pick(cores).id : pick(staff),
			confirmedAt: `${addDays(p.joined, Math.floor(random() * 10))}T10:00:00.000Z`
		}));
	const proposals = series
		.filter(() => cores.length > 0 && random() < 0.3)
		.map((s, i) => ({
			id: `proposal-${i}`,
			userId: pick(cores).id,
			status: 'accepted' as const,
			ritualId: s.id,
			decidedAt: `${addDays(START, -7)}T10:00:00.000Z`
		}));
	const optOuts = people
		.filter(() => random() < 0.01)
		.map((p) => ({ userId: p.id, since: addDays(START, Math.floor(random() * days)) }));
	return {
		timeZone: TIME_ZONE,
		start: START,
		end,
		members: people.map((p) => p.id),
		staff,
		facts: {
			visits,
			attendance,
			signups,
			scheduled,
			firstSeen,
			welcomes,
			proposals,
			optOuts,
			staffIds: staff
		}
	};
}
