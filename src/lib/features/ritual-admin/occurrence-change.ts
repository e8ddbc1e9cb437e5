/**
 * Changing one date of a series (`occurrence.change@1`): moved, longer or shorter, elsewhere,
 * cancelled or restored, with a message to those signed up. Only what differs from the series is
 * sent (null: as the series says), so restoring is a change with nothing left.
 */
import type { MutationArgs } from '$lib/domain/mutations/catalogue';
import type { ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { Ritual } from '$lib/domain/types';
import { checkText, type Checked, type FieldErrors } from './field-errors';
import { checkTimes, clockMinutes, clockText, isCalendarDate, ritualLimits } from './ritual-form';

export interface OccurrenceChangeDraft {
	date: string;
	startTime: string;
	endTime: string;
	place: string;
	message: string;
}

export interface OccurrenceOverrides {
	startsAt: string | null;
	durationMinutes: number | null;
	place: string | null;
}

export const MAX_MESSAGE = 500;

/** The date as it stands now (with its change, if any), for the host to adjust. */
export function occurrenceChangeDraftOf(occurrence: ScheduledOccurrence): OccurrenceChangeDraft {
	const local = occurrence.change?.startsAt ?? occurrence.key;
	const [date, startTime] = local.split('T') as [string, string];
	const start = clockMinutes(startTime) ?? 0;
	return {
		date,
		startTime,
		endTime: clockText(start + occurrence.durationMinutes),
		place: occurrence.place,
		message: ''
	};
}

/** What differs from the series, or the errors (`change` when nothing differs from now). */
export function checkOccurrenceChange(
	draft: OccurrenceChangeDraft,
	ritual: Pick<Ritual, 'durationMinutes' | 'place'>,
	occurrence: Pick<ScheduledOccurrence, 'key' | 'change'>
): Checked<OccurrenceOverrides & { message: string }> {
	const errors: FieldErrors = {};
	if (!isCalendarDate(draft.date)) errors.date = { kind: 'date' };
	const duration = checkTimes(errors, draft);
	const place = checkText(errors, 'place', draft.place, ritualLimits.place, false);
	const message = checkText(errors, 'message', draft.message, MAX_MESSAGE, false);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	const startsAt = `${draft.date}T${draft.startTime}`;
	const overrides: OccurrenceOverrides = {
		startsAt: startsAt === occurrence.key ? null : startsAt,
		durationMinutes: duration === ritual.durationMinutes ? null : duration,
		place: place === ritual.place ? null : place
	};
	const now = occurrence.change;
	const same =
		overrides.startsAt === (now?.startsAt ?? null) &&
		overrides.durationMinutes === (now?.durationMinutes ?? null) &&
		overrides.place === (now?.place ?? null) &&
		!now?.cancelled;
	if (same) return { ok: false, errors: { change: { kind: 'unchanged' } } };
	return { ok: true, value: { ...overrides, message } };
}

/** The mutation's arguments; a cancellation or a restoration carries no override. */
export function changeArgs(
	spaceId: string,
	ritualId: string,
	occurrence: Pick<ScheduledOccurrence, 'key' | 'change'>,
	action: { kind: 'move'; overrides: OccurrenceOverrides } | { kind: 'cancel' | 'restore' },
	message: string,
	newId: () => string
): MutationArgs<'occurrence.change@1'> {
	const none: OccurrenceOverrides = { startsAt: null, durationMinutes: null, place: null };
	return {
		spaceId,
		changeId: occurrence.change?.id ?? newId(),
		ritualId,
		occurrence: occurrence.key,
		cancelled: action.kind === 'cancel',
		...(action.kind === 'move' ? action.overrides : none),
		message: message.trim()
	};
}
