/**
 * A member's credited acts as objects, derived from the confirmed facts: what the private mirror
 * lists and what `score.ts` replays. The derivation itself is `credits.ts` (one implementation,
 * on the compact form); this is its readable face.
 */
import { activityTypes, type ActivityType } from './activity-types';
import { defaultConfig, type ParticipationConfig } from './config';
import { compactFacts } from './compact';
import { creditsOf } from './credits';
import { dateOfDay, NEVER } from './days';
import type { ParticipationFacts } from './facts';
import { logIndex } from './log-index';

export {
	activityTypes,
	creditTypes,
	defaultWeights,
	tierOf,
	type ActivityType,
	type CreditType,
	type Tier
} from './activity-types';

/**
 * One act of one member. Derived activities are credits (tier 1-3); a tier-0 act (presence,
 * sign-up) may be listed too and changes nothing. `supersededOn`: the act stops counting from that
 * date (a proposal's credit, replaced by the larger one when its ritual first takes place).
 */
export interface Activity {
	userId: string;
	/** Local date `YYYY-MM-DD`. */
	date: string;
	type: ActivityType;
	supersededOn?: string;
}

/**
 * Every member's credited acts from `facts` (attendance, proposals, welcomes, staff, opt-outs), by
 * member then date. Dates of instants (a proposal's decision, a welcome's confirmation) are local
 * to `timeZone`.
 */
export function deriveActivities(
	facts: ParticipationFacts,
	timeZone: string,
	config: ParticipationConfig = defaultConfig
): Activity[] {
	const log = compactFacts(facts, timeZone);
	const credits = creditsOf(logIndex(log), config.handOverDays);
	const activities: Activity[] = [];
	for (let user = 0; user < log.users.length; user++) {
		for (let i = credits.offsets[user]!; i < credits.offsets[user + 1]!; i++) {
			const activity: Activity = {
				userId: log.users[user]!,
				date: dateOfDay(credits.day[i]!),
				type: activityTypes[credits.type[i]!]!
			};
			if (credits.until[i] !== NEVER) activity.supersededOn = dateOfDay(credits.until[i]!);
			activities.push(activity);
		}
	}
	return activities;
}
