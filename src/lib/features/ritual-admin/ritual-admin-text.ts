/** How the ritual host screens word parts, statuses and sources. */
import type { AttendancePart, ProposalStatus } from '$lib/domain/types';
import { m } from '$lib/paraglide/messages';
import type { AttendanceSource } from './attendance-view';

export const partLabel: Record<AttendancePart, () => string> = {
	attended: m.host_attendance_part_attended,
	contributed: m.host_attendance_part_contributed,
	coanimated: m.host_attendance_part_coanimated,
	led: m.host_attendance_part_led
};

export const sourceLabel: Record<AttendanceSource, () => string> = {
	marked: m.host_attendance_source_marked,
	checked_in: m.host_attendance_source_checked_in,
	signed_up: m.host_attendance_source_signed_up,
	lead: m.host_attendance_source_lead,
	walk_in: m.host_attendance_source_walk_in
};

export const proposalStatusLabel: Record<ProposalStatus, () => string> = {
	open: m.host_proposal_status_open,
	accepted: m.host_proposal_status_accepted,
	declined: m.host_proposal_status_declined,
	withdrawn: m.host_proposal_status_withdrawn
};
