/** Everything the host view shows, computed once per change of its data (one pass over the log). */
import { configChangesFrom } from '$lib/domain/participation/config';
import {
	happyToBeAsked,
	hasData,
	newcomerRows,
	releasedMonths,
	singleHostRituals
} from './host-view';
import { indicatorGroups } from './key-numbers';
import type { CommunityData } from './participation-data';
import { trends } from './trends';

export function communityView(data: CommunityData, today: string) {
	const months = releasedMonths(data.log, today, configChangesFrom(data.settings));
	const current = months.at(-1)!;
	return {
		current,
		months: months.map((month) => month.month),
		hasData: months.some(hasData),
		groups: indicatorGroups(current),
		trends: trends(months),
		singleHost: singleHostRituals(current, data.rituals),
		newcomers: newcomerRows(data.log, data.members, today, current.config.newcomerDays),
		happy: happyToBeAsked(data.prefs, data.members)
	};
}
export type CommunityView = ReturnType<typeof communityView>;
