import * as v from 'valibot';
import { ruleProblem } from '../rituals/recurrence';

/** Building blocks of mutation argument schemas; the server re-validates the same limits. */

export const id = v.pipe(v.string(), v.uuid());
/** A real calendar date (the format alone lets 30 February through). */
const isCalendarDate = (date: string): boolean => {
	const parsed = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};

/** An instant in UTC as `Date.toISOString()` writes it. */
export const instant = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/, 'not a UTC instant'),
	v.check((value) => isCalendarDate(value.slice(0, 10)), 'not a calendar date')
);
export const localDate = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date'),
	v.check(isCalendarDate, 'not a calendar date')
);
export const localDateTime = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'not a local date and time'),
	v.check((value) => isCalendarDate(value.slice(0, 10)), 'not a calendar date')
);
/** Invitation codes: 8 characters, capitals and digits without look-alikes (0/O, 1/I). */
export const invitationCode = v.pipe(
	v.string(),
	v.regex(/^[A-HJ-NP-Z2-9]{8}$/, 'not an invitation code')
);
/** A space's check-in key (QR posters): 128 random bits in base64url, 22 characters. */
export const checkinKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, 'not a check-in key'));
export const invitationAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const clockTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/));

const noControlChars = v.check(
	// eslint-disable-next-line no-control-regex
	(value: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value),
	'control characters are not allowed'
);

/** A trimmed, non-empty line of text of at most `max` characters. */
export const label = (max: number) =>
	v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max), noControlChars);

/** Free text that may be empty (descriptions, notes). */
export const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max), noControlChars);

export const int = (min: number, max: number) =>
	v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const timeZone = v.pipe(
	v.string(),
	v.check((zone) => isTimeZone(zone), 'unknown time zone')
);

/**
 * An IANA zone name spelled as the tz database writes it (`Europe/Paris`,
 * `America/Argentina/Buenos_Aires`, `UTC`). `Intl` also accepts other spellings (`europe/paris`,
 * `EUROPE/PARIS`, offsets such as `+01:00`) that the server's list refuses. (Comparing with
 * `resolvedOptions().timeZone` would not do: ICU turns `Asia/Kolkata` into `Asia/Calcutta`.)
 */
function isTimeZone(zone: string): boolean {
	if (!/^[A-Z][\w+-]*(\/[A-Z][\w+-]*)*$/.test(zone)) return false;
	if (zone.includes('/') && zone === zone.toUpperCase()) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

export const billingRules = v.strictObject({
	incrementMinutes: int(1, 1440),
	rounding: v.picklist(['up', 'nearest']),
	graceMinutes: int(0, 1440),
	minimumMinutes: int(0, 1440),
	dailyCapMinutes: v.nullable(int(1, 1440))
});

/** A key for a ritual kind or a role: lowercase letters, digits and dashes (`meal`, `dessert`). */
export const key = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'not a key'));

export const ritualRole = v.strictObject({
	key,
	label: label(60),
	slots: int(1, 50),
	// Absent in rituals scheduled before co-animation roles were told apart: a role that brings.
	animates: v.optional(v.boolean(), false)
});

/** At most 20 roles, each key once. */
export const ritualRoles = v.pipe(
	v.array(ritualRole),
	v.maxLength(20),
	v.check(
		(roles) => new Set(roles.map((role) => role.key)).size === roles.length,
		'a role key appears twice'
	)
);

/** A recurrence rule of the supported subset (`domain/rituals/recurrence.ts`). */
export const rrule = v.pipe(
	label(500),
	v.check((text) => ruleProblem(text) === null, 'not a supported recurrence rule')
);
