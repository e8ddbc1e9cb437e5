import { memberHoursData } from '$lib/db/hours';
import { memberHours, type MemberHours, type MemberHoursInput } from '$lib/domain/member-hours';
import type { Space } from '$lib/domain/types';
import type { CollectifDB } from '$lib/db/database';

/** The name of the User Timing measure of each read (`npm run bench`, budget #9). */
export const MEMBER_HOURS_MEASURE = 'collectif:member-hours';

/**
 * A member's balance and history: their contracts, visits and adjustments in the space, read in
 * one go, then billed and drawn (`memberHours`). Each read is measured (User Timing), so the bench
 * reads real figures from the real screens. The facts read come back too (`input`), so a screen
 * can bill an open visit up to a later minute without reading them again (`hoursAt`).
 */
export async function readMemberHours(
	db: CollectifDB,
	space: Space,
	userId: string,
	now = new Date()
): Promise<{ hours: MemberHours; input: MemberHoursInput }> {
	const start = performance.now();
	const input = { space, ...(await memberHoursData(db, space.id, userId)), now };
	const hours = memberHours(input);
	performance.measure(MEMBER_HOURS_MEASURE, { start });
	return { hours, input };
}

/**
 * The hours of a read as of `now`: the same result while nobody is present; with an open visit,
 * billed again up to `now` from the facts already read (no new read).
 */
export function hoursAt(read: { hours: MemberHours; input: MemberHoursInput }, now: Date) {
	if (!read.hours.open || now.getTime() <= read.input.now.getTime()) return read.hours;
	return memberHours({ ...read.input, now });
}
