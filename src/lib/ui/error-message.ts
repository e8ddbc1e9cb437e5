import type { MutationError } from '$lib/domain/mutations/errors';
import { m } from '$lib/paraglide/messages';

/** The translated sentence for a refused change, naming the fields at fault when there are any. */
export function errorMessage(error: MutationError): string {
	switch (error.code) {
		case 'unknown_mutation':
			return m.error_unknown_mutation();
		case 'invalid_args': {
			const fields = [...new Set(error.issues.map((issue) => issue.path || '—'))].join(', ');
			return m.error_invalid_args({ fields: fields || '—' });
		}
		case 'forbidden':
			return m.error_forbidden();
		case 'not_found':
			return m.error_not_found();
		case 'conflict':
			return m.error_conflict();
		case 'storage_full':
			return m.error_storage_full();
		case 'storage_failed':
			return m.error_storage_failed();
	}
}
