let asked = false;

/**
 * Asks the browser once per visit to keep this site's storage under pressure, so the user's
 * unsynced work is not evicted. Called when there is something to keep (after a user's change).
 */
export async function requestPersistentStorage(): Promise<boolean> {
	if (asked || typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
	asked = true;
	try {
		return (await navigator.storage.persisted()) || (await navigator.storage.persist());
	} catch {
		return false;
	}
}
