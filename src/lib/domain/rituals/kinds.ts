/**
 * Ritual kinds: four built in, each with the roles a new ritual of that kind starts with
 * (`domain.md`: a shared meal starts with cooking ×2, dessert ×2, setting up ×1, tidying up ×2).
 * A space renames them and adds its own (`Vocabulary`); labels of built-in kinds and roles are
 * translated by the interface, keyed by these keys.
 */
import type { RitualKind, RitualRole, Vocabulary } from '../types';

export const builtInKinds = ['meal', 'breakfast', 'afterwork', 'workshop'] as const;
export type BuiltInKind = (typeof builtInKinds)[number];

/** Default roles per built-in kind, without labels (the interface names them). */
export const defaultRoles: Record<BuiltInKind, Omit<RitualRole, 'label'>[]> = {
	meal: [
		{ key: 'cooking', slots: 2, animates: true },
		{ key: 'dessert', slots: 2, animates: false },
		{ key: 'setup', slots: 1, animates: false },
		{ key: 'tidy', slots: 2, animates: false }
	],
	breakfast: [
		{ key: 'coffee', slots: 1, animates: false },
		{ key: 'pastries', slots: 2, animates: false }
	],
	afterwork: [{ key: 'facilitate', slots: 1, animates: true }],
	workshop: [{ key: 'facilitate', slots: 1, animates: true }]
};

export const isBuiltInKind = (key: string): key is BuiltInKind =>
	(builtInKinds as readonly string[]).includes(key);

/**
 * The kinds a space offers: its own list when it wrote one, else the built-in ones, labelled by
 * `label` (the interface's translation) and with their default roles.
 */
export function kindsOf(
	vocabulary: Vocabulary | null | undefined,
	label: (key: string) => string
): RitualKind[] {
	if (vocabulary && vocabulary.kinds.length > 0) return vocabulary.kinds;
	return builtInKinds.map((key) => ({
		key,
		label: label(key),
		roles: defaultRoles[key].map((role) => ({ ...role, label: label(role.key) }))
	}));
}

/** How a ritual's kind reads in this space: the space's word, the built-in label, or the key. */
export function kindLabel(
	kind: string,
	vocabulary: Vocabulary | null | undefined,
	label: (key: string) => string
): string {
	const own = vocabulary?.kinds.find((k) => k.key === kind);
	if (own) return own.label;
	return isBuiltInKind(kind) ? label(kind) : kind;
}
