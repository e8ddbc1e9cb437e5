/** Where the ritual screens lead (query parameters name a series and one of its occurrences). */
import { resolve } from '$app/paths';

const query = (ritualId: string, at: string) => new URLSearchParams({ ritual: ritualId, at });

/** The occurrence's page (members' side): where a host comes from and goes back to. */
export const occurrencePath = (ritualId: string, at: string) =>
	resolve(`/rituals/occurrence?${query(ritualId, at).toString()}`);

export const editPath = (ritualId: string, at: string) =>
	resolve(`/rituals/edit?${query(ritualId, at).toString()}`);

export const attendancePath = (ritualId: string, at: string) =>
	resolve(`/rituals/attendance?${query(ritualId, at).toString()}`);

/** The scheduling form, starting from a member's proposal. */
export const acceptPath = (proposalId: string) =>
	resolve(`/rituals/new?${new URLSearchParams({ proposal: proposalId }).toString()}`);
