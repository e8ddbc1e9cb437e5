/**
 * Optional momentum after Orbit's "gravity": weighted commitment WC = Σ_ℓ ω_ℓ²·n_ℓ over the members
 * per level, and G = (WC(t) − WC(t − 30 days)) / N. Only the trend means anything: no target.
 */

/** WC of the members per level 0-3. */
export function weightedCommitment(
	membersPerLevel: readonly number[],
	weights: readonly number[] = [1, 4, 7, 10]
): number {
	return membersPerLevel.reduce((sum, n, level) => sum + (weights[level] ?? 0) ** 2 * n, 0);
}

/** G: the change of WC per member; null without members. */
export function gravity(now: number, before: number, members: number): number | null {
	return members > 0 ? (now - before) / members : null;
}
