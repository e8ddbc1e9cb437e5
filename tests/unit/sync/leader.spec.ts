import { describe, expect, it } from 'vitest';
import { leaderLockName, whileLeader, type LockManagerLike } from '$lib/sync/leader';

/** Web Locks, exclusive mode: one holder per name, the others wait in order. */
class FakeLocks implements LockManagerLike {
	readonly held = new Set<string>();
	readonly queues = new Map<string, (() => void)[]>();
	request(
		name: string,
		options: { signal?: AbortSignal },
		callback: (lock: unknown) => Promise<unknown>
	) {
		return new Promise<unknown>((resolve, reject) => {
			const run = () => {
				this.held.add(name);
				void callback({ name }).then((value) => {
					this.held.delete(name);
					this.queues.get(name)?.shift()?.();
					resolve(value);
				});
			};
			if (!this.held.has(name)) return run();
			const queue = this.queues.get(name) ?? [];
			queue.push(run);
			this.queues.set(name, queue);
			options.signal?.addEventListener('abort', () => {
				queue.splice(queue.indexOf(run), 1);
				reject(new DOMException('aborted', 'AbortError'));
			});
		});
	}
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('one syncing tab per user', () => {
	it('the first tab syncs; the second waits and takes over when the first leaves', async () => {
		const locks = new FakeLocks();
		const log: string[] = [];
		const tab = (name: string) =>
			whileLeader('u1', () => (log.push(`${name} starts`), () => log.push(`${name} stops`)), locks);
		const leaveA = tab('A');
		const leaveB = tab('B');
		await tick();
		expect(log).toEqual(['A starts']);
		expect(locks.held).toEqual(new Set([leaderLockName('u1')]));
		leaveA();
		await tick();
		expect(log).toEqual(['A starts', 'A stops', 'B starts']);
		leaveB();
		await tick();
		expect(log.at(-1)).toBe('B stops');
		expect(locks.held.size).toBe(0);
	});

	it('a waiting tab that leaves never starts; another user has their own lock', async () => {
		const locks = new FakeLocks();
		const log: string[] = [];
		const leaveA = whileLeader('u1', () => (log.push('A'), () => undefined), locks);
		const leaveB = whileLeader('u1', () => (log.push('B'), () => undefined), locks);
		const leaveC = whileLeader('u2', () => (log.push('C'), () => undefined), locks);
		await tick();
		leaveB();
		leaveA();
		await tick();
		expect(log).toEqual(['A', 'C']);
		leaveC();
	});

	it('without Web Locks, the tab syncs on its own', () => {
		const log: string[] = [];
		const leave = whileLeader('u1', () => (log.push('start'), () => log.push('stop')), undefined);
		expect(log).toEqual(['start']);
		leave();
		leave();
		expect(log).toEqual(['start', 'stop']);
	});
});
