// Small statistics helpers shared by the measurements. Sorting copies, so callers keep their
// samples in the order they were taken (the JSON keeps them raw).

/** @param {number[]} values */
function sorted(values) {
	if (values.length === 0) throw new Error('no samples');
	return [...values].sort((a, b) => a - b);
}

/**
 * Median; the mean of the two middle samples when the count is even.
 * @param {number[]} values
 */
export function median(values) {
	const s = sorted(values);
	const mid = Math.floor(s.length / 2);
	const upper = s[mid] ?? NaN;
	return s.length % 2 ? upper : ((s[mid - 1] ?? NaN) + upper) / 2;
}

/**
 * Nearest-rank percentile (no interpolation): with few samples, p95 is honestly the worst one
 * instead of a value that was never observed.
 * @param {number[]} values
 * @param {number} p between 0 and 100
 */
export function percentile(values, p) {
	const s = sorted(values);
	const rank = Math.max(1, Math.ceil((p / 100) * s.length));
	return s[rank - 1] ?? NaN;
}

/** @param {number[]} values */
export function min(values) {
	return sorted(values)[0] ?? NaN;
}

/** @param {number[]} values */
export function max(values) {
	return sorted(values).at(-1) ?? NaN;
}

/**
 * Index of the sample closest to the median, to keep one representative run (e.g. its report).
 * @param {number[]} values
 */
export function indexNearestMedian(values) {
	const m = median(values);
	let best = 0;
	values.forEach((v, i) => {
		if (Math.abs(v - m) < Math.abs((values[best] ?? Infinity) - m)) best = i;
	});
	return best;
}
