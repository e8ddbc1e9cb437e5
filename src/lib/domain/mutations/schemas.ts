import * as v from 'valibot';

/** Building blocks of mutation argument schemas; the server re-validates the same limits. */

export const id = v.pipe(v.string(), v.uuid());
export const instant = v.pipe(v.string(), v.isoTimestamp());
export const localDate = v.pipe(v.string(), v.isoDate());
export const localDateTime = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/));
export const clockTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/));

const noControlChars = v.check<string>(
	// eslint-disable-next-line no-control-regex
	(value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value),
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

function isTimeZone(zone: string): boolean {
	if (!zone) return false;
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

export const ritualRole = v.strictObject({
	key: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/)),
	label: label(60),
	slots: int(1, 50)
});
