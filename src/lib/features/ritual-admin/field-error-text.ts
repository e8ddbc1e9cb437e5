/** The sentence under a field of the ritual forms. */
import { fieldErrorText } from '$lib/features/host/host-text';
import { formatDate } from '$lib/ui/format';
import { m } from '$lib/paraglide/messages';
import type { RitualFieldError } from './field-errors';

export function ritualErrorText(error: RitualFieldError | undefined): string {
	switch (error?.kind) {
		case 'date':
			return m.host_ritual_error_date();
		case 'time':
			return m.host_ritual_error_time();
		case 'end_before_start':
			return m.host_ritual_error_end_before_start();
		case 'too_short':
			return m.host_ritual_error_too_short({ min: error.min });
		case 'no_days':
			return m.host_ritual_error_no_days();
		case 'until_before_start':
			return m.host_ritual_error_until_before_start();
		case 'no_occurrence':
			return m.host_ritual_error_no_occurrence();
		case 'before_split':
			return m.host_ritual_error_before_split({ date: formatDate(error.date) });
		case 'rule':
			return m.host_ritual_error_rule();
		case 'too_many':
			return m.host_ritual_error_too_many({ max: error.max });
		case 'none':
			return m.host_ritual_error_none();
		case 'unchanged':
			return m.host_ritual_error_unchanged();
		default:
			return fieldErrorText(error);
	}
}
