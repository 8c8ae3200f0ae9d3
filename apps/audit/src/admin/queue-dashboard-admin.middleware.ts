import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { OfficerAuthGuard, Roles } from '@app/auth';

/** What the dashboard is to the officer guard: a route that only admins may open. */
class QueueDashboardRoute {
  @Roles('admin')
  open(): void {}
}

/**
 * The bureau's own officer guard in front of an Express router that Nest does not route
 * (the queue dashboard): the same token checks, error codes and role rule as every bureau
 * route, rather than a second reading of what makes a valid officer token. A refusal goes
 * to `next(err)`, where Nest's global filter turns it into the error model (401/403).
 */
export function queueDashboardAdminOnly(guard: OfficerAuthGuard): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const context = new ExecutionContextHost(
      [req, res, next],
      QueueDashboardRoute,
      QueueDashboardRoute.prototype.open,
    );
    guard.canActivate(context).then(() => next(), next);
  };
}
