import { correctionRefusal, type CorrectionRefusal } from '$lib/domain/auto-close';
import type { Visit } from '$lib/domain/types';
import { addDays, localDateOf, localMinutesOf, zonedInstant } from '$lib/domain/time';
import { m } from '$lib/paraglide/messages';
import { formatTime } from './format';

/**
 * Correcting the end of a visit closed automatically: the member types a wall-clock time
 * (`<input type="time">`, "HH:MM") in the space's time zone; it means the first such time after
 * the visit started (a visit started at 21:00 and left at 01:30 ends the next day).
 */

const clockTime = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" of an instant on the wall clock of `timeZone` (an input's value). */
export function localTimeOf(instant: string, timeZone: string): string {
	const minutes = localMinutesOf(instant, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The instant a visit started at `startedAt` ended, given the time read on the space's clock:
 * that time on the day the visit started, or on the next day if it is earlier than the start
 * (to the minute). Null for a value that is not a time (an empty input).
 */
export function endFromLocalTime(startedAt: string, time: string, timeZone: string): string | null {
	const match = clockTime.exec(time.trim());
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	const day = localDateOf(startedAt, timeZone);
	const sameDay = zonedInstant(day, hours, minutes, timeZone);
	const startMinute = Math.floor(Date.parse(startedAt) / 60_000) * 60_000;
	if (Date.parse(sameDay) >= startMinute) return sameDay;
	return zonedInstant(addDays(day, 1), hours, minutes, timeZone);
}

/** Why a correction cannot be made, in words (`correctionRefusal`, or the server's detail). */
export function refusalText(
	refusal: CorrectionRefusal | string,
	visit: { startedAt: string; endedAt: string | null },
	timeZone: string
): string {
	switch (refusal) {
		case 'before_start':
			return m.hours_refused_before_start({ time: formatTime(visit.startedAt, timeZone) });
		case 'after_auto_close':
			return m.hours_refused_after_auto_close({
				time: visit.endedAt ? formatTime(visit.endedAt, timeZone) : '—'
			});
		case 'too_late':
			return m.hours_refused_too_late();
		case 'already_reviewed':
			return m.hours_refused_already_reviewed();
		default:
			return m.hours_refused_other();
	}
}

/**
 * Checks a corrected end typed by the member, as the handler will: the instant to send, or the
 * sentence to show. A time earlier than the arrival, read as the next day and so past the
 * automatic close, is refused as "before the arrival" (what the member most likely typed).
 */
export function correctedEnd(
	visit: Visit,
	time: string,
	timeZone: string,
	by: { userId: string; host: boolean },
	now: Date
): { ok: true; endedAt: string } | { ok: false; text: string } {
	const endedAt = endFromLocalTime(visit.startedAt, time, timeZone);
	if (endedAt === null) return { ok: false, text: m.hours_time_required() };
	let refusal = correctionRefusal(visit, { startedAt: visit.startedAt, endedAt }, by, now);
	const nextDay = localDateOf(endedAt, timeZone) !== localDateOf(visit.startedAt, timeZone);
	if (refusal === 'after_auto_close' && nextDay) refusal = 'before_start';
	return refusal === null
		? { ok: true, endedAt }
		: { ok: false, text: refusalText(refusal, visit, timeZone) };
}
