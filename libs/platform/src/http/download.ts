import type { FastifyReply } from 'fastify';
import { PassThrough, type Writable } from 'node:stream';

/**
 * What a download may hold between its writer and the client. Writers wait for `drain`, so
 * memory stays flat; 256 KiB lets a 64 KiB chunk go without waiting a turn of the event loop
 * for each (the findings export ran ~10 % slower through a 16 KiB buffer).
 */
const DOWNLOAD_BUFFER_BYTES = 256 * 1024;

/**
 * A file download streamed through Fastify (CSV and XLSX exports): the headers, then what
 * `write` writes, piped to the client at its pace. `write` must end the stream. If it fails
 * once the headers are out, the transfer is cut (Fastify destroys the response with the
 * stream), so the client sees a broken transfer rather than a file that looks complete;
 * the error is rethrown for the caller to log.
 */
export async function sendDownload(
  reply: FastifyReply,
  file: { contentType: string; filename: string },
  write: (out: Writable) => Promise<unknown>,
): Promise<void> {
  const out = new PassThrough({ highWaterMark: DOWNLOAD_BUFFER_BYTES });
  void reply
    .status(200)
    .header('Content-Type', file.contentType)
    .header('Content-Disposition', `attachment; filename="${file.filename}"`)
    .send(out);
  try {
    await write(out);
  } catch (err) {
    out.destroy(err as Error);
    throw err;
  }
}
