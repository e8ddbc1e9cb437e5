/**
 * How the rituals reach members, over the window: show-up (signed-up members who then attended),
 * conversion (attendees among the members in the space that day) and reach (distinct attendees
 * among the N active members). Staff and opted-out people are left out of every count.
 */
import {
	forEachPart,
	heldBetween,
	ratioOf,
	statusUnlessQuiet,
	type IndicatorContext,
	type RatioOf,
	type Status
} from './context';
import { presentOn } from './log-index';

export interface SeriesReach {
	ritualId: string;
	showUp: RatioOf;
	conversion: RatioOf;
}

export interface RitualHealth {
	/** Attended ÷ signed up (sign-ups with a person, to held occurrences). */
	showUp: RatioOf & { status: Status | null };
	/**
	 * Attendees ÷ members there that day (present, or attending without a check-in), pooled over
	 * occurrences; its `people` is the largest day's count, a lower bound of the distinct people.
	 */
	conversion: RatioOf;
	/** Distinct attendees ÷ N. */
	reach: RatioOf;
	series: SeriesReach[];
}

interface Tally {
	signed: number;
	came: number;
	attendees: number;
	there: number;
	signers: Set<number>;
	largestDay: number;
}

const tally = (): Tally => ({
	signed: 0,
	came: 0,
	attendees: 0,
	there: 0,
	signers: new Set(),
	largestDay: 0
});

export function ritualHealth(context: IndicatorContext): RitualHealth {
	const { index, population, config, alerts } = context;
	const counts = (user: number) => population.visible[user] === 1 && index.staff[user] === 0;
	const presentCounts = new Map<number, number>();
	const present = (day: number): number => {
		let count = presentCounts.get(day);
		if (count !== undefined) return count;
		count = 0;
		const { offsets, items } = index.presenceByDay;
		const group = day - index.presenceFirstDay;
		if (group >= 0 && group < offsets.length - 1) {
			for (let i = offsets[group]!; i < offsets[group + 1]!; i++) if (counts(items[i]!)) count++;
		}
		presentCounts.set(day, count);
		return count;
	};

	const perSeries = Array.from({ length: index.log.rituals.length }, tally);
	const total = tally();
	const attendees = new Set<number>();
	// `attendedAt[person]`: the last occurrence they took part in (to match sign-ups to parts).
	const attendedAt = new Int32Array(index.people).fill(-1);
	const [start, end] = heldBetween(index, population.from, population.day);
	for (let i = start; i < end; i++) {
		const occurrence = index.heldByDay[i]!;
		const day = index.occurrenceDay[occurrence]!;
		const series = perSeries[index.occurrenceRitual[occurrence]!]!;
		let [came, walkIns] = [0, 0];
		forEachPart(index, occurrence, (part) => {
			const user = index.partUser[part]!;
			if (!counts(user)) return;
			came++;
			attendees.add(user);
			attendedAt[user] = occurrence;
			if (!presentOn(index, user, day)) walkIns++;
		});
		const there = present(day) + walkIns;
		let [signed, signedCame] = [0, 0];
		const { offsets, items } = index.signupsByOccurrence;
		for (let j = offsets[occurrence]!; j < offsets[occurrence + 1]!; j++) {
			const user = items[j]!;
			if (!counts(user)) continue;
			signed++;
			series.signers.add(user);
			total.signers.add(user);
			if (attendedAt[user] === occurrence) signedCame++;
		}
		for (const t of [series, total]) {
			t.attendees += came;
			t.there += there;
			t.signed += signed;
			t.came += signedCame;
			t.largestDay = Math.max(t.largestDay, there);
		}
	}
	const showUp = ratioOf(total.came, total.signed, total.signers.size);
	return {
		showUp: {
			...showUp,
			status:
				showUp.rate === null
					? null
					: statusUnlessQuiet(alerts, showUp.rate < config.alerts.showUp ? 'watch' : 'ok')
		},
		conversion: ratioOf(total.attendees, total.there, total.largestDay),
		reach: ratioOf(attendees.size, population.members),
		series: perSeries.flatMap((s, ritual) =>
			s.attendees + s.signed === 0
				? []
				: [
						{
							ritualId: index.log.rituals[ritual]!,
							showUp: ratioOf(s.came, s.signed, s.signers.size),
							conversion: ratioOf(s.attendees, s.there, s.largestDay)
						}
					]
		)
	};
}
