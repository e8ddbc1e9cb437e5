/**
 * Reading a QR code with the camera, where the browser has the Barcode Detection API (Chrome on
 * Android, macOS and ChromeOS; not Firefox or Safari yet). Elsewhere the member scans the poster
 * with the phone's camera app, which opens the same link.
 */

interface DetectedBarcode {
	rawValue: string;
}

interface BarcodeDetectorInstance {
	detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
	new (options?: { formats: string[] }): BarcodeDetectorInstance;
	getSupportedFormats(): Promise<string[]>;
}

const detectorClass = (): BarcodeDetectorClass | undefined =>
	(globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** Whether this browser can read QR codes from the camera. */
export async function qrScanSupported(): Promise<boolean> {
	const Detector = detectorClass();
	if (!Detector || typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
		return false;
	}
	try {
		return (await Detector.getSupportedFormats()).includes('qr_code');
	} catch {
		return false;
	}
}

export interface QrScanHandlers {
	/** A code was read; return true to stop scanning (the camera is released). */
	onText: (text: string) => boolean;
	/** The camera could not be opened (refused, absent, busy). */
	onError: (error: unknown) => void;
}

/**
 * Shows the back camera in `video` and reads QR codes from it a few times a second. Returns a
 * function that stops everything and releases the camera; it is safe to call before the camera
 * has opened (it is then released as soon as it opens) and more than once.
 */
export function startQrScan(
	video: HTMLVideoElement,
	{ onText, onError }: QrScanHandlers,
	everyMs = 250
): () => void {
	let stopped = false;
	let stream: MediaStream | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const release = () => {
		stream?.getTracks().forEach((track) => track.stop());
		stream = null;
		video.srcObject = null;
	};
	const stop = () => {
		stopped = true;
		clearTimeout(timer);
		release();
	};

	const Detector = detectorClass();
	if (!Detector) {
		onError(new Error('BarcodeDetector unavailable'));
		return stop;
	}
	const detector = new Detector({ formats: ['qr_code'] });
	const tick = async () => {
		if (stopped) return;
		try {
			if (video.readyState >= 2) {
				for (const code of await detector.detect(video)) {
					if (stopped) return;
					if (onText(code.rawValue)) return stop();
				}
			}
		} catch {
			// A frame that cannot be read (the video is resizing): try the next one.
		}
		if (!stopped) timer = setTimeout(() => void tick(), everyMs);
	};

	navigator.mediaDevices
		.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
		.then(async (opened) => {
			stream = opened;
			if (stopped) return release();
			video.srcObject = opened;
			await video.play();
			void tick();
		})
		.catch((error: unknown) => {
			if (!stopped) onError(error);
		});
	return stop;
}
