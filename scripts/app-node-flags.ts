import { COLLECTION_NODE_FLAGS } from '../apps/collection/src/node-flags';

export type AppName = 'issuance' | 'collection' | 'audit' | 'bureau';

/** V8 flags each app's process runs with, under `npm start` and in the benches alike. */
export const APP_NODE_FLAGS: Record<AppName, readonly string[]> = {
  issuance: [],
  collection: COLLECTION_NODE_FLAGS,
  audit: [],
  bureau: [],
};
