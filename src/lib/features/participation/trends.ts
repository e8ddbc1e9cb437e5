/**
 * The host view's trend charts: for each chart, its lines month by month, as numbers to plot
 * (null where the value is suppressed or not measured: a gap) and as the texts of the chart's
 * data table (where the table says "<5" or "masqué"). Built from released views only.
 */
import type { ReleasedHostView } from '$lib/domain/participation/host-release';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { MonthView } from './host-view';
import {
	countPoint,
	countText,
	plainCount,
	ratioPoint,
	ratioText,
	shareText,
	type ValueText
} from './released-text';

export interface TrendLine {
	key: string;
	label: () => string;
	points: (number | null)[];
	texts: ValueText[];
}

export interface Trend {
	key: 'taking-part' | 'rituals' | 'animation' | 'people';
	title: () => string;
	unit: 'percent' | 'count';
	lines: TrendLine[];
}

type Reading = (
	view: ReleasedHostView,
	minGroup: number
) => { point: number | null; text: ValueText };

const ratioOf =
	(pick: (view: ReleasedHostView) => Parameters<typeof ratioText>[0] | null): Reading =>
	(view, minGroup) => {
		const ratio = pick(view);
		if (ratio === null) return { point: null, text: smallSpaceText() };
		return { point: ratioPoint(ratio), text: ratioText(ratio, minGroup) };
	};

const shareOf =
	(pick: (view: ReleasedHostView) => number | null): Reading =>
	(view) => {
		const share = pick(view);
		return { point: share === null ? null : Math.round(share * 1000) / 10, text: shareText(share) };
	};

const countOf =
	(pick: (view: ReleasedHostView) => number | null): Reading =>
	(view) => ({ point: pick(view), text: plainCount(pick(view)) });

const smallSpaceText = (): ValueText => ({
	text: '—',
	label: m.participation_small_space_short(),
	suppressed: true
});

interface LineSpec {
	key: string;
	label: () => string;
	read: Reading;
}

const specs: { key: Trend['key']; title: () => string; unit: Trend['unit']; lines: LineSpec[] }[] =
	[
		{
			key: 'taking-part',
			title: m.participation_trend_taking_part,
			unit: 'percent',
			lines: [
				{
					key: 'atLeast1',
					label: m.participation_line_at_least_1,
					read: ratioOf((v) => v.takingPart?.atLeast1 ?? null)
				},
				{
					key: 'atLeast2',
					label: m.participation_line_at_least_2,
					read: ratioOf((v) => v.takingPart?.atLeast2 ?? null)
				},
				{ key: 'reach', label: m.participation_line_reach, read: ratioOf((v) => v.rituals.reach) }
			]
		},
		{
			key: 'rituals',
			title: m.participation_trend_rituals,
			unit: 'percent',
			lines: [
				{
					key: 'showUp',
					label: m.participation_line_show_up,
					read: ratioOf((v) => v.rituals.showUp)
				},
				{
					key: 'conversion',
					label: m.participation_line_conversion,
					read: ratioOf((v) => v.rituals.conversion)
				}
			]
		},
		{
			key: 'animation',
			title: m.participation_trend_animation,
			unit: 'percent',
			lines: [
				{
					key: 'staffDependency',
					label: m.participation_line_staff_dependency,
					read: shareOf((v) => v.animation.staffDependency.share)
				},
				{
					key: 'singleHost',
					label: m.participation_line_single_host,
					read: shareOf((v) => v.animation.singleHost.share)
				},
				{
					key: 'top1',
					label: m.participation_line_top1,
					read: shareOf((v) => v.animation.concentration.top1)
				}
			]
		},
		{
			key: 'people',
			title: m.participation_trend_people,
			unit: 'count',
			lines: [
				{
					key: 'members',
					label: m.participation_line_members,
					read: (view) => ({ point: countPoint(view.members), text: countText(view.members) })
				},
				{
					key: 'animators',
					label: m.participation_line_animators,
					read: countOf((v) => v.animation.concentration.animators)
				},
				{
					key: 'newAnimators',
					label: m.participation_line_new_animators,
					read: countOf((v) => v.animation.renewal.newAnimators)
				},
				{
					key: 'lostAnimators',
					label: m.participation_line_lost_animators,
					read: countOf((v) => v.animation.renewal.lostAnimators)
				}
			]
		}
	];

/** Every chart with its lines over `months`. */
export function trends(months: readonly MonthView[]): Trend[] {
	return specs.map((spec) => ({
		key: spec.key,
		title: spec.title,
		unit: spec.unit,
		lines: spec.lines.map((line) => {
			const readings = months.map((month) => line.read(month.view, month.config.privacy.minGroup));
			return {
				key: line.key,
				label: line.label,
				points: readings.map((r) => r.point),
				texts: readings.map((r) => r.text)
			};
		})
	}));
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "déc. 2026" for `2026-12` ("déc. 26" with a 2-digit year, for a chart's axis). */
export function monthLabel(month: string, year: 'numeric' | '2-digit' = 'numeric'): string {
	const locale = getLocale();
	const key = `${locale}|${year}`;
	let format = monthFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { month: 'short', year, timeZone: 'UTC' });
		monthFormats.set(key, format);
	}
	return format.format(new Date(`${month}-15T12:00:00Z`));
}

/** Seconds since the epoch of each month's middle: uPlot's x axis. */
export const monthSeconds = (month: string): number => Date.parse(`${month}-15T12:00:00Z`) / 1000;
