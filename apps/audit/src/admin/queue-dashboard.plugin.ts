import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bull';
import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import { browserPageHeaders } from '@app/platform';

/** Where the audit app serves the dashboard; the UI's links and API calls are built on it. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface DashboardQueue {
  queue: Queue;
  /** No buttons that retry, remove, clean, pause or empty: for queues nothing refills. */
  readOnly: boolean;
}

/**
 * The board's page links a web font from Google. Kept to this origin: a bureau network
 * need not reach Google, and a browser extension that adds the admin's bearer header to
 * every request would otherwise send the token there too. No framing (clickjacking).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * bull-board (UI, static files and its JSON API) for these queues, as a Fastify plugin to
 * register at QUEUE_DASHBOARD_PATH: `guard` and the headers above run first on every one of
 * its requests.
 */
export function queueDashboardPlugin(
  queues: DashboardQueue[],
  guard: onRequestAsyncHookHandler,
): FastifyPluginAsync {
  const server = new FastifyAdapter();
  // Must equal the mount path: the page loads its scripts and calls its API under it.
  server.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map(({ queue, readOnly }) => new BullAdapter(queue, { readOnlyMode: readOnly })),
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Jinshui queues' } },
  });
  return async (scope) => {
    scope.addHook('onRequest', guard);
    scope.addHook('onRequest', browserPageHeaders(CONTENT_SECURITY_POLICY));
    await scope.register(server.registerPlugin());
  };
}
