/**
 * Columns of integers that grow as facts are appended, and the two passes the compact form is
 * built with: a stable counting sort and grouping into offsets (compressed sparse rows). Both are
 * linear: sorting tens of thousands of rows with a comparator costs several milliseconds.
 */

export class IntColumn {
	data: Int32Array;
	length = 0;

	constructor(capacity = 64) {
		this.data = new Int32Array(capacity);
	}

	push(value: number): number {
		if (this.length === this.data.length) {
			const grown = new Int32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length] = value;
		return this.length++;
	}

	get(index: number): number {
		return this.data[index]!;
	}

	set(index: number, value: number): void {
		this.data[index] = value;
	}
}

/** Past this many distinct keys a comparator sort is cheaper than counting. */
const COUNTING_RANGE_MAX = 1 << 20;

/**
 * The row indices `rows` (or 0…n−1) ordered by `key(row)`, stable: rows with equal keys keep
 * their order.
 */
export function sortRows(
	count: number,
	key: (row: number) => number,
	rows?: ArrayLike<number>
): Int32Array {
	const order = new Int32Array(count);
	if (count === 0) return order;
	const keys = new Float64Array(count);
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < count; i++) {
		const k = key(rows ? rows[i]! : i);
		keys[i] = k;
		if (k < min) min = k;
		if (k > max) max = k;
	}
	if (max - min < COUNTING_RANGE_MAX) {
		const offsets = new Int32Array(max - min + 2);
		for (let i = 0; i < count; i++) offsets[keys[i]! - min + 1]!++;
		for (let b = 1; b < offsets.length; b++) offsets[b]! += offsets[b - 1]!;
		for (let i = 0; i < count; i++) order[offsets[keys[i]! - min]!++] = rows ? rows[i]! : i;
		return order;
	}
	const positions = Array.from({ length: count }, (_, i) => i).sort(
		(a, b) => keys[a]! - keys[b]! || a - b
	);
	positions.forEach((position, i) => (order[i] = rows ? rows[position]! : position));
	return order;
}

/** Rows grouped by a small integer key: group g holds `items[offsets[g] … offsets[g+1])`. */
export interface Groups {
	offsets: Int32Array;
	items: Int32Array;
}

/** Groups `rows` (in their given order, kept within each group) by `group(row)` ∈ [0, groups). */
export function groupRows(
	rows: ArrayLike<number>,
	groups: number,
	group: (row: number) => number
): Groups {
	const offsets = new Int32Array(groups + 1);
	for (let i = 0; i < rows.length; i++) offsets[group(rows[i]!) + 1]!++;
	for (let g = 1; g <= groups; g++) offsets[g]! += offsets[g - 1]!;
	const cursor = offsets.slice(0, groups);
	const items = new Int32Array(rows.length);
	for (let i = 0; i < rows.length; i++) items[cursor[group(rows[i]!)]!++] = rows[i]!;
	return { offsets, items };
}

/** 0, 1, … n − 1. */
export function identity(n: number): Int32Array {
	const rows = new Int32Array(n);
	for (let i = 0; i < n; i++) rows[i] = i;
	return rows;
}

/** First index in `values[from, to)` (sorted ascending) holding a value > `value`. */
export function upperBound(
	values: ArrayLike<number>,
	from: number,
	to: number,
	value: number
): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (values[mid]! <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
