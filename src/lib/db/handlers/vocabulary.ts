import type { Handler } from './types';

/** The space's own words: its ritual kinds (with their default roles) and the glossary. */
export const setVocabulary: Handler<'space.vocabulary@1'> = async (writer, args) => {
	await writer.put('vocabularies', {
		id: args.spaceId,
		spaceId: args.spaceId,
		kinds: args.kinds,
		glossary: args.glossary
	});
};
