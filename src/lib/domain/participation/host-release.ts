/**
 * What hosts see of the indicators (`suppression.ts` for the rules). Animation is a public role
 * (members see who animates each ritual), so concentration, staff dependency, single-host series
 * and animator renewal are shown as computed; everything resting on private facts (presence,
 * attendance by person, levels, newcomers) goes through the count, ratio and breakdown rules.
 * Under `smallSpaceMembers` members only the ritual and animation indicators are shown, and the
 * fragile flag leaves out its newcomer reason.
 */
import type { ParticipationConfig, PrivacyRules } from './config';
import type { Concentration } from './concentration';
import type { RatioOf } from './context';
import { fragileFlag, type Fragile } from './fragile';
import type { HostIndicators } from './indicators';
import type { Hosting } from './hosting';
import { levelKeys } from './levels';
import type { Renewal } from './renewal';
import {
	releaseBreakdown,
	releaseCount,
	releasePerMember,
	releaseRatio,
	type ReleasedBreakdown,
	type ReleasedCount,
	type ReleasedRatio
} from './suppression';
import type { PerLevel } from './taking-part';

export interface ReleasedRates {
	welcomed: ReleasedRatio;
	firstRitual: ReleasedRatio;
	levelAt56: ReleasedRatio;
	activeAt84: ReleasedRatio;
}

export interface ReleasedHostView {
	asOf: string;
	from: string;
	members: ReleasedCount;
	/** Under `smallSpaceMembers`: taking part and newcomers are not shown (null). */
	smallSpace: boolean;
	alerts: boolean;
	animation: {
		concentration: Concentration;
		staffDependency: Hosting['staffDependency'];
		singleHost: Hosting['singleHost'];
		series: Hosting['series'];
		renewal: Omit<Renewal, 'pipeline'>;
		/** Contributors who never animated: a count of people by level (null in a small space). */
		pipeline: ReleasedCount | null;
	};
	rituals: {
		showUp: ReleasedRatio;
		showUpStatus: HostIndicators['rituals']['showUp']['status'];
		conversion: ReleasedRatio;
		reach: ReleasedRatio;
		series: { ritualId: string; showUp: ReleasedRatio; conversion: ReleasedRatio }[];
	};
	takingPart: {
		pyramid: ReleasedBreakdown;
		atLeast1: ReleasedRatio;
		atLeast2: ReleasedRatio;
		flows: ReleasedBreakdown;
		/** Null when either pyramid needed a merge: with exact counts per group, WC would give the merged cells back. */
		weightedCommitment: number | null;
		gravity: number | null;
	} | null;
	newcomers: {
		cohorts: ({ from: string; to: string; size: ReleasedCount } & ReleasedRates)[];
		gathering: ReleasedCount;
		recent: ReleasedCount;
		contributorsPerNewcomer: ReleasedRatio;
		animatorsPerNewcomer: ReleasedRatio;
	} | null;
	fragile: Fragile;
}

const rate = (ratio: RatioOf, rules: PrivacyRules): ReleasedRatio =>
	releaseRatio(ratio.count, ratio.over, rules, ratio.people);

const pyramidCells = (pyramid: PerLevel) =>
	pyramid.map((count, level) => ({ key: levelKeys[level]!, count }));

/** Share of members at level ≥ `level`, only when the released pyramid keeps that boundary. */
function shareFrom(
	pyramid: ReleasedBreakdown,
	counts: PerLevel,
	level: number,
	members: number,
	rules: PrivacyRules
): ReleasedRatio {
	const boundaryKept = pyramid.groups.every((group) => {
		const levels = group.keys.map((key) => levelKeys.indexOf(key as (typeof levelKeys)[number]));
		return levels.every((l) => l >= level) || levels.every((l) => l < level);
	});
	if (!boundaryKept) return { kind: 'hidden' };
	return releaseRatio(
		counts.slice(level).reduce((sum, n) => sum + n, 0),
		members,
		rules
	);
}

function takingPartView(view: HostIndicators, rules: PrivacyRules): ReleasedHostView['takingPart'] {
	const part = view.takingPart;
	const pyramid = releaseBreakdown(pyramidCells(part.pyramid), rules);
	const exact =
		!pyramid.merged && !releaseBreakdown(pyramidCells(part.previousPyramid), rules).merged;
	const { joined, left, up, down, same } = part.flows;
	const flows = releaseBreakdown(
		[
			{ key: 'joined', count: joined.reduce((a, b) => a + b, 0) },
			{ key: 'up', count: up },
			{ key: 'same', count: same },
			{ key: 'down', count: down },
			{ key: 'left', count: left.reduce((a, b) => a + b, 0) }
		],
		rules,
		false
	);
	return {
		pyramid,
		atLeast1: shareFrom(pyramid, part.pyramid, 1, part.members, rules),
		atLeast2: shareFrom(pyramid, part.pyramid, 2, part.members, rules),
		flows,
		weightedCommitment: exact ? part.weightedCommitment : null,
		gravity: exact ? part.gravity : null
	};
}

function newcomersView(view: HostIndicators, rules: PrivacyRules): ReleasedHostView['newcomers'] {
	const arrivals = view.newcomers;
	const pyramid = view.takingPart.pyramid;
	const [contributors, animators] = [pyramid[2] + pyramid[3], pyramid[3]];
	return {
		cohorts: arrivals.cohorts.map((cohort) => ({
			from: cohort.from,
			to: cohort.to,
			size: releaseCount(cohort.size, rules),
			welcomed: rate(cohort.welcomed, rules),
			firstRitual: rate(cohort.firstRitual, rules),
			levelAt56: rate(cohort.levelAt56, rules),
			activeAt84: rate(cohort.activeAt84, rules)
		})),
		gathering: releaseCount(arrivals.gathering, rules),
		recent: releaseCount(arrivals.recent, rules),
		contributorsPerNewcomer: releasePerMember(contributors, arrivals.recent, rules),
		animatorsPerNewcomer: releasePerMember(animators, arrivals.recent, rules)
	};
}

/** What hosts may see of `view`; `rules` default to the space's (`crossSpacePrivacy` beyond one space). */
export function releaseHostIndicators(
	view: HostIndicators,
	config: ParticipationConfig,
	rules: PrivacyRules = config.privacy
): ReleasedHostView {
	const smallSpace = view.members < rules.smallSpaceMembers;
	const { pipeline, ...renewal } = view.renewal;
	const showUp = rate(view.rituals.showUp, rules);
	const reasons = smallSpace
		? view.fragile.reasons.filter((reason) => reason !== 'first_ritual')
		: view.fragile.reasons;
	return {
		asOf: view.asOf,
		from: view.from,
		members: releaseCount(view.members, rules),
		smallSpace,
		alerts: view.alerts,
		animation: {
			concentration: view.concentration,
			staffDependency: view.hosting.staffDependency,
			singleHost: view.hosting.singleHost,
			series: view.hosting.series,
			renewal,
			pipeline: smallSpace ? null : releaseCount(pipeline, rules)
		},
		rituals: {
			showUp,
			// A status on a hidden ratio would tell what the ratio hides.
			showUpStatus: showUp.kind === 'hidden' ? null : view.rituals.showUp.status,
			conversion: rate(view.rituals.conversion, rules),
			reach: rate(view.rituals.reach, rules),
			series: view.rituals.series.map((s) => ({
				ritualId: s.ritualId,
				showUp: rate(s.showUp, rules),
				conversion: rate(s.conversion, rules)
			}))
		},
		takingPart: smallSpace ? null : takingPartView(view, rules),
		newcomers: smallSpace ? null : newcomersView(view, rules),
		fragile: { ...view.fragile, reasons, fragile: fragileFlag(reasons, view.alerts, config.alerts) }
	};
}
