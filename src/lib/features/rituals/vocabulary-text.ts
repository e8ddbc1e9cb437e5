import { m } from '$lib/paraglide/messages';

/** Translated names of the built-in ritual kinds and default roles (`domain/rituals/kinds.ts`). */
const labels: Record<string, () => string> = {
	meal: m.ritual_kind_meal,
	breakfast: m.ritual_kind_breakfast,
	afterwork: m.ritual_kind_afterwork,
	workshop: m.ritual_kind_workshop,
	cooking: m.ritual_role_cooking,
	dessert: m.ritual_role_dessert,
	setup: m.ritual_role_setup,
	tidy: m.ritual_role_tidy,
	coffee: m.ritual_role_coffee,
	pastries: m.ritual_role_pastries,
	facilitate: m.ritual_role_facilitate
};

/** The label of a built-in kind or role key, or the key itself. */
export const builtInLabel = (key: string): string => labels[key]?.() ?? key;
