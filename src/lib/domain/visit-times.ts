/**
 * Device times are facts, but implausible ones are clamped by whoever receives them
 * (`../shared/design/domain.md`, "Times"): more than 5 minutes ahead of the receiver's clock →
 * that clock; older than the offline limit (7 days) → that limit. A moved time flags the visit
 * for host review. The database applies the same rule (`app_private.clamp_device_time`); the
 * shared cases are in `tests/vectors/visit-rules.json`.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const OFFLINE_LIMIT_MS = 7 * 24 * 3600_000;

export function clampDeviceTime(at: string, receivedAt: string): { at: string; flagged: boolean } {
	const time = Date.parse(at);
	const received = Date.parse(receivedAt);
	if (time > received + FUTURE_TOLERANCE_MS) return { at: iso(received), flagged: true };
	if (time < received - OFFLINE_LIMIT_MS)
		return { at: iso(received - OFFLINE_LIMIT_MS), flagged: true };
	return { at, flagged: false };
}

const iso = (ms: number): string => new Date(ms).toISOString();
