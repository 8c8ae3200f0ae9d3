/**
 * The Nest floor of a refused request, for bench/issuance: the least a Nest application on
 * the Fastify platform can do to refuse an invoice the app refuses, so that the bench can
 * tell what Nest itself costs (against refusal-floor.ts, the same refusal on bare node:http)
 * from what the app adds on top. Per request: Fastify's default JSON parser, Nest's router,
 * a guard that finds the API key's hash in a map (the app's cached lookup), the app's own
 * ValidationPipe (createValidationPipe) on IssueInvoiceDto, and the app's DomainErrorFilter
 * answering 400 in the error model. Each is a layer the app cannot drop and stay a Nest app
 * with DTO validation; everything else is left out: no rate-limit round trip, no strict
 * JSON body or text rule, no logging, no metrics, no interceptors, no request context.
 * Serves /health for the bench's readiness wait.
 *
 *   NEST_REFUSAL_FLOOR_PORT=3103 REFUSAL_FLOOR_WORKERS=2 REFUSAL_FLOOR_KEYS='["key",...]' node nest-refusal-floor.js
 */
import 'reflect-metadata';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Module,
  Post,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '@app/domain';
import { createValidationPipe, DomainErrorFilter } from '@app/platform';
import { IssueInvoiceDto } from '../../apps/issuance';
import { ownerOfBearer, ownersByKeyHash, runWorkers } from './bare-http';

const PORT = Number(process.env.NEST_REFUSAL_FLOOR_PORT ?? 3103);
const WORKERS = Number(process.env.REFUSAL_FLOOR_WORKERS ?? 1);
const KEYS = JSON.parse(process.env.REFUSAL_FLOOR_KEYS ?? '[]') as string[];

const owners = ownersByKeyHash(KEYS.map((key, i) => [key, i] as const));

/** The key check of refusal-floor.ts as a guard: a Bearer key whose hash is in the map, or 401. */
class KeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const owner = ownerOfBearer(
      owners,
      context.switchToHttp().getRequest<FastifyRequest>().headers.authorization,
    );
    if (owner === undefined) throw new UnauthenticatedError('API_KEY_INVALID', 'unknown key');
    return true;
  }
}

@Controller()
class FloorController {
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Post('v1/invoices')
  @UseGuards(KeyGuard)
  issue(@Body() _body: IssueInvoiceDto): never {
    throw new UnprocessableEntityException('the floor only refuses');
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function serve(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  await app.listen(PORT, '127.0.0.1');
}

runWorkers(WORKERS, serve);
