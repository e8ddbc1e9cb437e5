/**
 * What the host view shows, in two steps so its numbers come first: today's released indicators
 * with the lists (`currentView`: one reading), then the last 12 months (`trendView`), computed
 * once the numbers are on screen. Both read the settings through one resolver per data, so the
 * log's indexes are built once for the two (they are kept per log version and settings object).
 */
import { configChangesFrom, type ParticipationConfig } from '$lib/domain/participation/config';
import { configResolver } from '$lib/domain/participation/series';
import {
	happyToBeAsked,
	hasData,
	newcomerRows,
	releasedMonths,
	releasedOn,
	singleHostRituals
} from './host-view';
import { indicatorGroups } from './key-numbers';
import type { CommunityData } from './community-data';
import { trends } from './trends';

const resolvers = new WeakMap<CommunityData, (date: string) => ParticipationConfig>();

function configFor(data: CommunityData): (date: string) => ParticipationConfig {
	let resolve = resolvers.get(data);
	if (!resolve) resolvers.set(data, (resolve = configResolver(configChangesFrom(data.settings))));
	return resolve;
}

/** Today's reading, released, with everything the view lists. */
export function currentView(data: CommunityData, today: string) {
	const current = releasedOn(data.log, today, configFor(data));
	return {
		current,
		hasData: hasData(current),
		groups: indicatorGroups(current),
		singleHost: singleHostRituals(current, data.rituals),
		newcomers: newcomerRows(data.log, data.members, today, current.config.newcomerDays),
		happy: happyToBeAsked(data.prefs, data.members)
	};
}
export type CurrentView = ReturnType<typeof currentView>;

/** The last 12 months, released month by month, as charts and their tables. */
export function trendView(data: CommunityData, today: string) {
	const months = releasedMonths(data.log, today, configFor(data));
	return {
		months: months.map((month) => month.month),
		hasData: months.some(hasData),
		trends: trends(months)
	};
}
export type TrendView = ReturnType<typeof trendView>;

/** Both steps at once (tests, and anything that needs the whole view). */
export function communityView(data: CommunityData, today: string) {
	const now = currentView(data, today);
	const trend = trendView(data, today);
	return { ...now, ...trend, hasData: now.hasData || trend.hasData };
}
