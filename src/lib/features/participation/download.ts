/** Saves text as a file on the device (exports). CSV gets a byte-order mark for spreadsheets. */
import type { Cell } from './mirror-export';

export function downloadText(text: string, fileName: string, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	// Give the browser time to start the download before the URL goes.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** papaparse is loaded only when someone exports. */
export async function downloadCsv(rows: Cell[][], fileName: string): Promise<void> {
	const { unparse } = await import('papaparse');
	downloadText(`\uFEFF${unparse(rows)}`, fileName, 'text/csv;charset=utf-8');
}
