/**
 * The member's mirror from what the device holds: the settings in force, their score (null when
 * they opted out or are staff) and their log with its facts. One pass per change of the data.
 */
import { memberActivitiesOf, memberScoreOf } from '$lib/domain/participation/member-mirror';
import { compactFacts } from '$lib/domain/participation/compact';
import { configAt, configChangesFrom } from '$lib/domain/participation/config';
import type { MirrorData } from './participation-data';
import { mirrorEntries } from './mirror-entries';
import { isNewcomerOn, welcomerChoices } from './welcome-view';

export function mirrorView(data: MirrorData, userId: string, timeZone: string, today: string) {
	const config = configAt(configChangesFrom(data.settings), today);
	const log = compactFacts(data.facts, timeZone);
	const score = memberScoreOf(log, userId, today, config);
	const entries = mirrorEntries(
		memberActivitiesOf(log, userId, today, config),
		data.facts,
		userId,
		timeZone,
		config
	);
	return {
		config,
		score,
		entries,
		titles: new Map(data.rituals.map((ritual) => [ritual.id, ritual.title])),
		choices: welcomerChoices(data.members, userId),
		newcomer: isNewcomerOn(data.facts, userId, timeZone, today, config.newcomerDays)
	};
}
export type MirrorView = ReturnType<typeof mirrorView>;
