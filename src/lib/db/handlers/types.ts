import type { MutationArgs, MutationName } from '$lib/domain/mutations/catalogue';
import type { CollectifDB } from '../database';
import type { LocalWriter } from '../writer';

export interface HandlerContext {
	db: CollectifDB;
	actorId: string;
	/** When the change is made on this device (ISO instant). */
	now: string;
}

/** Applies one validated, authorized mutation locally, inside the caller's transaction. */
export type Handler<N extends MutationName> = (
	writer: LocalWriter,
	args: MutationArgs<N>,
	context: HandlerContext
) => Promise<void>;

export type HandlerMap = { [N in MutationName]: Handler<N> };
