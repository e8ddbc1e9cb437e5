/**
 * What hosts read of a released value (`domain/participation/suppression.ts`): a small count is
 * "<5", a ratio over too few people is "masqué (moins de 5 personnes)", a rounded one "≈ 40 %".
 * The host view renders only these texts, never a raw indicator about people.
 */
import type { ReleasedCount, ReleasedRatio } from '$lib/domain/participation/suppression';
import { m } from '$lib/paraglide/messages';
import { formatNumber, formatPercent } from './numbers';

export interface ValueText {
	/** What is shown. */
	text: string;
	/** A longer wording for screen readers and tooltips when the short one is cryptic ("<5"). */
	label?: string;
	suppressed: boolean;
}

export function countText(count: ReleasedCount): ValueText {
	if (count.kind === 'fewer') {
		return {
			text: `<${count.than}`,
			label: m.participation_fewer_than({ min: count.than }),
			suppressed: true
		};
	}
	return { text: formatNumber(count.value, 0), suppressed: false };
}

export function ratioText(ratio: ReleasedRatio, minGroup: number): ValueText {
	if (ratio.kind === 'hidden') {
		return { text: m.participation_hidden({ min: minGroup }), suppressed: true };
	}
	const percent = formatPercent(ratio.value);
	return ratio.rounded
		? {
				text: `≈ ${percent}`,
				label: m.participation_rounded({ value: percent }),
				suppressed: false
			}
		: { text: percent, suppressed: false };
}

/** A share the model computes as public (animation is a public role); "—" when not measured. */
export const shareText = (share: number | null): ValueText =>
	share === null
		? { text: '—', label: m.participation_not_measured(), suppressed: false }
		: { text: formatPercent(share), suppressed: false };

export const plainCount = (value: number | null): ValueText =>
	value === null
		? { text: '—', label: m.participation_not_measured(), suppressed: false }
		: { text: formatNumber(value, 0), suppressed: false };

/** The number a chart plots for a released value (null: a gap, the table says why). */
export const ratioPoint = (ratio: ReleasedRatio): number | null =>
	ratio.kind === 'ratio' ? Math.round(ratio.value * 1000) / 10 : null;
export const countPoint = (count: ReleasedCount): number | null =>
	count.kind === 'count' ? count.value : null;
