/**
 * Why a mutation was refused. Each code has a translated message (`error_<code>` in
 * `messages/*.json`); the same codes come back from the server's `sync_push` results.
 */
export type MutationErrorCode =
	| 'unknown_mutation'
	| 'invalid_args'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	| 'storage_full'
	| 'storage_failed';

export interface MutationIssue {
	/** Dotted path of the offending argument, `''` for the whole object. */
	path: string;
	message: string;
}

export class MutationError extends Error {
	readonly code: MutationErrorCode;
	/** Which rule refused it (`qr_key`, `too_late`…), as the server's result detail says. */
	readonly detail: string;
	readonly issues: readonly MutationIssue[];

	constructor(code: MutationErrorCode, detail = '', issues: readonly MutationIssue[] = []) {
		super(detail ? `${code}: ${detail}` : code);
		this.name = 'MutationError';
		this.code = code;
		this.detail = detail;
		this.issues = issues;
	}
}
