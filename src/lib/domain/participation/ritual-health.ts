/**
 * How the rituals reach members, over the window: show-up (signed-up members who then attended),
 * conversion (attendees among the members in the space that day) and reach (distinct attendees
 * among the N active members). Staff and opted-out people are left out of every count.
 */
import {
	heldBetween,
	ratioOf,
	statusUnlessQuiet,
	type IndicatorContext,
	type RatioOf,
	type Status
} from './context';

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
	const perSeries = Array.from({ length: index.log.rituals.length }, tally);
	const total = tally();
	// Per person: the last day they were present and the last occurrence they took part in
	// (occurrences come in day order), and whether they attended anything in the window.
	const presentDay = new Int32Array(index.people).fill(-1);
	const attendedAt = new Int32Array(index.people).fill(-1);
	const attended = new Uint8Array(index.people);
	let [attendees, markedDay, present] = [0, -1, 0];
	const [start, end] = heldBetween(index, population.from, population.day);
	for (let i = start; i < end; i++) {
		const occurrence = index.heldByDay[i]!;
		const day = index.occurrenceDay[occurrence]!;
		if (day !== markedDay) {
			[markedDay, present] = [day, 0];
			const { offsets, items } = index.presenceByDay;
			const group = day - index.presenceFirstDay;
			if (group >= 0 && group < offsets.length - 1) {
				for (let j = offsets[group]!; j < offsets[group + 1]!; j++) {
					const user = items[j]!;
					presentDay[user] = day;
					if (counts(user)) present++;
				}
			}
		}
		const series = perSeries[index.occurrenceRitual[occurrence]!]!;
		let [came, walkIns] = [0, 0];
		for (let part = index.partFrom[occurrence]!; part < index.partTo[occurrence]!; part++) {
			const user = index.partUser[part]!;
			if (!counts(user)) continue;
			came++;
			attendedAt[user] = occurrence;
			if (!attended[user]) [attended[user], attendees] = [1, attendees + 1];
			if (presentDay[user] !== day) walkIns++;
		}
		const there = present + walkIns;
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
		reach: ratioOf(attendees, population.members),
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
