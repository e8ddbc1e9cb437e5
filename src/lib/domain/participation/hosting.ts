/**
 * Who hosts the rituals: the share of occurrences animated only by staff, the series that rest on
 * a single host, and each series' held ÷ scheduled occurrences. A series' hosts include staff
 * (the question is whether it survives one person's absence); anyone opted out is left out.
 */
import { HOSTING_RANK } from './activity-types';
import {
	forEachPart,
	heldBetween,
	share,
	statusUnlessQuiet,
	type IndicatorContext,
	type Status
} from './context';

export interface StaffDependency {
	/** Occurrences only staff animated, over those with at least one recorded host. */
	share: number | null;
	staffOnly: number;
	hosted: number;
	/** Held occurrences with no recorded host (left out of the share). */
	unhosted: number;
	status: Status | null;
}

export interface SeriesHosting {
	ritualId: string;
	held: number;
	/** Occurrences the rule scheduled in the window (null: none were given). */
	scheduled: number | null;
	heldRatio: number | null;
	/** Distinct hosts over the window's occurrences. */
	hosts: number;
}

export interface SingleHost {
	/** Series with at least `singleHostMinOccurrences` held (and a known host) that had one host. */
	share: number | null;
	singleHost: number;
	series: number;
	status: Status | null;
}

export interface Hosting {
	staffDependency: StaffDependency;
	singleHost: SingleHost;
	series: SeriesHosting[];
}

export function hostingIndicators(context: IndicatorContext): Hosting {
	const { index, population, config, alerts } = context;
	const { from, day } = population;
	const rituals = index.log.rituals.length;
	const held = new Int32Array(rituals);
	const hosts = Array.from({ length: rituals }, () => new Set<number>());
	let [staffOnly, hosted, unhosted] = [0, 0, 0];
	const [start, end] = heldBetween(index, from, day);
	for (let i = start; i < end; i++) {
		const occurrence = index.heldByDay[i]!;
		const ritual = index.occurrenceRitual[occurrence]!;
		held[ritual]!++;
		let [staff, members] = [0, 0];
		forEachPart(index, occurrence, (part) => {
			const user = index.partUser[part]!;
			if (index.partRank[part]! < HOSTING_RANK || !population.visible[user]) return;
			hosts[ritual]!.add(user);
			if (index.staff[user]) staff++;
			else members++;
		});
		if (staff + members === 0) unhosted++;
		else {
			hosted++;
			if (members === 0) staffOnly++;
		}
	}
	const scheduled = new Int32Array(rituals).fill(-1);
	const rows = index.log.scheduled;
	for (let row = 0; row < rows.day.length; row++) {
		const d = rows.day.get(row);
		if (d < from || d > day) continue;
		const ritual = rows.ritual.get(row);
		scheduled[ritual] = Math.max(0, scheduled[ritual]!) + 1;
	}

	const series: SeriesHosting[] = [];
	let [eligible, single] = [0, 0];
	for (let ritual = 0; ritual < rituals; ritual++) {
		const planned = scheduled[ritual]! < 0 ? null : scheduled[ritual]!;
		if (held[ritual] === 0 && planned === null) continue;
		const distinct = hosts[ritual]!.size;
		series.push({
			ritualId: index.log.rituals[ritual]!,
			held: held[ritual]!,
			scheduled: planned,
			heldRatio: planned === null ? null : share(held[ritual]!, planned),
			hosts: distinct
		});
		if (held[ritual]! >= config.singleHostMinOccurrences && distinct > 0) {
			eligible++;
			if (distinct === 1) single++;
		}
	}
	const staffShare = share(staffOnly, hosted);
	const singleShare = share(single, eligible);
	return {
		staffDependency: {
			share: staffShare,
			staffOnly,
			hosted,
			unhosted,
			status:
				staffShare === null
					? null
					: statusUnlessQuiet(alerts, staffShare >= config.alerts.staffDependency ? 'watch' : 'ok')
		},
		singleHost: {
			share: singleShare,
			singleHost: single,
			series: eligible,
			status:
				singleShare === null
					? null
					: statusUnlessQuiet(alerts, singleShare > config.alerts.singleHostShare ? 'watch' : 'ok')
		},
		series
	};
}
