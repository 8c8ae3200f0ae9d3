/**
 * V8 flags the collection processes run with (npm start, the bench). Uploads are streamed,
 * so the heap never needs to be large; capping it makes V8 collect garbage (long signature
 * strings, pg result rows) before RSS grows — measured: a 200,000-row sealed upload peaks at
 * ~180 MB with these flags against ~300 MB without.
 */
const COLLECTION_NODE_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=8'];

export type AppName = 'issuance' | 'collection' | 'audit' | 'bureau';

/** V8 flags each app's process runs with, under `npm start` and in the benches alike. */
export const APP_NODE_FLAGS: Record<AppName, readonly string[]> = {
  issuance: [],
  collection: COLLECTION_NODE_FLAGS,
  audit: [],
  bureau: [],
};
