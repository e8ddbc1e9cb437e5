/** The arguments of the ritual mutations, from the checked form's values. */
import type { MutationArgs } from '$lib/domain/mutations/catalogue';
import type { RitualDetails, RitualValues } from './ritual-form';

export const createArgs = (
	spaceId: string,
	ritualId: string,
	values: RitualValues
): MutationArgs<'ritual.create@1'> => ({ spaceId, ritualId, ...values });

export const updateArgs = (
	spaceId: string,
	ritualId: string,
	values: RitualDetails
): MutationArgs<'ritual.update@1'> => ({ spaceId, ritualId, ...values });

/** "This date and the following": a new series from the occurrence `from` on. */
export const splitArgs = (
	spaceId: string,
	ritualId: string,
	newRitualId: string,
	from: string,
	values: RitualValues,
	message: string
): MutationArgs<'ritual.split@1'> => ({
	spaceId,
	ritualId,
	newRitualId,
	from,
	...values,
	message: message.trim()
});

/** A member's proposal: no places (the host sets them), no lead (`willLead` says). */
export function proposalArgs(
	spaceId: string,
	proposalId: string,
	values: RitualValues,
	willLead: boolean,
	at: string
): MutationArgs<'proposal.create@1'> {
	const { kind, title, description, place, durationMinutes, rrule, startsAt, roles } = values;
	return {
		spaceId,
		proposalId,
		kind,
		title,
		description,
		place,
		durationMinutes,
		rrule,
		startsAt,
		roles,
		willLead,
		at
	};
}

/** A host accepts a proposal: the series as settled (the proposer leads it if they offered). */
export function acceptArgs(
	spaceId: string,
	proposalId: string,
	ritualId: string,
	values: RitualValues,
	message: string
): MutationArgs<'proposal.accept@1'> {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the lead is the proposer's offer
	const { leadUserId, ...fields } = values;
	return { spaceId, proposalId, ritualId, ...fields, message: message.trim() };
}
