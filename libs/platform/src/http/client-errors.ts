import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's parser errors that get their own status; any other malformed request is a 400. */
const STATUS_OF_PARSER_ERROR: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT'],
};

/**
 * Requests Node's HTTP parser refuses before any app code runs (request head over 16 KiB,
 * a malformed request line or header, a head that never ends) are answered in our error
 * model too, `{ code, message }` with a stable code, instead of Node's bare status line
 * (Fastify's `clientErrorHandler`).
 */
export function answerClientErrorAsJson(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code] = STATUS_OF_PARSER_ERROR[err.code ?? ''] ?? [400, 'MALFORMED_REQUEST'];
  const body = JSON.stringify({
    code,
    message: `The request could not be read as HTTP (${STATUS_CODES[status]}).`,
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
