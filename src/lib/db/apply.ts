import type { Catalogue } from '$lib/domain/mutations/catalogue';
import { MutationError } from '$lib/domain/mutations/errors';
import type { MutationRequest, ValidMutation } from '$lib/domain/mutations/validate';
import { membershipId } from '$lib/domain/types';
import type { CollectifDB } from './database';
import { writableTables } from './database';
import { loadHandlers } from './handlers';
import type { HandlerContext, HandlerMap } from './handlers/types';
import { LocalWriter } from './writer';

export interface LocalMutation extends MutationRequest {
	/** The user making the change (in connected mode, always the signed-in user). */
	actorId: string;
}

export interface ApplyOptions {
	now?: Date;
	/**
	 * `accepted`: this device is the authority and accepts the batch at once: rows are written
	 * without a pending mark and nothing goes to the outbox (the demo seeding its own script).
	 * Validation, authorization and handlers are the same.
	 */
	mode?: 'optimistic' | 'accepted';
	/**
	 * A long batch over a nearly empty database (the demo's seeding): the writer reads the small
	 * tables whole first and notes each space once in the journal (`LocalWriter`). A mutation
	 * refused by its checks or rules is undone and left out (`leftOut` is told why) instead of
	 * failing the batch: the demo's history gives way to what the visitor did first.
	 */
	seeding?: { leftOut(request: LocalMutation, error: MutationError): void };
}

const COUNTER = 'nextMutationId';

/**
 * The catalogue's schemas and checks, loaded on first use (and after the first paint by
 * `preloadValidation`): they are large, and the first screen does not need them to paint.
 */
type Validation = typeof import('$lib/domain/mutations/validate');
let loadedValidation: Validation | null = null;
/**
 * Once loaded, handed back without awaiting an import: a caller inside its own transaction (the
 * demo's seeding) must not wait on anything but IndexedDB, or the browser commits it early.
 */
const validation = async (): Promise<Validation> =>
	(loadedValidation ??= await import('$lib/domain/mutations/validate'));

/** Loads the validation code ahead of the first change (call it once the first screen is up). */
export async function preloadValidation(): Promise<void> {
	await validation();
}

/**
 * Loads everything `names` need, for a caller that applies them inside its own transaction (the
 * demo's seeding): nothing is imported once that transaction is open.
 */
export async function prepareFor(names: readonly string[]): Promise<void> {
	await Promise.all([validation(), loadHandlers(names)]);
}

/**
 * Applies mutations locally, all or nothing, in ONE read-write transaction: for each, the
 * optimistic rows tagged with its id, its outbox entry, and the advanced counter. A refusal
 * (bad arguments, role, rule) throws a `MutationError` and aborts the transaction: nothing is written.
 * Never awaits the network. Returns the ids given to the mutations.
 */
export async function applyMutations(
	db: CollectifDB,
	requests: readonly LocalMutation[],
	{ now = new Date(), mode = 'optimistic', seeding }: ApplyOptions = {}
): Promise<number[]> {
	if (seeding && mode !== 'accepted') throw new Error('seeding is for accepted batches');
	try {
		// Loaded before the transaction: an import awaited inside it would let IndexedDB commit it.
		const { validateMutation, catalogue } = loadedValidation ?? (await validation());
		const handlers = await loadHandlers(requests.map((request) => request.name));
		return await db.transaction('rw', writableTables(db), async () => {
			const writer = new LocalWriter(db, mode, { seeding: seeding !== undefined });
			if (seeding) await writer.preload();
			const optimistic = mode === 'optimistic';
			const first = ((await db.meta.get(COUNTER))?.value as number | undefined) ?? 1;
			const ids: number[] = [];
			for (const [index, request] of requests.entries()) {
				// Validated one by one, so a long batch is many short tasks rather than one long one;
				// a refusal still aborts the whole transaction (except when seeding).
				writer.mutationId = first + index;
				let mutation: ValidMutation & Actor;
				try {
					mutation = { ...validateMutation(request), actorId: request.actorId };
					await authorize(catalogue, writer, mutation);
					await runHandler(handlers, writer, mutation, {
						db,
						actorId: mutation.actorId,
						now: now.toISOString()
					});
				} catch (error) {
					if (!seeding || !(error instanceof MutationError)) throw error;
					writer.undo();
					seeding.leftOut(request, error);
					continue;
				}
				writer.keep();
				if (!optimistic) continue;
				writer.send(
					db.outbox.add({
						id: writer.mutationId,
						name: mutation.name,
						args: mutation.args,
						actorId: mutation.actorId,
						createdAt: now.toISOString()
					})
				);
				ids.push(writer.mutationId);
			}
			if (optimistic) writer.send(db.meta.put({ key: COUNTER, value: first + requests.length }));
			await writer.flush();
			return ids;
		});
	} catch (error) {
		throw asMutationError(error);
	}
}

/** Applies a single mutation; see `applyMutations`. */
export async function applyMutation(
	db: CollectifDB,
	mutation: LocalMutation,
	now?: Date
): Promise<number> {
	const [id] = await applyMutations(db, [mutation], { now });
	return id!;
}

type Actor = { actorId: string };

async function authorize(
	catalogue: Catalogue,
	writer: LocalWriter,
	mutation: ValidMutation & Actor
): Promise<void> {
	const { allowed } = catalogue[mutation.name];
	if (allowed === 'anyone') return;
	const { spaceId } = mutation.args as { spaceId: string };
	const membership = await writer.get('memberships', membershipId(spaceId, mutation.actorId));
	if (!membership || (allowed === 'host' && membership.role !== 'host')) {
		throw new MutationError('forbidden', `${mutation.name} needs ${allowed}`);
	}
}

function runHandler(
	handlers: Partial<HandlerMap>,
	writer: LocalWriter,
	mutation: ValidMutation,
	context: HandlerContext
) {
	const handler = handlers[mutation.name] as (
		w: LocalWriter,
		a: unknown,
		c: HandlerContext
	) => Promise<void>;
	return handler(writer, mutation.args, context);
}

function asMutationError(error: unknown): MutationError {
	if (error instanceof MutationError) return error;
	const name = error instanceof Error ? error.name : '';
	const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
		return new MutationError('storage_full');
	}
	return new MutationError(
		'storage_failed',
		error instanceof Error ? error.message : String(error)
	);
}
