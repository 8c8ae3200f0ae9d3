import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bull';
import type { Express, RequestHandler } from 'express';
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
 * bull-board (UI, static files and its JSON API) for these queues, behind the headers
 * above: handlers for `app.use(QUEUE_DASHBOARD_PATH, ...)`. The board is an Express app of
 * its own, passed as such so that Express mounts it (and restores the request after it).
 */
export function createQueueDashboard(queues: DashboardQueue[]): RequestHandler[] {
  const server = new ExpressAdapter();
  // Must equal the mount path: the page loads its scripts and calls its API under it.
  server.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map(({ queue, readOnly }) => new BullAdapter(queue, { readOnlyMode: readOnly })),
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Jinshui queues' } },
  });
  const board = server.getRouter() as Express;
  board.disable('x-powered-by');
  return [browserPageHeaders(CONTENT_SECURITY_POLICY), board];
}
