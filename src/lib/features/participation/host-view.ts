/**
 * The host's community view, derived in one pass from the space's log: the indicators released
 * month by month over the last 12 months (`hostIndicators` → `releaseHostIndicators`), and the
 * few lists hosts may see by name (newcomers with a yes/no for "welcomed", members happy to be
 * asked). Components render only what this returns: released values, never a level or a score.
 */
import type { ParticipationLog } from '$lib/domain/participation/compact';
import { NOBODY } from '$lib/domain/participation/compact';
import type { ParticipationConfig } from '$lib/domain/participation/config';
import {
	addMonths,
	dateOfDay,
	dayNumber,
	monthEnd,
	monthStart,
	NEVER
} from '$lib/domain/participation/days';
import {
	releaseHostIndicators,
	type ReleasedHostView
} from '$lib/domain/participation/host-release';
import { hostIndicators } from '$lib/domain/participation/indicators';
import { isNewcomerOn } from '$lib/domain/participation/levels';
import { logIndex } from '$lib/domain/participation/log-index';
import type { Membership, ParticipationPrefs, Ritual } from '$lib/domain/types';

export interface MonthView {
	/** `YYYY-MM`. */
	month: string;
	view: ReleasedHostView;
	config: ParticipationConfig;
}

/** Months of trend the view shows, the current one included. */
export const TREND_MONTHS = 12;

/**
 * What hosts may see, month by month up to `today`: one reading at the end of each month, the
 * last one today, each under the settings then in force (as `monthlySeries` reads them), released.
 * `configFor` must give the same object for dates under the same settings (`configResolver`):
 * the log's levels index is kept per settings object, so a screen that shares its resolver
 * between today's reading and the trend builds that index once.
 */
export function releasedMonths(
	log: ParticipationLog,
	today: string,
	configFor: (date: string) => ParticipationConfig,
	months = TREND_MONTHS
): MonthView[] {
	const last = dayNumber(today);
	const readings: MonthView[] = [];
	for (
		let month = addMonths(monthStart(last), -(months - 1));
		month <= last;
		month = addMonths(month, 1)
	) {
		readings.push(releasedOn(log, dateOfDay(Math.min(monthEnd(month), last)), configFor));
	}
	return readings;
}

/** The released reading of one date. */
export function releasedOn(
	log: ParticipationLog,
	asOf: string,
	configFor: (date: string) => ParticipationConfig
): MonthView {
	const config = configFor(asOf);
	return {
		month: asOf.slice(0, 7),
		view: releaseHostIndicators(hostIndicators(log, asOf, config), config),
		config
	};
}

export interface NewcomerRow {
	userId: string;
	name: string;
	/** Someone they named confirmed as having welcomed them ("nobody in particular" is no). */
	welcomed: boolean;
}

/**
 * Members in their first `days` days (first contract or first visit), with a yes/no: were they
 * welcomed. Nothing else about them. Staff, people who opted out, and people this device has no
 * membership for are left out.
 */
export function newcomerRows(
	log: ParticipationLog,
	members: readonly Membership[],
	today: string,
	days: number
): NewcomerRow[] {
	const index = logIndex(log);
	const day = dayNumber(today);
	const welcomed = new Uint8Array(log.users.length);
	const { newcomer, welcomer } = log.welcomes.column;
	for (let row = 0; row < log.welcomes.length; row++) {
		if (welcomer.get(row) !== NOBODY) welcomed[newcomer.get(row)] = 1;
	}
	const rows: NewcomerRow[] = [];
	for (const member of members) {
		if (member.role !== 'member') continue;
		const user = log.userIndex.get(member.userId);
		if (user === undefined || index.staff[user] || index.optOut[user]! <= day) continue;
		const first = index.firstSeen[user]!;
		if (first === NEVER || !isNewcomerOn(first, day, days)) continue;
		rows.push({ userId: member.userId, name: member.displayName, welcomed: welcomed[user] === 1 });
	}
	return rows.sort(
		(a, b) => Number(a.welcomed) - Number(b.welcomed) || a.name.localeCompare(b.name)
	);
}

/** Names of the members who said they are happy to be asked to co-animate or welcome. */
export function happyToBeAsked(
	prefs: readonly ParticipationPrefs[],
	members: readonly Membership[]
): string[] {
	const names = new Map(members.map((member) => [member.userId, member.displayName]));
	return prefs
		.filter((p) => p.happyToBeAsked && names.has(p.userId))
		.map((p) => names.get(p.userId)!)
		.sort((a, b) => a.localeCompare(b));
}

export interface SingleHostRitual {
	ritualId: string;
	title: string;
	held: number;
	scheduled: number | null;
}

/** Series held often enough in the window that had a single host (animation is a public role). */
export function singleHostRituals(
	month: MonthView,
	rituals: readonly Pick<Ritual, 'id' | 'title'>[]
): SingleHostRitual[] {
	const titles = new Map(rituals.map((ritual) => [ritual.id, ritual.title]));
	return month.view.animation.series
		.filter((s) => s.hosts === 1 && s.held >= month.config.singleHostMinOccurrences)
		.map((s) => ({
			ritualId: s.ritualId,
			title: titles.get(s.ritualId) ?? '—',
			held: s.held,
			scheduled: s.scheduled
		}))
		.sort((a, b) => a.title.localeCompare(b.title));
}

/** The view has something to say: some member was counted, or some ritual was held. */
export const hasData = (month: MonthView): boolean =>
	month.view.members.kind === 'fewer' ||
	month.view.members.value > 0 ||
	month.view.animation.series.some((s) => s.held > 0);
