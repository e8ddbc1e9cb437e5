/** The exports' column names and words, in the host's language. */
import { m } from '$lib/paraglide/messages';
import type { ExportText } from './export-rows';
import { rulesText } from './host-text';

export const exportText = (): ExportText => ({
	visitHeaders: [
		m.export_col_member(),
		m.export_col_date(),
		m.export_col_start(),
		m.export_col_end(),
		m.export_col_duration(),
		m.export_col_billed(),
		m.export_col_rule(),
		m.export_col_auto_closed(),
		m.export_col_flagged()
	],
	historyHeaders: [
		m.export_col_member(),
		m.export_col_date(),
		m.export_col_kind(),
		m.export_col_minutes(),
		m.export_col_plan(),
		m.export_col_reason()
	],
	yes: m.export_yes(),
	no: m.export_no(),
	rule: rulesText,
	kinds: {
		granted: m.export_kind_granted(),
		visit: m.export_kind_visit(),
		credit: m.export_kind_credit(),
		debit: m.export_kind_debit(),
		expired: m.export_kind_expired()
	},
	overdraft: m.export_overdraft(),
	unlimited: m.export_unlimited()
});
