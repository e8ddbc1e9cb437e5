import type { AuthErrorKind } from '$lib/remote/types';
import { m } from '$lib/paraglide/messages';

/** The translated sentence for a failed sign-in step. */
export function authErrorMessage(kind: AuthErrorKind): string {
	switch (kind) {
		case 'invalid_email':
			return m.auth_error_invalid_email();
		case 'invalid_code':
			return m.auth_error_invalid_code();
		case 'rate_limited':
			return m.auth_error_rate_limited();
		case 'network':
			return m.auth_error_network();
		default:
			return m.auth_error_unknown();
	}
}
