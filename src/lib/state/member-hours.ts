import { memberHoursData } from '$lib/db/hours';
import { memberHours, type MemberHours } from '$lib/domain/member-hours';
import type { Space } from '$lib/domain/types';
import type { CollectifDB } from '$lib/db/database';

/** The name of the User Timing measure of each read (`npm run bench`, budget #9). */
export const MEMBER_HOURS_MEASURE = 'collectif:member-hours';

/**
 * A member's balance and history: their contracts, visits and adjustments in the space, read in
 * one go, then billed and drawn (`memberHours`). Each read is measured (User Timing), so the bench
 * reads real figures from the real screens.
 */
export async function readMemberHours(
	db: CollectifDB,
	space: Space,
	userId: string,
	now = new Date()
): Promise<MemberHours> {
	const start = performance.now();
	const data = await memberHoursData(db, space.id, userId);
	const hours = memberHours({ space, ...data, now });
	performance.measure(MEMBER_HOURS_MEASURE, { start });
	return hours;
}
