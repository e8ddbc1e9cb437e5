/**
 * What hosts may see of an aggregate (`../shared/design/participation.md`, "Privacy rules"): a
 * count from 1 to 4 shows as "fewer than 5"; a ratio over fewer than 5 people is hidden, over 5 to
 * 19 rounded to 10 points; when a cell of a breakdown would be hidden, categories are merged
 * instead, so no cell can be recovered by subtracting the others from the total. Limits come from
 * `PrivacyRules` (groups of 10 for reports beyond one space: `crossSpacePrivacy`).
 */
import { defaultPrivacy, type PrivacyRules } from './config';

export type ReleasedCount = { kind: 'count'; value: number } | { kind: 'fewer'; than: number };
export type ReleasedRatio = { kind: 'ratio'; value: number; rounded: boolean } | { kind: 'hidden' };

const isSmall = (n: number, rules: PrivacyRules): boolean => n > 0 && n < rules.minGroup;

export function releaseCount(count: number, rules: PrivacyRules = defaultPrivacy): ReleasedCount {
	return isSmall(count, rules)
		? { kind: 'fewer', than: rules.minGroup }
		: { kind: 'count', value: count };
}

const roundTo = (value: number, step: number): number =>
	Math.round(Math.round(value / step) * step * 1e9) / 1e9;

/**
 * `count ÷ over`, where `people` is how many distinct people the ratio is over (`over` may count
 * person-occurrences). Stricter than the note on one point: a ratio over 20 or more people whose
 * count (or its complement) is a group of 1-4 is rounded too, or the exact ratio times the known
 * total would give that small count back.
 */
export function releaseRatio(
	count: number,
	over: number,
	rules: PrivacyRules = defaultPrivacy,
	people = over
): ReleasedRatio {
	if (over <= 0 || people < rules.minGroup) return { kind: 'hidden' };
	const value = count / over;
	const coarse = people < rules.roundBelow || isSmall(count, rules) || isSmall(over - count, rules);
	return coarse
		? { kind: 'ratio', value: roundTo(value, rules.roundTo), rounded: true }
		: { kind: 'ratio', value, rounded: false };
}

/** A per-member figure (e.g. contributors per newcomer): hidden over too few, or from a small count. */
export function releasePerMember(
	count: number,
	members: number,
	rules: PrivacyRules = defaultPrivacy
): ReleasedRatio {
	if (members < rules.minGroup || isSmall(count, rules)) return { kind: 'hidden' };
	return { kind: 'ratio', value: roundTo(count / members, rules.roundTo), rounded: true };
}

export interface Cell {
	key: string;
	count: number;
}

export interface ReleasedGroup {
	/** The categories merged into this group (one when none was merged). */
	keys: string[];
	count: ReleasedCount;
}

export interface ReleasedBreakdown {
	groups: ReleasedGroup[];
	total: ReleasedCount;
	/** Some categories had to be merged. */
	merged: boolean;
}

/**
 * A breakdown hosts may see: every group released is 0 or at least `minGroup` (or the whole
 * breakdown is "fewer than"). A group of 1-4 is merged with a neighbour (`ordered`: levels, months)
 * or with the smallest other group, until none is left: merging rather than hiding means no
 * hidden cell exists to be recovered by subtraction, and the groups still add up to the total.
 */
export function releaseBreakdown(
	cells: readonly Cell[],
	rules: PrivacyRules = defaultPrivacy,
	ordered = true
): ReleasedBreakdown {
	const groups = cells.map((cell) => ({ keys: [cell.key], count: cell.count }));
	for (;;) {
		let small = -1;
		for (const [i, group] of groups.entries()) {
			if (isSmall(group.count, rules) && (small < 0 || group.count < groups[small]!.count))
				small = i;
		}
		if (small < 0 || groups.length === 1) break;
		const partner = ordered ? neighbour(groups, small) : smallestOther(groups, small);
		const [first, second] = small < partner ? [small, partner] : [partner, small];
		groups[first] = {
			keys: [...groups[first]!.keys, ...groups[second]!.keys],
			count: groups[first]!.count + groups[second]!.count
		};
		groups.splice(second, 1);
	}
	const total = cells.reduce((sum, cell) => sum + cell.count, 0);
	return {
		groups: groups.map((group) => ({ keys: group.keys, count: releaseCount(group.count, rules) })),
		total: releaseCount(total, rules),
		merged: groups.length < cells.length
	};
}

/**
 * The adjacent group to merge with: the smaller one that holds someone; when both are empty, the
 * one on the side of the nearest group that does (merging with an empty group alone cannot help).
 */
function neighbour(groups: readonly { count: number }[], i: number): number {
	const candidates = [i - 1, i + 1].filter((j) => j >= 0 && j < groups.length);
	const holding = candidates.filter((j) => groups[j]!.count > 0);
	if (holding.length > 0)
		return holding.reduce((best, j) => (groups[j]!.count < groups[best]!.count ? j : best));
	const distance = (step: number) => {
		for (let j = i + step, d = 1; j >= 0 && j < groups.length; j += step, d++)
			if (groups[j]!.count > 0) return d;
		return Infinity;
	};
	return candidates.length === 1 || distance(-1) <= distance(1) ? candidates[0]! : candidates[1]!;
}

function smallestOther(groups: readonly { count: number }[], i: number): number {
	let best = -1;
	for (const [j, group] of groups.entries()) {
		if (j === i) continue;
		const better =
			best < 0 ||
			(group.count > 0 && (groups[best]!.count === 0 || group.count < groups[best]!.count));
		if (better) best = j;
	}
	return best;
}
