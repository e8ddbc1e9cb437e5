// Every child process the bench starts (build, preview server, Chrome) registers here, so it is
// stopped when the bench ends, fails, or is interrupted. Three layers, because each one alone
// leaves orphans in some case:
// - async disposers, run in reverse order by `runCleanup()` (the normal path and most errors);
// - signal handlers that run the same disposers on Ctrl-C / kill;
// - a synchronous `exit` hook that kills whatever is still registered, for the paths where
//   async code no longer runs (process.exit from elsewhere, a crash inside a disposer).

/** @typedef {() => Promise<void> | void} Disposer */

/** @type {Set<Disposer>} */
const disposers = new Set();
/** @type {Set<() => void>} synchronous last-resort kills, run at exit */
const exitKills = new Set();

/**
 * @param {Disposer} dispose
 * @returns {() => void} unregisters it (call after disposing it yourself)
 */
export function onCleanup(dispose) {
	disposers.add(dispose);
	return () => disposers.delete(dispose);
}

/**
 * Register a synchronous kill for the `exit` hook (async code no longer runs there).
 * @param {() => void} kill
 * @returns {() => void} unregisters it (call once the process has exited)
 */
export function onExitKill(kill) {
	exitKills.add(kill);
	return () => exitKills.delete(kill);
}

/**
 * Remember a child process for the last-resort kill at exit.
 * @param {number | undefined} pid
 * @param {{ group?: boolean }} [options] group: spawned detached, kill its whole process group
 * @returns {() => void} forgets it (call once it has exited)
 */
export function trackProcess(pid, { group = false } = {}) {
	if (pid === undefined) return () => {};
	return onExitKill(() => signalProcess(pid, group, 'SIGKILL'));
}

/**
 * Send a signal to a process (or its group); ignore "no such process".
 * @param {number} pid
 * @param {boolean} group
 * @param {NodeJS.Signals} signal
 */
export function signalProcess(pid, group, signal) {
	try {
		process.kill(group ? -pid : pid, signal);
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ESRCH') throw error;
	}
}

/** @type {Promise<void> | null} */
let cleaning = null;

/**
 * Run every registered disposer, newest first; a failing one does not stop the others. Called
 * both by the normal end of the bench and by a signal: both get the same single pass.
 */
export function runCleanup() {
	cleaning ??= (async () => {
		for (const dispose of [...disposers].reverse()) {
			disposers.delete(dispose);
			try {
				await dispose();
			} catch (error) {
				console.error('bench: cleanup failed:', error);
			}
		}
		killTrackedProcesses();
	})();
	return cleaning;
}

/** @type {{ signal: NodeJS.Signals, code: number } | null} */
let interruption = null;

/** The signal that interrupted the bench, if any: its exit code wins over the bench's. */
export function interrupted() {
	return interruption;
}

/** For long loops: stop starting new work (and new browsers) once the bench is interrupted. */
export function throwIfInterrupted() {
	if (interruption) throw new Error(`interrupted by ${interruption.signal}`);
}

function killTrackedProcesses() {
	for (const kill of exitKills) {
		exitKills.delete(kill);
		try {
			kill();
		} catch {
			// Best effort: the process may be gone already.
		}
	}
}

let installed = false;

/** Install the signal and exit hooks once. */
export function installCleanupHooks() {
	if (installed) return;
	installed = true;
	/** @type {Array<[NodeJS.Signals, number]>} */
	const signals = [
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129]
	];
	for (const [signal, code] of signals) {
		process.on(signal, () => {
			// A second Ctrl-C does not wait for the cleanup; the exit hook still kills the children.
			if (interruption) process.exit(code);
			interruption = { signal, code };
			console.error(`\nbench: ${signal}, stopping child processes…`);
			runCleanup().finally(() => process.exit(code));
		});
	}
	process.on('exit', killTrackedProcesses);
}
