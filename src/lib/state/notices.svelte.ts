export interface Notice {
	id: number;
	text: string;
	kind: 'info' | 'error';
}

/** Short messages announced to everyone, screen readers included (see `ui/Notices.svelte`). */
class Notices {
	list = $state<Notice[]>([]);
	#next = 1;

	push(
		text: string,
		kind: Notice['kind'] = 'info',
		ttlMs = kind === 'error' ? 10_000 : 4_000
	): void {
		const id = this.#next++;
		this.list.push({ id, text, kind });
		setTimeout(() => this.dismiss(id), ttlMs);
	}

	dismiss(id: number): void {
		this.list = this.list.filter((notice) => notice.id !== id);
	}
}

export const notices = new Notices();
