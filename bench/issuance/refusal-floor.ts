/**
 * The floor of a refused request, for bench/issuance: the least a server can do to refuse an
 * invoice the app refuses, written on bare `node:http` with the app's own pieces and nothing
 * else. Per request: read the body, JSON.parse it, find the API key's hash in a map (the
 * app's cached lookup), validate with class-validator against the app's IssueInvoiceDto
 * (the options of our ValidationPipe), answer 400 in the error model. No rate-limit round
 * trip, no logging, no metrics, no framework. Serves /health for the bench's readiness wait.
 *
 *   REFUSAL_FLOOR_PORT=3102 REFUSAL_FLOOR_WORKERS=2 REFUSAL_FLOOR_KEYS='["key",...]' node refusal-floor.js
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { IssueInvoiceDto } from '../../apps/issuance';
import { ownersByKeyHash, runWorkers, sendJson as send, serveKeyed } from './bare-http';

const PORT = Number(process.env.REFUSAL_FLOOR_PORT ?? 3102);
const WORKERS = Number(process.env.REFUSAL_FLOOR_WORKERS ?? 1);
const KEYS = JSON.parse(process.env.REFUSAL_FLOOR_KEYS ?? '[]') as string[];

function serve(): void {
  const owners = ownersByKeyHash(KEYS.map((key, i) => [key, i] as const));
  serveKeyed(PORT, owners, (raw, _owner, res) => {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { code: 'MALFORMED_JSON', message: 'not JSON' });
    }
    const dto = plainToInstance(IssueInvoiceDto, body, { enableImplicitConversion: false });
    validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    }).then(
      (errors) =>
        errors.length === 0
          ? send(res, 422, { code: 'NOT_REFUSED', message: 'the floor only refuses' })
          : send(res, 400, {
              code: 'VALIDATION_FAILED',
              message: 'The request is not valid.',
              details: errors,
            }),
      () => send(res, 500, { code: 'INTERNAL_ERROR', message: 'validation threw' }),
    );
  });
}

runWorkers(WORKERS, serve);
