// IndexedDB for the Dexie layer in Node: a real, spec-following implementation in memory.
import 'fake-indexeddb/auto';
