/** A QR code's dark modules as one SVG path (one `h1v1h-1z` square each), in module units. */
export interface QrModules {
	size: number;
	get(row: number, col: number): number | boolean;
}

export function qrPath(modules: QrModules): string {
	let path = '';
	for (let row = 0; row < modules.size; row++) {
		for (let col = 0; col < modules.size; col++) {
			if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
		}
	}
	return path;
}
