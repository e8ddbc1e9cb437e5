import { afterEach, describe, expect, it, vi } from 'vitest';
import { qrScanSupported, startQrScan } from '$lib/ui/qr-scan';

/** A fake camera and detector: what a browser with the Barcode Detection API offers. */
function fakeBrowser(formats: string[], codes: string[][]) {
	const track = { stop: vi.fn() };
	const stream = { getTracks: () => [track] };
	let resolveCamera: (stream: unknown) => void = () => undefined;
	const getUserMedia = vi.fn(() => new Promise((resolve) => (resolveCamera = resolve)));
	vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } });
	const detect = vi.fn(() =>
		Promise.resolve((codes.shift() ?? []).map((rawValue) => ({ rawValue })))
	);
	vi.stubGlobal(
		'BarcodeDetector',
		class {
			static getSupportedFormats = () => Promise.resolve(formats);
			detect = detect;
		}
	);
	const video = { readyState: 4, srcObject: null as unknown, play: vi.fn(() => Promise.resolve()) };
	return { track, stream, video, getUserMedia, detect, openCamera: () => resolveCamera(stream) };
}

afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('QR scanning', () => {
	it('is offered only where QR codes can be read from a camera', async () => {
		expect(await qrScanSupported()).toBe(false);
		fakeBrowser(['ean_13'], []);
		expect(await qrScanSupported()).toBe(false);
		fakeBrowser(['ean_13', 'qr_code'], []);
		expect(await qrScanSupported()).toBe(true);
	});

	it('reads codes until one is accepted, then releases the camera', async () => {
		vi.useFakeTimers();
		const browser = fakeBrowser(['qr_code'], [[], ['https://elsewhere.example/'], ['the link']]);
		const seen: string[] = [];
		startQrScan(browser.video as unknown as HTMLVideoElement, {
			onText: (text) => (seen.push(text), text === 'the link'),
			onError: () => undefined
		});
		browser.openCamera();
		await vi.advanceTimersByTimeAsync(1000);
		expect(seen).toEqual(['https://elsewhere.example/', 'the link']);
		expect(browser.track.stop).toHaveBeenCalled();
		expect(browser.video.srcObject).toBeNull();
		const reads = browser.detect.mock.calls.length;
		await vi.advanceTimersByTimeAsync(1000);
		expect(browser.detect.mock.calls.length).toBe(reads);
	});

	it('releases a camera that opens after the scanner was closed', async () => {
		const browser = fakeBrowser(['qr_code'], []);
		const stop = startQrScan(browser.video as unknown as HTMLVideoElement, {
			onText: () => false,
			onError: () => undefined
		});
		stop();
		browser.openCamera();
		await Promise.resolve();
		await Promise.resolve();
		expect(browser.track.stop).toHaveBeenCalled();
		expect(browser.video.play).not.toHaveBeenCalled();
	});

	it('says when the camera cannot be opened', async () => {
		const browser = fakeBrowser(['qr_code'], []);
		browser.getUserMedia.mockImplementation(() => Promise.reject(new Error('NotAllowedError')));
		const onError = vi.fn();
		startQrScan(browser.video as unknown as HTMLVideoElement, { onText: () => false, onError });
		await vi.waitFor(() => expect(onError).toHaveBeenCalled());
	});
});
