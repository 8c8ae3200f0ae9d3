/**
 * What the bench's floor servers share (refusal-floor.ts, nest-refusal-floor.ts,
 * http-issuing-floor.ts): a JSON answer on bare `node:http`, the request's body and API
 * key, and one process per HTTP worker, as the app runs.
 */
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hashApiKey } from '@app/auth';

/** Answers `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The request's whole body, as the app's body reader would have it. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The key's owner by the hash of its key (the app's cached lookup), or undefined. */
export function ownerOfBearer<T>(
  owners: ReadonlyMap<string, T>,
  authorization: string | undefined,
): T | undefined {
  const header = authorization ?? '';
  return header.startsWith('Bearer ')
    ? owners.get(hashApiKey(header.slice(7)).toString('base64'))
    : undefined;
}

/** The map ownerOfBearer reads: each key's hash (base64) to its owner. */
export function ownersByKeyHash<T>(
  entries: readonly (readonly [apiKey: string, owner: T])[],
): Map<string, T> {
  return new Map(entries.map(([key, owner]) => [hashApiKey(key).toString('base64'), owner]));
}

/**
 * A bare JSON server on `port` of loopback: GET /health for the bench's readiness wait; any
 * other request, read whole, goes to `handle` with the owner of its Bearer key, or is
 * refused 401 API_KEY_INVALID, as the app refuses an unknown key.
 */
export function serveKeyed<T>(
  port: number,
  owners: ReadonlyMap<string, T>,
  handle: (body: Buffer, owner: T, res: ServerResponse) => void,
): void {
  createServer((req, res) => {
    if (req.url === '/health') return sendJson(res, 200, { status: 'ok' });
    void readBody(req).then((body) => {
      const owner = ownerOfBearer(owners, req.headers.authorization);
      if (owner === undefined) return sendJson(res, 401, { code: 'API_KEY_INVALID', message: 'unknown key' });
      handle(body, owner, res);
    });
  }).listen(port, '127.0.0.1');
}

/**
 * `serve` in each of `workers` processes (cluster, as the app's HTTP_WORKERS), or in this one;
 * SIGTERM to the primary ends them all. A failing `serve` ends its process.
 */
export function runWorkers(workers: number, serve: () => void | Promise<void>): void {
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    process.on('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      process.exit(0);
    });
    return;
  }
  Promise.resolve()
    .then(serve)
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
