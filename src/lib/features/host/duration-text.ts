/**
 * Durations as hosts type them: `1:30`, `1h30`, `1 h 30`, `2h`, `1,5 h` (hours and minutes) or
 * `45` (minutes). Returns whole minutes, or null when the text is not a duration.
 */
export function parseMinutes(text: string): number | null {
	const value = text.trim().toLowerCase().replace(/\s+/g, '');
	if (value === '') return null;
	let match = /^(\d{1,5})$/.exec(value);
	if (match) return Number(match[1]);
	match = /^(\d{1,4})(?::|h)(\d{1,2})?(?:min|m)?$/.exec(value);
	if (match) {
		const minutes = Number(match[2] ?? 0);
		return minutes < 60 ? Number(match[1]) * 60 + minutes : null;
	}
	match = /^(\d{1,4})[.,](\d{1,2})h$/.exec(value);
	if (match) return Math.round(Number(`${match[1]}.${match[2]}`) * 60);
	match = /^(\d{1,5})(?:min|m)$/.exec(value);
	if (match) return Number(match[1]);
	return null;
}

/** `90` → `1:30`, `-45` → `-0:45`: the form a host can type back. */
export function formatHoursMinutes(minutes: number): string {
	const sign = minutes < 0 ? '-' : '';
	const total = Math.abs(Math.round(minutes));
	return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
