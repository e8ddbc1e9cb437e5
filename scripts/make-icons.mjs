// Draws the app icons (a round table seen from above, seats around it) as PNG files, with no
// image library: `node scripts/make-icons.mjs`. The output is committed under static/.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const ACCENT = [0xb4, 0x53, 0x2a];
const CREAM = [0xfa, 0xf6, 0xf1];

function crc32(buffer) {
	let crc = ~0;
	for (const byte of buffer) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

function chunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'ascii');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

function png(size, paint) {
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			const [r, g, b, a] = paint((x + 0.5) / size, (y + 0.5) / size);
			raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** The motif, in a unit square; `scale` shrinks it into the maskable safe zone. */
function motif(x, y, scale) {
	const cx = (x - 0.5) / scale;
	const cy = (y - 0.5) / scale;
	const r = Math.hypot(cx, cy);
	if (r < 0.2) return CREAM;
	for (let i = 0; i < 6; i++) {
		const angle = (i * Math.PI) / 3;
		if (Math.hypot(cx - 0.3 * Math.cos(angle), cy - 0.3 * Math.sin(angle)) < 0.06) return CREAM;
	}
	return ACCENT;
}

const rounded = (x, y) => {
	const dx = Math.max(Math.abs(x - 0.5) - 0.32, 0);
	const dy = Math.max(Math.abs(y - 0.5) - 0.32, 0);
	return Math.hypot(dx, dy) <= 0.18;
};

const any = (x, y) => (rounded(x, y) ? [...motif(x, y, 1), 255] : [0, 0, 0, 0]);
const maskable = (x, y) => [...motif(x, y, 0.75), 255];

writeFileSync('static/icons/icon-192.png', png(192, any));
writeFileSync('static/icons/icon-512.png', png(512, any));
writeFileSync('static/icons/maskable-512.png', png(512, maskable));
writeFileSync('static/apple-touch-icon.png', png(180, maskable));
console.log('icons written');
