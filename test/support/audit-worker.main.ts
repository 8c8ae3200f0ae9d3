import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AuditAppModule } from '../../apps/audit/src/app.module';

/**
 * The audit worker (apps/audit) without its HTTP listener, run from the TypeScript sources
 * as a child process of an e2e test (see WorkerProcess). Tells the parent over IPC when it
 * consumes the queues; ends when the parent goes away. Tests stop it with SIGKILL on purpose.
 */
async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const app = await NestFactory.createApplicationContext(AuditAppModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  process.send?.({ ready: true, pid: process.pid });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
