/**
 * The scheduling form as typed (strings), from and to a series: what (kind, title, description,
 * place), when (first date, start and end times, recurrence, end date), places, roles and lead.
 * Checked field by field with the catalogue's limits; the rule is written with `formatRule`, and
 * the series starts on the first date on or after the chosen one that the rule matches.
 */
import { firstOccurrence } from '$lib/domain/rituals/occurrences';
import { ruleProblem } from '$lib/domain/rituals/recurrence';
import type { Proposal, Ritual, RitualKind, RitualRole } from '$lib/domain/types';
import { checkText, type Checked, type FieldErrors } from './field-errors';
import { checkRoles, roleDraftsOf, type RoleDraft } from './role-drafts';
import {
	choiceOfRule,
	monthWeekOf,
	ruleOfChoice,
	weekdayOf,
	type ScheduleChoice
} from './schedule-rule';

export interface RitualDraft extends ScheduleChoice {
	kind: string;
	title: string;
	description: string;
	place: string;
	/** The first date `YYYY-MM-DD` (the series starts on the first match on or after it). */
	date: string;
	/** `HH:MM`, local to the space. */
	startTime: string;
	endTime: string;
	/** '' for no limit. */
	capacity: string;
	roles: RoleDraft[];
	/** '' for nobody. */
	leadUserId: string;
}

/** The details of a series (what `ritual.update@1` changes). */
export interface RitualDetails {
	kind: string;
	title: string;
	description: string;
	place: string;
	durationMinutes: number;
	capacity: number | null;
	roles: RitualRole[];
	leadUserId: string | null;
}

/** When a series takes place: its rule and its first occurrence (local `YYYY-MM-DDTHH:MM`). */
export interface RitualSchedule {
	rrule: string;
	startsAt: string;
}

export type RitualValues = RitualDetails & RitualSchedule;

/** The catalogue's limits (`ritualFields` in `domain/mutations/catalogue.ts`). */
export const ritualLimits = {
	title: 120,
	description: 2000,
	place: 120,
	minDuration: 5,
	maxDuration: 24 * 60,
	capacity: 1000
} as const;

/** Minutes since midnight of `HH:MM`, or null. */
export function clockMinutes(text: string): number | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** `HH:MM` of minutes since midnight (wrapping past midnight). */
export function clockText(minutes: number): string {
	const wrapped = ((minutes % 1440) + 1440) % 1440;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(wrapped / 60))}:${pad(wrapped % 60)}`;
}

export const isCalendarDate = (date: string): boolean => {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
	const parsed = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};

/** A new series on `date`, of the space's first kind (with its default roles), weekly. */
export function newRitualDraft(date: string, kind: RitualKind | undefined): RitualDraft {
	return {
		kind: kind?.key ?? '',
		title: '',
		description: '',
		place: '',
		date,
		startTime: '12:30',
		endTime: '14:00',
		capacity: '',
		repeat: 'weekly',
		days: [weekdayOf(date)],
		nth: monthWeekOf(date),
		until: '',
		customRule: '',
		roles: roleDraftsOf(kind?.roles ?? []),
		leadUserId: ''
	};
}

/** A series (or a proposal) as the form shows it. */
export function ritualDraftOf(
	ritual: Pick<Ritual, 'kind' | 'title' | 'description' | 'place' | 'durationMinutes'> &
		Pick<Ritual, 'rrule' | 'startsAt' | 'roles'> &
		Partial<Pick<Ritual, 'capacity' | 'leadUserId'>>
): RitualDraft {
	const [date, startTime] = ritual.startsAt.split('T') as [string, string];
	const start = clockMinutes(startTime) ?? 0;
	return {
		kind: ritual.kind,
		title: ritual.title,
		description: ritual.description,
		place: ritual.place,
		date,
		startTime,
		endTime: clockText(start + ritual.durationMinutes),
		capacity: ritual.capacity == null ? '' : String(ritual.capacity),
		...choiceOfRule(ritual.rrule, ritual.startsAt),
		roles: roleDraftsOf(ritual.roles),
		leadUserId: ritual.leadUserId ?? ''
	};
}

/** A proposal as the host's scheduling form starts from it (places still to set). */
export const draftOfProposal = (proposal: Proposal): RitualDraft => ritualDraftOf(proposal);

/** Start and end times: the duration in minutes (errors under `startTime` and `endTime`). */
export function checkTimes(
	errors: FieldErrors,
	draft: { startTime: string; endTime: string }
): number {
	const start = clockMinutes(draft.startTime);
	const end = clockMinutes(draft.endTime);
	if (start === null) errors.startTime = { kind: 'time' };
	if (end === null) errors.endTime = { kind: 'time' };
	if (start === null || end === null) return 0;
	if (end <= start) errors.endTime = { kind: 'end_before_start' };
	else if (end - start < ritualLimits.minDuration) {
		errors.endTime = { kind: 'too_short', min: ritualLimits.minDuration };
	}
	return end - start;
}

function details(errors: FieldErrors, draft: RitualDraft): RitualDetails {
	if (draft.kind === '') errors.kind = { kind: 'required' };
	const title = checkText(errors, 'title', draft.title, ritualLimits.title, true);
	const description = checkText(
		errors,
		'description',
		draft.description,
		ritualLimits.description,
		false
	);
	const place = checkText(errors, 'place', draft.place, ritualLimits.place, false);
	const durationMinutes = checkTimes(errors, draft);
	let capacity: number | null = null;
	const typed = draft.capacity.trim();
	if (typed !== '') {
		capacity = /^\d{1,7}$/.test(typed) ? Number(typed) : NaN;
		if (!(capacity >= 1 && capacity <= ritualLimits.capacity)) {
			errors.capacity = { kind: 'range', min: 1, max: ritualLimits.capacity };
		}
	}
	const roles = checkRoles(errors, 'roles', draft.roles);
	const leadUserId = draft.leadUserId === '' ? null : draft.leadUserId;
	return {
		kind: draft.kind,
		title,
		description,
		place,
		durationMinutes,
		capacity,
		roles,
		leadUserId
	};
}

function schedule(
	errors: FieldErrors,
	draft: RitualDraft,
	timeZone: string,
	notBefore: string | undefined
): RitualSchedule {
	const out = { rrule: '', startsAt: '' };
	if (!isCalendarDate(draft.date)) errors.date = { kind: 'date' };
	else if (notBefore !== undefined && draft.date < notBefore) {
		errors.date = { kind: 'before_split', date: notBefore };
	}
	const until = draft.repeat === 'once' ? '' : draft.until;
	if (until !== '' && !isCalendarDate(until)) errors.until = { kind: 'date' };
	else if (until !== '' && isCalendarDate(draft.date) && until < draft.date) {
		errors.until = { kind: 'until_before_start' };
	}
	const dated = !errors.date || errors.date.kind === 'before_split';
	const rrule = dated ? ruleOfChoice({ ...draft, until }, draft.date) : null;
	if ((draft.repeat === 'weekly' || draft.repeat === 'fortnightly') && draft.days.length === 0) {
		errors.days = { kind: 'no_days' };
	} else if (dated && rrule === null) errors.repeat = { kind: 'rule' };
	const time = clockMinutes(draft.startTime);
	if (rrule === null || time === null || errors.date || errors.until) return out;
	const chosen = `${draft.date}T${draft.startTime}`;
	const first = firstOccurrence({ rrule, startsAt: chosen, durationMinutes: 60 }, timeZone);
	if (first === null) {
		if (until !== '') errors.until = { kind: 'no_occurrence' };
		else errors.repeat = { kind: 'rule' };
		return out;
	}
	if (ruleProblem(rrule, first.local) !== null) {
		errors.until = { kind: 'no_occurrence' };
		return out;
	}
	return { rrule, startsAt: first.local };
}

/**
 * The whole form checked: the series' details and schedule, or the errors by field. `notBefore`
 * (a split): the first date may not be earlier.
 */
export function checkRitualDraft(
	draft: RitualDraft,
	timeZone: string,
	notBefore?: string
): Checked<RitualValues> {
	const errors: FieldErrors = {};
	const values = { ...details(errors, draft), ...schedule(errors, draft, timeZone, notBefore) };
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: values };
}

/** The schedule only (its summary while the host types). */
export function checkRitualSchedule(
	draft: RitualDraft,
	timeZone: string,
	notBefore?: string
): Checked<RitualSchedule> {
	const errors: FieldErrors = {};
	checkTimes(errors, draft);
	const values = schedule(errors, draft, timeZone, notBefore);
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: values };
}

/** The details only (the whole series: its schedule changes through a split). */
export function checkRitualDetails(draft: RitualDraft): Checked<RitualDetails> {
	const errors: FieldErrors = {};
	const values = details(errors, draft);
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: values };
}
