import * as v from 'valibot';
import { catalogue, isMutationName, type MutationArgs, type MutationName } from './catalogue';

// The db layer loads this module on demand with the catalogue it checks against.
export { catalogue };
import { MutationError } from './errors';

/** A mutation as a caller asks for it, before validation. */
export interface MutationRequest {
	name: string;
	args: unknown;
}

export interface ValidMutation<N extends MutationName = MutationName> {
	name: N;
	args: MutationArgs<N>;
}

/**
 * Checks a request against the catalogue; returns the parsed (trimmed) arguments or throws a
 * `MutationError` (`unknown_mutation` or `invalid_args` with one issue per bad field).
 */
export function validateMutation(request: MutationRequest): ValidMutation {
	const { name, args } = request;
	if (typeof name !== 'string' || !isMutationName(name)) {
		throw new MutationError('unknown_mutation', String(name));
	}
	const result = v.safeParse(catalogue[name].args, args);
	if (!result.success) {
		const issues = result.issues.map((issue) => ({
			path: v.getDotPath(issue) ?? '',
			message: issue.message
		}));
		throw new MutationError('invalid_args', name, issues);
	}
	return { name, args: result.output } as ValidMutation;
}
