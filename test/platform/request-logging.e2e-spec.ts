import { INestApplication } from '@nestjs/common';
import pino, { type Logger as PinoInstance } from 'pino';
import request from 'supertest';
import { ROOT_LOGGER } from '@app/platform';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp, enrolledTaxpayer } from '@app/testing';

interface LogLine {
  msg: string;
  app?: string;
  req?: { id?: string; method?: string; url?: string; headers?: unknown };
  res?: { statusCode?: number };
  responseTime?: number;
}

/**
 * Request logs on Fastify's hooks (libs/platform/src/logging/request-logging.ts): what an
 * operator reads to follow one request. The root logger's stream is swapped for a capture
 * after boot (pino.symbols.streamSym); children made later write through it.
 */
describe('request logging', () => {
  let app: INestApplication;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    app = await createTestApp(
      // Request lines are written at info (the suite's default level, error, writes none).
      IssuanceAppModule.forRoot({ LOG_LEVEL: 'info' }),
    );
    const root = app.get<PinoInstance>(ROOT_LOGGER);
    (root as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
      write: (line: string) => lines.push(JSON.parse(line) as LogLine),
    };
  });

  afterAll(async () => {
    await app?.close();
  });

  const linesOf = (id: string) => lines.filter((l) => l.req?.id === id);

  it('writes one line per request with its id, method, URL, status and time, and never its headers', async () => {
    await request(app.getHttpServer())
      .get('/v1/pki/chain')
      .set('X-Request-Id', 'trace-log-1')
      .set('Authorization', 'Bearer not-a-key-at-all')
      .expect((res) => expect(res.status).toBeLessThan(500));
    const [line, ...more] = linesOf('trace-log-1');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      msg: 'request completed',
      app: 'issuance',
      req: { id: 'trace-log-1', method: 'GET', url: '/v1/pki/chain' },
      res: { statusCode: expect.any(Number) },
      responseTime: expect.any(Number),
    });
    expect(line.req).not.toHaveProperty('headers');
    expect(JSON.stringify(lines)).not.toContain('not-a-key-at-all');
  });

  it('gives the lines a service logs while serving the request the same id', async () => {
    const seller = await enrolledTaxpayer(app, { invoiceCode: null });
    await request(app.getHttpServer())
      .post('/v1/api-keys')
      .set('X-Request-Id', 'trace-log-2')
      .set('Authorization', `Bearer ${seller.apiKey}`)
      .send({})
      .expect(201);
    expect(linesOf('trace-log-2').map((l) => l.msg)).toEqual(['API key created', 'request completed']);
  });

  it('logs refusals too, and not the health probe', async () => {
    await request(app.getHttpServer())
      .post('/v1/invoices')
      .set('X-Request-Id', 'trace-log-3')
      .set('Content-Type', 'application/json')
      .send('{"a":1,"a":2}')
      .expect(400);
    expect(linesOf('trace-log-3')).toEqual([
      expect.objectContaining({ msg: 'request completed', res: { statusCode: 400 } }),
    ]);
    await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'trace-log-4').expect(200);
    expect(linesOf('trace-log-4')).toEqual([]);
  });
});
