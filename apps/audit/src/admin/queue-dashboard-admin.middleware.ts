import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { OfficerAuthGuard, type OfficerPrincipal, Roles } from '@app/auth';
import { ForbiddenError, NATIONAL_BUREAU_CODE } from '@app/domain';

/** What the dashboard is to the officer guard: a route that only admins may open (national: checked after). */
class QueueDashboardRoute {
  @Roles('admin')
  open(): void {}
}

/**
 * The bureau's own officer guard in front of an Express router that Nest does not route
 * (the queue dashboard): the same token checks (expiry required, account still enabled),
 * error codes, per-officer request rate and role rule as every bureau route, rather than a
 * second reading of what makes a valid officer token. A refusal goes
 * to `next(err)`, where Nest's global filter turns it into the error model (401/403).
 */
export function queueDashboardAdminOnly(guard: OfficerAuthGuard): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const context = new ExecutionContextHost(
      [req, res, next],
      QueueDashboardRoute,
      QueueDashboardRoute.prototype.open,
    );
    guard.canActivate(context).then(() => {
      // The board shows (and acts on) the queues of the whole country: national tier only.
      const officer = (req as Request & { officer?: OfficerPrincipal }).officer;
      if (officer?.bureauCode !== NATIONAL_BUREAU_CODE) {
        next(
          new ForbiddenError(
            'QUEUE_DASHBOARD_NATIONAL_ONLY',
            'The queue dashboard is for national bureau admins.',
          ),
        );
        return;
      }
      next();
    }, next);
  };
}
