/** Rituals in words: places, roles, a member's own status, days and times in the space's zone. */
import type { ScheduledOccurrence } from '$lib/domain/rituals/occurrences';
import type { OccurrenceSeats, RoleFill, Seat } from '$lib/domain/rituals/signups';
import { addDays, zonedInstant } from '$lib/domain/time';
import { formatTime } from '$lib/ui/format';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

/** The singular or plural message for `count`, by the reader's language rules (0 is singular in French). */
export function plural<I extends { count: unknown }>(
	count: number,
	one: (inputs: I) => string,
	other: (inputs: I) => string,
	inputs: Omit<I, 'count'>
): string {
	const form = pluralRules().select(count) === 'one' ? one : other;
	return form({ ...inputs, count } as unknown as I);
}

const rules = new Map<string, Intl.PluralRules>();
function pluralRules(): Intl.PluralRules {
	const locale = getLocale();
	let found = rules.get(locale);
	if (!found) rules.set(locale, (found = new Intl.PluralRules(locale)));
	return found;
}

const counted = (
	count: number,
	one: (inputs: { count: number }) => string,
	other: (inputs: { count: number }) => string
) => plural(count, one, other, {});

/** "3 places", "Complet · liste d'attente : 2", or who is coming when there is no limit. */
export function capacityText(seats: OccurrenceSeats): string {
	if (seats.placesLeft === null) return comingText(seats.confirmed);
	if (seats.placesLeft > 0) {
		return counted(seats.placesLeft, m.rituals_places_one, m.rituals_places_other);
	}
	return seats.waitlisted > 0
		? m.rituals_full_waitlist({ count: seats.waitlisted })
		: m.rituals_full();
}

/** "8 personnes viennent", or an invitation when nobody does yet. */
export const comingText = (count: number): string =>
	count === 0
		? m.rituals_coming_none()
		: counted(count, m.rituals_coming_one, m.rituals_coming_other);

/** The chip of an open role: "Dessert : 1 place". */
export const openRoleText = (role: Pick<RoleFill, 'label' | 'open'>): string =>
	plural(role.open, m.rituals_role_open_one, m.rituals_role_open_other, { role: role.label });

/**
 * Roles with a free slot: the invitation to co-animate. A slot someone took on this device, not
 * synced yet, is not offered again (the server may still give it to someone else first).
 */
export const openRoles = (seats: OccurrenceSeats): RoleFill[] =>
	seats.roles
		.map((role) => ({ ...role, open: Math.max(0, role.open - role.pending) }))
		.filter((role) => role.open > 0);

export type StatusTone = 'ok' | 'wait' | 'pending';

/** A member's own status at an occurrence, in a few words, with its tone. */
export function myStatusText(seat: Seat): { text: string; tone: StatusTone } {
	if (seat.status === 'pending') return { text: m.ritual_me_pending(), tone: 'pending' };
	if (seat.status === 'waitlisted') {
		return { text: m.ritual_me_waitlisted({ position: seat.position ?? 0 }), tone: 'wait' };
	}
	const text = seat.role
		? m.ritual_me_confirmed_role({ role: seat.role.label })
		: m.ritual_me_confirmed();
	return { text, tone: seat.roleStatus === 'pending' ? 'pending' : 'ok' };
}

/** Said when a confirmed member's role was already covered by others: they keep their place. */
export const roleCoveredText = (seat: Seat): string | null =>
	seat.status === 'confirmed' && seat.role && seat.roleStatus === 'over'
		? m.ritual_me_role_covered({ role: seat.role.label })
		: null;

/** "12:30 – 14:00" in the space's zone. */
export const timeRange = (
	occurrence: Pick<ScheduledOccurrence, 'startsAt' | 'endsAt'>,
	zone: string
) =>
	m.rituals_time_range({
		start: formatTime(occurrence.startsAt, zone),
		end: formatTime(occurrence.endsAt, zone)
	});

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** "jeudi 10 décembre" for a local date `YYYY-MM-DD` (already in the space's zone). */
export function longDate(date: string): string {
	const locale = getLocale();
	let format = dateFormats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, {
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			timeZone: 'UTC'
		});
		dateFormats.set(locale, format);
	}
	return format.format(new Date(`${date}T12:00:00Z`));
}

/** "Aujourd'hui", "Demain", or null for other days. */
export function relativeDay(date: string, today: string): string | null {
	if (date === today) return m.rituals_today();
	if (date === addDays(today, 1)) return m.rituals_tomorrow();
	return null;
}

/** "aujourd'hui", "demain" or "jeudi 10 décembre", inside a sentence. */
export function dayInSentence(date: string, today: string): string {
	const relative = relativeDay(date, today);
	return relative ? relative.toLocaleLowerCase(getLocale()) : longDate(date);
}

/** A local `YYYY-MM-DDTHH:MM` of the space's zone as "jeudi 10 décembre, 12:30". */
export function localWhen(local: string, zone: string): string {
	const instant = zonedInstant(
		local.slice(0, 10),
		Number(local.slice(11, 13)),
		Number(local.slice(14, 16)),
		zone
	);
	return `${longDate(local.slice(0, 10))}, ${formatTime(instant, zone)}`;
}
