import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DomainError, parseAuditScope, todayIn } from '@app/domain';
import { assertRedisKeepsKeys, ConfigError, loadConfig, RedisEvictionPolicyError } from '@app/platform';
import { parseFindingQuery } from '@app/review';
import { type Command, EXIT, parseCommandLine, USAGE, UsageError } from './args';
import { AuditRunner } from './audit.runner';
import { CliConfig } from './cli.config';
import { type CliIo, processIo } from './cli-io';
import { CliLogger } from './cli-logger';
import { CliModule } from './cli.module';
import { FindingsRunner } from './findings.runner';
import { RuleSetsRunner } from './rule-sets.runner';
import { UploadsRunner } from './uploads.runner';

/**
 * The auditor CLI (`npm run cli -- <command>`): an operator tool on a server with database
 * access, acting as the national tier. A Nest application context over CliModule, which
 * reuses the launcher, the findings repository and the exporters of the bureau API.
 *
 * Input is checked before anything connects: the command line (exit 64 with the usage),
 * then the values, by the same domain functions as the API (stable codes, exit 1).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`cli: ${err.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  let verbose = false;
  try {
    const config = loadConfig(CliConfig);
    verbose = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
    // Validated before the context starts: a typo costs no connection.
    const scope =
      command.kind === 'audit' || command.kind === 'backtest'
        ? parseAuditScope(
            { period: command.period, bureauCode: command.bureauCode, taxIds: command.taxIds },
            todayIn(config.TZ_BUSINESS),
          )
        : undefined;
    const filter = command.kind === 'findings' ? parseFindingQuery(command.query) : undefined;
    // The commands that enqueue jobs refuse a Redis that may evict them, as the apps do.
    if (command.kind !== 'findings' && command.kind !== 'rule-sets') {
      await assertRedisKeepsKeys(config.REDIS_URL);
    }

    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, io, command.kind), {
      logger: new CliLogger(config.LOG_LEVEL, (line) => void io.stderr.write(line)),
      abortOnError: false,
    });
    try {
      switch (command.kind) {
        case 'audit':
          return await app
            .get(AuditRunner)
            .run(scope!, { wait: command.wait, timeoutSeconds: command.timeoutSeconds });
        case 'backtest':
          return await app.get(AuditRunner).backtest(scope!, command.version, command.timeoutSeconds);
        case 'rule-sets':
          return await app.get(RuleSetsRunner).run();
        case 'findings':
          return await app.get(FindingsRunner).run(filter!, {
            format: command.format,
            limit: command.limit,
            out: command.out,
          });
        case 'uploads-resume':
          return await app.get(UploadsRunner).resume(command.uploadId);
      }
    } finally {
      await app.close();
    }
  } catch (err) {
    if (err instanceof DomainError) {
      io.stderr.write(`error ${err.code}: ${err.message}\n`);
    } else if (err instanceof RedisEvictionPolicyError) {
      io.stderr.write(`error REDIS_EVICTION_POLICY: ${err.message}\n`);
      return EXIT.config;
    } else if (err instanceof ConfigError) {
      io.stderr.write(`error CONFIG_INVALID: ${err.message}\n`);
    } else {
      const e = err as Error;
      io.stderr.write(`error: ${verbose ? (e.stack ?? e.message) : (e.message ?? String(err))}\n`);
    }
    return EXIT.error;
  }
}

/** Exits once stdout has taken everything (a CSV piped to a slow reader). */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) {
  // `... | head`: the reader went away; that is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  main(process.argv.slice(2)).then(exit, (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    exit(EXIT.error);
  });
}
