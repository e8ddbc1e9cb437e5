import type {
	PullRequest,
	PullResponse,
	PushRequest,
	PushResponse,
	SyncTransport
} from '$lib/domain/protocol';
import { TransportError, type TransportFailure } from '$lib/domain/protocol';

/** Timers fired by hand. */
export class ManualTimers {
	readonly pending = new Map<number, { callback: () => void; ms: number }>();
	readonly delays: number[] = [];
	#next = 1;
	setTimeout(callback: () => void, ms: number): number {
		const id = this.#next++;
		this.pending.set(id, { callback, ms });
		this.delays.push(ms);
		return id;
	}
	clearTimeout(handle: unknown): void {
		this.pending.delete(handle as number);
	}
	setInterval(callback: () => void, ms: number): number {
		return this.setTimeout(callback, ms);
	}
	clearInterval(handle: unknown): void {
		this.clearTimeout(handle);
	}
	/** Runs the oldest pending callback (an interval stays pending). */
	fire(keep = false): number | undefined {
		const first = this.pending.entries().next();
		if (first.done) return undefined;
		const [id, { callback, ms }] = first.value;
		if (!keep) this.pending.delete(id);
		callback();
		return ms;
	}
}

/**
 * A server in memory with no spaces: it acknowledges every push in order. `failures` are thrown
 * by the next calls, one each; `gate` holds pushes until released.
 */
export class MemoryTransport implements SyncTransport {
	last = 0;
	readonly pushes: PushRequest[] = [];
	readonly failures: TransportFailure[] = [];
	listCalls = 0;
	gate: Promise<void> | null = null;
	/** Called when a push reaches the server (before the gate). */
	onPush: (() => void) | undefined;
	spaces: string[] = [];

	#fail(): void {
		const failure = this.failures.shift();
		if (failure) throw new TransportError(failure);
	}

	async push(request: PushRequest): Promise<PushResponse> {
		this.#fail();
		this.onPush?.();
		if (this.gate) await this.gate;
		this.pushes.push(request);
		const results = request.mutations.map((mutation) => {
			if (mutation.id <= this.last) return { id: mutation.id, status: 'duplicate' as const };
			this.last = mutation.id;
			return { id: mutation.id, status: 'applied' as const };
		});
		return { lastMutationId: this.last, results };
	}

	pull(_request: PullRequest): Promise<PullResponse> {
		this.#fail();
		return Promise.resolve({
			reset: false,
			changes: [],
			results: [],
			cursor: { rows: 0 },
			hasMore: false,
			lastMutationId: this.last,
			serverTime: new Date().toISOString()
		});
	}

	listSpaces(): Promise<string[]> {
		this.listCalls++;
		this.#fail();
		return Promise.resolve(this.spaces);
	}
}
