/**
 * Levels, their rules and the member's acts in plain words. The domain gives keys and numbers
 * (`domain/participation/levels.ts`, `score.ts`); the sentences live in the messages.
 */
import { tierOf, type CreditType, type Tier } from '$lib/domain/participation/activity-types';
import type { ParticipationConfig } from '$lib/domain/participation/config';
import {
	levelKeys,
	levelRuleKeys,
	type Level,
	type LevelKey
} from '$lib/domain/participation/levels';
import { lastDayAbove } from '$lib/domain/participation/replay';
import type { Gauge, MemberScore } from '$lib/domain/participation/score';
import { formatDate } from '$lib/ui/format';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from './numbers';

const levelLabels: Record<LevelKey, () => string> = {
	member: m.participation_level_member,
	participant: m.participation_level_participant,
	contributor: m.participation_level_contributor,
	animator: m.participation_level_animator
};

/** "Usager·ère", "Participant·e", "Contributeur·rice", "Animateur·rice". */
export const levelLabel = (level: Level): string => levelLabels[levelKeys[level]]();

/**
 * How many days one act of `type` alone holds a level (its reservoir from the act down to the
 * threshold), under `config`; null when one such act cannot reach it.
 */
export function daysOneActHolds(
	type: CreditType,
	level: 1 | 2 | 3,
	config: ParticipationConfig
): number | null {
	const k = level - 1;
	const reservoir = Math.min(config.ceilings[k]!, Math.max(0, config.weights[type]));
	return lastDayAbove(reservoir, 0, config.thresholds[k]!, config.halfLifeDays);
}

const ruleTexts: Record<string, (config: ParticipationConfig) => string> = {
	participation_rule_member: () => m.participation_rule_member(),
	participation_rule_participant: (config) => {
		const days = daysOneActHolds('attended', 1, config);
		return days === null
			? m.participation_rule_participant_plain()
			: m.participation_rule_participant({ days });
	},
	participation_rule_contributor: () => m.participation_rule_contributor(),
	participation_rule_animator: (config) => {
		const days = daysOneActHolds('led', 3, config);
		return days === null
			? m.participation_rule_animator_plain()
			: m.participation_rule_animator({ days });
	}
};

/** The rule of a level as shown to the member ("You use the space; nothing is expected of you."). */
export const levelRule = (level: Level, config: ParticipationConfig): string =>
	ruleTexts[levelRuleKeys[levelKeys[level]]]!(config);

/**
 * Until when the level shown holds: "Participant·e jusqu'au 31 mars 2027 si rien d'autre ne se
 * passe", then what comes after; null at level 0 (nothing to hold).
 */
export function holdsText(score: MemberScore): { until: string; then: string } | null {
	if (score.level === 0 || score.levelHoldsUntil === null) return null;
	return {
		until: m.participation_holds_until({
			level: levelLabel(score.level),
			date: formatDate(score.levelHoldsUntil)
		}),
		then: m.participation_holds_then({ level: levelLabel(score.nextLevel) })
	};
}

const gaugeNames: Record<1 | 2 | 3, () => string> = {
	1: m.participation_gauge_participation,
	2: m.participation_gauge_contribution,
	3: m.participation_gauge_animation
};

/** The three gauges (and tiers 1-3): participation, contribution, animation. */
export const gaugeName = (k: 1 | 2 | 3): string => gaugeNames[k]();

/** "2,4 sur 3 · seuil 1,5 atteint" in words, for the gauge's text value. */
export function gaugeText(gauge: Gauge): string {
	const values = {
		value: formatNumber(gauge.value),
		threshold: formatNumber(gauge.threshold),
		ceiling: formatNumber(gauge.ceiling)
	};
	return gauge.value >= gauge.threshold - 1e-9
		? m.participation_gauge_reached(values)
		: m.participation_gauge_below(values);
}

const activityNames: Record<CreditType, () => string> = {
	attended: m.participation_act_attended,
	contributed: m.participation_act_contributed,
	proposed: m.participation_act_proposed,
	proposalHeld: m.participation_act_proposal_held,
	welcomed: m.participation_act_welcomed,
	coanimated: m.participation_act_coanimated,
	led: m.participation_act_led,
	handedOver: m.participation_act_handed_over
};

/** What a credited act was, in plain words. */
export const activityName = (type: CreditType): string => activityNames[type]();

const tierNames: Record<Tier, () => string> = {
	0: m.participation_tier_0,
	1: m.participation_gauge_participation,
	2: m.participation_gauge_contribution,
	3: m.participation_gauge_animation
};

/** "participation", "contribution", "animation" (or "présence" for tier 0). */
export const tierName = (tier: Tier): string => tierNames[tier]();

/** "Contribution · poids 4". */
export const tierAndWeight = (type: CreditType, config: ParticipationConfig): string =>
	m.participation_tier_weight({
		tier: tierName(tierOf[type]),
		weight: formatNumber(config.weights[type])
	});
