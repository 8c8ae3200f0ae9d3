import { CliLogger } from './cli-logger';

describe('CliLogger', () => {
  it('lets through the levels of LOG_LEVEL only, one line each with the context', () => {
    const lines: string[] = [];
    const logger = new CliLogger('warn', (line) => lines.push(line));
    logger.log('Nest application successfully started', 'NestApplication');
    logger.debug('noise');
    logger.warn('queue slow', 'AuditRunLauncherService');
    logger.error(
      { runId: 'r1', err: 'ECONNREFUSED' },
      'audit run recorded but not enqueued',
      'AuditRunLauncherService',
    );
    expect(lines).toEqual([
      'warn [AuditRunLauncherService]: queue slow\n',
      'error [AuditRunLauncherService]: {"runId":"r1","err":"ECONNREFUSED"} audit run recorded but not enqueued\n',
    ]);
  });

  it('is quiet when silent and says everything at trace', () => {
    const silent: string[] = [];
    new CliLogger('silent', (l) => silent.push(l)).error('x');
    expect(silent).toEqual([]);
    const trace: string[] = [];
    const logger = new CliLogger('trace', (l) => trace.push(l));
    logger.verbose('v');
    logger.log('l');
    expect(trace).toEqual(['verbose: v\n', 'log: l\n']);
  });
});
