import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { onRequestAsyncHookHandler } from 'fastify';
import { OfficerAuthGuard, type OfficerRequest, Roles } from '@app/auth';
import { ForbiddenError, NATIONAL_BUREAU_CODE } from '@app/domain';
import { sendError } from '@app/platform';

/** What the dashboard is to the officer guard: a route that only admins may open (national: checked after). */
class QueueDashboardRoute {
  @Roles('admin')
  open(): void {}
}

/**
 * The bureau's own officer guard in front of routes that Nest does not route (the queue
 * dashboard's Fastify plugin): the same token checks (expiry required, account still
 * enabled), error codes, per-officer request rate and role rule as every bureau route,
 * rather than a second reading of what makes a valid officer token. A refusal is answered
 * here, in the error model (401/403/429): the board's scope has an error handler of its own.
 */
export function queueDashboardAdminOnly(guard: OfficerAuthGuard): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const context = new ExecutionContextHost(
      [request, reply, undefined],
      QueueDashboardRoute,
      QueueDashboardRoute.prototype.open,
    );
    try {
      await guard.canActivate(context);
      // The board shows (and acts on) the queues of the whole country: national tier only.
      if ((request as OfficerRequest).officer?.bureauCode !== NATIONAL_BUREAU_CODE) {
        throw new ForbiddenError(
          'QUEUE_DASHBOARD_NATIONAL_ONLY',
          'The queue dashboard is for national bureau admins.',
        );
      }
    } catch (err) {
      sendError(request, reply, err);
      return reply;
    }
  };
}
