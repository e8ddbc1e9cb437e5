/**
 * The space's own words as hosts edit them (`space.vocabulary@1`): its ritual kinds, each with
 * the roles a new ritual of that kind starts with, and the glossary newcomers read. A space
 * without its own list starts from the built-in kinds (`kindsOf`).
 */
import type { GlossaryEntry, RitualKind } from '$lib/domain/types';
import { checkText, type Checked, type FieldErrors } from './field-errors';
import { checkRoles, keyFromLabel, roleDraftsOf, type RoleDraft } from './role-drafts';

export interface KindDraft {
	/** The stored key, or '' for a kind added in this form. */
	key: string;
	label: string;
	roles: RoleDraft[];
}

export interface VocabularyDraft {
	kinds: KindDraft[];
	glossary: GlossaryEntry[];
}

export const vocabularyLimits = {
	kinds: 20,
	kindLabel: 40,
	glossary: 40,
	term: 60,
	definition: 500
} as const;

export const vocabularyDraftOf = (
	kinds: readonly RitualKind[],
	glossary: readonly GlossaryEntry[]
): VocabularyDraft => ({
	kinds: kinds.map((kind) => ({
		key: kind.key,
		label: kind.label,
		roles: roleDraftsOf(kind.roles)
	})),
	glossary: glossary.map((entry) => ({ ...entry }))
});

export function checkVocabularyDraft(
	draft: VocabularyDraft
): Checked<{ kinds: RitualKind[]; glossary: GlossaryEntry[] }> {
	const errors: FieldErrors = {};
	const { kinds: maxKinds, glossary: maxEntries } = vocabularyLimits;
	if (draft.kinds.length === 0) errors.kinds = { kind: 'none' };
	else if (draft.kinds.length > maxKinds) errors.kinds = { kind: 'too_many', max: maxKinds };
	const taken = new Set(draft.kinds.map((kind) => kind.key).filter((key) => key !== ''));
	const kinds = draft.kinds.map((kind, index) => {
		const label = checkText(
			errors,
			`kinds.${index}.label`,
			kind.label,
			vocabularyLimits.kindLabel,
			true
		);
		const roles = checkRoles(errors, `kinds.${index}.roles`, kind.roles);
		let key = kind.key;
		if (key === '') {
			key = keyFromLabel(label, taken, 'kind');
			taken.add(key);
		}
		return { key, label, roles };
	});
	if (draft.glossary.length > maxEntries) errors.glossary = { kind: 'too_many', max: maxEntries };
	const glossary = draft.glossary.map((entry, index) => ({
		term: checkText(errors, `glossary.${index}.term`, entry.term, vocabularyLimits.term, true),
		definition: checkText(
			errors,
			`glossary.${index}.definition`,
			entry.definition,
			vocabularyLimits.definition,
			true
		)
	}));
	return Object.keys(errors).length > 0
		? { ok: false, errors }
		: { ok: true, value: { kinds, glossary } };
}
