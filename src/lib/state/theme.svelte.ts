export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'collectif.theme';

/** Light, dark, or like the device; applied to `<html data-theme>` (also read before first paint). */
class Theme {
	choice = $state<ThemeChoice>(read());

	set(choice: ThemeChoice): void {
		this.choice = choice;
		if (choice === 'system') delete document.documentElement.dataset.theme;
		else document.documentElement.dataset.theme = choice;
		try {
			if (choice === 'system') localStorage.removeItem(KEY);
			else localStorage.setItem(KEY, choice);
		} catch {
			// Storage refused: the choice holds for this visit.
		}
	}
}

function read(): ThemeChoice {
	try {
		const stored = localStorage.getItem(KEY);
		return stored === 'light' || stored === 'dark' ? stored : 'system';
	} catch {
		return 'system';
	}
}

export const theme = new Theme();
