/**
 * The host view's numbers for one month, grouped, each with its label, released value, status
 * and a line on what it measures. Only the released view goes in; what comes out has no person.
 */
import type { Status } from '$lib/domain/participation/context';
import type { ReleasedRatio } from '$lib/domain/participation/suppression';
import { levelKeys } from '$lib/domain/participation/levels';
import { m } from '$lib/paraglide/messages';
import type { MonthView } from './host-view';
import { levelLabel } from './level-text';
import { formatNumber } from './numbers';
import { countText, plainCount, ratioText, shareText, type ValueText } from './released-text';

export interface IndicatorRow {
	key: string;
	label: string;
	value: ValueText;
	status: Status | null;
	hint?: string;
}

export interface IndicatorGroup {
	key: 'taking-part' | 'rituals' | 'animation' | 'newcomers';
	title: string;
	rows: IndicatorRow[];
	/** Why the group is empty (small-space mode). */
	note?: string;
}

/** A per-newcomer figure (0,4 contributors per newcomer): a number, not a percentage. */
const perMemberText = (ratio: ReleasedRatio, minGroup: number): ValueText =>
	ratio.kind === 'hidden'
		? { text: m.participation_hidden({ min: minGroup }), suppressed: true }
		: { text: `≈ ${formatNumber(ratio.value)}`, suppressed: false };

const levelNames = (keys: readonly string[]) =>
	keys
		.map((key) => levelLabel(levelKeys.indexOf(key as (typeof levelKeys)[number]) as 0 | 1 | 2 | 3))
		.join(' + ');

export function indicatorGroups(month: MonthView): IndicatorGroup[] {
	const { view, config } = month;
	const min = config.privacy.minGroup;
	const small = m.participation_small_space_group({ members: config.privacy.smallSpaceMembers });
	const part = view.takingPart;
	const { concentration, staffDependency, singleHost, renewal } = view.animation;
	const arrivals = view.newcomers;
	return [
		{
			key: 'taking-part',
			title: m.participation_group_taking_part(),
			rows: part
				? [
						{
							key: 'atLeast1',
							label: m.participation_line_at_least_1(),
							value: ratioText(part.atLeast1, min),
							status: null,
							hint: m.participation_hint_at_least_1()
						},
						{
							key: 'atLeast2',
							label: m.participation_line_at_least_2(),
							value: ratioText(part.atLeast2, min),
							status: null,
							hint: m.participation_hint_at_least_2()
						},
						...part.pyramid.groups.map((group) => ({
							key: `pyramid:${group.keys.join('+')}`,
							label: m.participation_pyramid_row({ levels: levelNames(group.keys) }),
							value: countText(group.count),
							status: null
						}))
					]
				: [],
			note: part ? undefined : small
		},
		{
			key: 'rituals',
			title: m.participation_group_rituals(),
			rows: [
				{
					key: 'showUp',
					label: m.participation_line_show_up(),
					value: ratioText(view.rituals.showUp, min),
					status: view.rituals.showUpStatus,
					hint: m.participation_hint_show_up()
				},
				{
					key: 'conversion',
					label: m.participation_line_conversion(),
					value: ratioText(view.rituals.conversion, min),
					status: null,
					hint: m.participation_hint_conversion()
				},
				{
					key: 'reach',
					label: m.participation_line_reach(),
					value: ratioText(view.rituals.reach, min),
					status: null,
					hint: m.participation_hint_reach()
				}
			]
		},
		{
			key: 'animation',
			title: m.participation_group_animation(),
			rows: [
				{
					key: 'caf',
					label: m.participation_line_caf(),
					value: plainCount(concentration.caf),
					status: concentration.status,
					hint: m.participation_hint_caf()
				},
				{
					key: 'top1',
					label: m.participation_line_top1(),
					value: shareText(concentration.top1),
					status: null,
					hint: m.participation_hint_top1()
				},
				{
					key: 'staffDependency',
					label: m.participation_line_staff_dependency(),
					value: shareText(staffDependency.share),
					status: staffDependency.status,
					hint: m.participation_hint_staff_dependency()
				},
				{
					key: 'singleHost',
					label: m.participation_line_single_host(),
					value: shareText(singleHost.share),
					status: singleHost.status,
					hint: m.participation_hint_single_host()
				},
				{
					key: 'renewal',
					label: m.participation_line_renewal(),
					value: {
						text: m.participation_renewal_value({
							added: renewal.newAnimators,
							lost: renewal.lostAnimators
						}),
						suppressed: false
					},
					status: renewal.status,
					hint: m.participation_hint_renewal()
				},
				{
					key: 'veterans',
					label: m.participation_line_veterans(),
					value: shareText(renewal.veteranShare),
					status: null,
					hint: m.participation_hint_veterans()
				},
				...(view.animation.pipeline
					? [
							{
								key: 'pipeline',
								label: m.participation_line_pipeline(),
								value: countText(view.animation.pipeline),
								status: null,
								hint: m.participation_hint_pipeline()
							}
						]
					: [])
			]
		},
		{
			key: 'newcomers',
			title: m.participation_group_newcomers(),
			rows: arrivals
				? [
						{
							key: 'recent',
							label: m.participation_line_recent(),
							value: countText(arrivals.recent),
							status: null,
							hint: m.participation_hint_recent()
						},
						{
							key: 'contributorsPerNewcomer',
							label: m.participation_line_contributors_per_newcomer(),
							value: perMemberText(arrivals.contributorsPerNewcomer, min),
							status: null
						},
						{
							key: 'animatorsPerNewcomer',
							label: m.participation_line_animators_per_newcomer(),
							value: perMemberText(arrivals.animatorsPerNewcomer, min),
							status: null
						}
					]
				: [],
			note: arrivals ? undefined : small
		}
	];
}

const statusTexts: Record<Status, () => string> = {
	ok: m.participation_status_ok,
	watch: m.participation_status_watch,
	fragile: m.participation_status_fragile
};
export const statusText = (status: Status): string => statusTexts[status]();
