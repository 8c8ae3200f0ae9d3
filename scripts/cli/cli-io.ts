import type { Writable } from 'node:stream';

/** Where the commands write: stdout for results (tables, CSV), stderr for progress and messages. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** Redraw the progress bar in place (a terminal) or print a line per change (a pipe, a log). */
  stderrIsTTY: boolean;
}

export const CLI_IO = Symbol('CLI_IO');

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
});
