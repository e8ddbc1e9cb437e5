/**
 * Roles as the forms edit them (a ritual's, a proposal's, a kind's default roles): label, slots
 * typed as text, and whether the role co-animates or brings/prepares something. A role keeps its
 * key once it has one (sign-ups name it); a new role gets a key made from its label.
 */
import type { RitualRole } from '$lib/domain/types';
import { checkText, checkWhole, type FieldErrors } from './field-errors';

export interface RoleDraft {
	/** The stored key, or '' for a role added in this form. */
	key: string;
	label: string;
	slots: string;
	animates: boolean;
}

export const MAX_ROLES = 20;
export const MAX_ROLE_LABEL = 60;
export const MAX_SLOTS = 50;
const MAX_KEY = 40;

export const roleDraftsOf = (roles: readonly RitualRole[]): RoleDraft[] =>
	roles.map((role) => ({
		key: role.key,
		label: role.label,
		slots: String(role.slots),
		animates: role.animates
	}));

export const newRoleDraft = (): RoleDraft => ({ key: '', label: '', slots: '1', animates: false });

/**
 * A key for a new role or kind from its label: lowercase ASCII letters, digits and dashes,
 * starting with a letter, at most 40 characters, not one of `taken` (`-2`, `-3`… when it is).
 */
export function keyFromLabel(label: string, taken: ReadonlySet<string>, fallback: string): string {
	let base = label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (base === '') base = fallback;
	else if (!/^[a-z]/.test(base)) base = `${fallback}-${base}`;
	base = base.slice(0, MAX_KEY).replace(/-+$/, '');
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) {
		const suffix = `-${n}`;
		const key = `${base.slice(0, MAX_KEY - suffix.length).replace(/-+$/, '')}${suffix}`;
		if (!taken.has(key)) return key;
	}
}

/**
 * The roles, checked (errors under `${prefix}.${index}.label|slots`, and `prefix` itself for too
 * many); new roles get keys that no other role of the list has.
 */
export function checkRoles(
	errors: FieldErrors,
	prefix: string,
	drafts: readonly RoleDraft[]
): RitualRole[] {
	if (drafts.length > MAX_ROLES) errors[prefix] = { kind: 'too_many', max: MAX_ROLES };
	const taken = new Set(drafts.map((role) => role.key).filter((key) => key !== ''));
	return drafts.map((draft, index) => {
		const label = checkText(errors, `${prefix}.${index}.label`, draft.label, MAX_ROLE_LABEL, true);
		const slots = checkWhole(errors, `${prefix}.${index}.slots`, draft.slots, 1, MAX_SLOTS);
		let key = draft.key;
		if (key === '') {
			key = keyFromLabel(label, taken, 'role');
			taken.add(key);
		}
		return { key, label, slots, animates: draft.animates };
	});
}

/** Whether the host left the roles as a kind's defaults (or empty): then a new kind replaces them. */
export function untouchedRoles(drafts: readonly RoleDraft[], defaults: readonly RitualRole[]) {
	if (drafts.length === 0) return true;
	return (
		drafts.length === defaults.length &&
		drafts.every((draft, index) => {
			const role = defaults[index]!;
			return (
				draft.key === role.key &&
				draft.label === role.label &&
				draft.slots === String(role.slots) &&
				draft.animates === role.animates
			);
		})
	);
}
