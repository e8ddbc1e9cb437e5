/** Saves rows as a CSV file (papaparse is loaded only when a host exports). */
import { withBom, type Cell } from './export-rows';

export async function downloadCsv(rows: Cell[][], fileName: string): Promise<void> {
	const { unparse } = await import('papaparse');
	const blob = new Blob([withBom(unparse(rows))], { type: 'text/csv;charset=utf-8' });
	const url = URL.createObjectURL(blob);
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
