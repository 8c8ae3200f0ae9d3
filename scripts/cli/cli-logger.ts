import type { LoggerService, LogLevel } from '@nestjs/common';

/** LOG_LEVEL (pino's names) as the Nest levels it lets through. */
const LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

function text(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The framework's and the libraries' logs (a queue that cannot reach Redis, a database
 * retry), one line each, on stderr only: stdout is the CLI's output.
 */
export class CliLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    level: string,
    private readonly write: (line: string) => void = (line) => void process.stderr.write(line),
  ) {
    this.enabled = new Set(LEVELS[level] ?? LEVELS.warn);
  }

  private print(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest passes the context (the class name) last.
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const rest = params.map(text).join(' ');
    this.write(
      `${level}${context ? ` [${text(context)}]` : ''}: ${text(message)}${rest ? ` ${rest}` : ''}\n`,
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.print('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.print('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.print('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.print('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.print('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.print('fatal', message, params);
  }
}
