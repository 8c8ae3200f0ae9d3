import 'reflect-metadata';
import * as http from 'node:http';
import Ajv from 'ajv';
import {
  ArgumentMetadata, BadRequestException, Body, Controller, HttpCode, Injectable, Module, PipeTransform, Post,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { handCheck, invoiceSchema, IssueInvoiceDto } from './dto';

// VARIANT = raw | <platform>-<validator>[-pino] with platform express|fastify, validator cv|ajv
const VARIANT = process.env.VARIANT || 'raw';
const PORT = Number(process.env.PORT || 3100);
const CTRL_PORT = Number(process.env.CTRL_PORT || 3199);

let count = 0;
let firstT = 0n;
let lastT = 0n;
function onRequest() {
  count++;
  const t = process.hrtime.bigint();
  if (count === mark.count + 1) firstT = t;
  lastT = t;
}
let mark = { cpu: process.cpuUsage(), count: 0, t: process.hrtime.bigint() };

// Control channel on a separate port: /mark snapshots, /report returns the deltas since the mark.
function startControl() {
  http.createServer((req, res) => {
    if (req.url === '/mark') {
      if ((global as any).gc) (global as any).gc();
      mark = { cpu: process.cpuUsage(), count, t: process.hrtime.bigint() };
      res.end('{}');
    } else if (req.url === '/report') {
      const cpu = process.cpuUsage(mark.cpu);
      const n = count - mark.count;
      const wallMs = Number(process.hrtime.bigint() - mark.t) / 1e6;
      // server-side throughput: requests between the first and the last request arrival after the mark
      const serverReqPerSec = n > 1 ? ((n - 1) * 1e9) / Number(lastT - firstT) : 0;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        requests: n, serverReqPerSec, userUs: cpu.user, sysUs: cpu.system, wallMs,
        cpuUsPerReq: (cpu.user + cpu.system) / n, userUsPerReq: cpu.user / n, sysUsPerReq: cpu.system / n,
        rssMiB: process.memoryUsage().rss / 1048576,
      }));
    } else { res.statusCode = 404; res.end(); }
  }).listen(CTRL_PORT, '127.0.0.1');
}

function rawServer(): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      let errs: string[];
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); errs = handCheck(body); }
      catch { errs = ['malformed JSON']; }
      res.setHeader('content-type', 'application/json; charset=utf-8');
      if (errs.length) {
        res.statusCode = 400;
        res.end(JSON.stringify({ message: errs, error: 'Bad Request', statusCode: 400 }));
      } else {
        res.statusCode = 200;
        res.end(JSON.stringify({ ok: true, id: 'inv-0001', lines: body.lines.length }));
      }
    });
  });
}

@Controller('invoices')
class InvoiceController {
  @Post()
  @HttpCode(200)
  issue(@Body() dto: IssueInvoiceDto) {
    return { ok: true, id: 'inv-0001', lines: dto.lines.length };
  }
}

const ajv = new Ajv({ allErrors: true });
const ajvValidators = new Map<any, any>([[IssueInvoiceDto, ajv.compile(invoiceSchema)]]);

@Injectable()
class AjvPipe implements PipeTransform {
  transform(value: any, meta: ArgumentMetadata) {
    if (meta.type !== 'body') return value;
    const v = ajvValidators.get(meta.metatype);
    if (!v) return value;
    if (!v(value)) {
      throw new BadRequestException(v.errors.map((e: any) => `${e.instancePath || '(root)'} ${e.message}`));
    }
    return value; // plain object: no class instance, unlike ValidationPipe(transform:true)
  }
}

async function nestServer(): Promise<http.Server> {
  const [platform, validator, pinoFlag] = VARIANT.split('-');
  const imports: any[] = [];
  if (pinoFlag === 'pino') {
    const { LoggerModule } = require('nestjs-pino');
    const pino = require('pino');
    imports.push(LoggerModule.forRoot({
      pinoHttp: [{ level: 'info' }, pino.destination({ dest: process.env.PINO_DEST || '/dev/null', sync: true })],
    }));
  }
  @Module({ imports, controllers: [InvoiceController] })
  class AppModule {}

  let app: any;
  const opts: any = pinoFlag === 'pino' ? { bufferLogs: true } : { logger: false };
  if (platform === 'fastify') {
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    app = await NestFactory.create(AppModule, new FastifyAdapter(), opts);
  } else if (platform === 'express') {
    app = await NestFactory.create(AppModule, opts);
  } else throw new Error('bad VARIANT ' + VARIANT);
  if (pinoFlag === 'pino') app.useLogger(app.get(require('nestjs-pino').Logger));
  if (validator === 'cv') {
    app.useGlobalPipes(new ValidationPipe({
      whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
    }));
  } else if (validator === 'ajv') app.useGlobalPipes(new AjvPipe());
  else throw new Error('bad VARIANT ' + VARIANT);
  await app.init();
  const srv: http.Server = app.getHttpServer();
  srv.on('request', onRequest);
  await app.listen(PORT, '127.0.0.1');
  return srv;
}

async function main() {
  startControl();
  if (VARIANT === 'raw') {
    const srv = rawServer();
    srv.on('request', onRequest);
    await new Promise<void>((r) => srv.listen(PORT, '127.0.0.1', () => r()));
  } else {
    await nestServer();
  }
  process.stdout.write(`READY ${VARIANT} ${process.pid}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
