import { BullModule, getQueueToken } from '@nestjs/bull';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Queue } from 'bull';
import type { FastifyInstance } from 'fastify';
import { OfficerAccountRepository, OfficerAuthGuard } from '@app/auth';
import { AUDIT_CONTROL_QUEUE, AUDIT_PARTITIONS_QUEUE, UPLOADS_QUEUE } from '@app/queue';
import { AuditConfig } from '../config/audit.config';
import { queueDashboardAdminOnly } from './queue-dashboard-admin.hook';
import { DashboardQueue, QUEUE_DASHBOARD_PATH, queueDashboardPlugin } from './queue-dashboard.plugin';

/**
 * The queues on the board. `uploads` is read-only: an upload is resumed by its owner's
 * resume route or `npm run cli -- uploads resume`, which hold the upload's lock, and a job
 * removed here would only be put back by the upload sweep. The audit queues may be acted
 * on: their processors are idempotent and the sweep re-enqueues the jobs of runs that stop
 * moving.
 */
const QUEUES: { name: string; readOnly: boolean }[] = [
  { name: UPLOADS_QUEUE, readOnly: true },
  { name: AUDIT_PARTITIONS_QUEUE, readOnly: false },
  { name: AUDIT_CONTROL_QUEUE, readOnly: false },
];

/**
 * bull-board at /admin/queues, for bureau admins only: a request needs the bearer token
 * of a bureau login (verified with the bureau's JWT_SECRET) whose role is `admin`, of an
 * account that is still enabled, and counts against that officer's request rate.
 * A Fastify plugin beside Nest's routes: the rest of the app (OpenAPI, 404s, error model)
 * is unchanged. Needs QueueModule.forRoot().
 */
@Module({
  imports: [
    // Verification only: this app never issues officer tokens.
    JwtModule.registerAsync({
      inject: [AuditConfig],
      useFactory: (config: AuditConfig) => ({ secret: config.JWT_SECRET }),
    }),
    // The audit app consumes no uploads; the board reads the queue the collection app fills.
    BullModule.registerQueue({ name: UPLOADS_QUEUE }),
  ],
  // The bureau's guard with its account checks (disabled or deleted officers) and per-officer rate.
  providers: [OfficerAuthGuard, OfficerAccountRepository],
})
export class QueueDashboardModule implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboardModule.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly guard: OfficerAuthGuard,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter as typeof this.adapterHost.httpAdapter | undefined;
    if (!http) return; // an application context without HTTP (a worker-only process)
    // The app's own queue objects (registered by the audit app and AuditRunsModule), not copies.
    const queues: DashboardQueue[] = QUEUES.map(({ name, readOnly }) => ({
      queue: this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
      readOnly,
    }));
    const fastify = http.getInstance<FastifyInstance>();
    void fastify.register(queueDashboardPlugin(queues, queueDashboardAdminOnly(this.guard)), {
      prefix: QUEUE_DASHBOARD_PATH,
    });
    this.logger.log(`queue dashboard at ${QUEUE_DASHBOARD_PATH} (bureau admins)`);
  }
}
