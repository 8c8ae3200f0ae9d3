import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_PATH, dashboardPlugin, DASHBOARD_ROOT } from './dashboard.plugin';

/**
 * The officers' web dashboard at /dashboard/: static ES modules, HTML and CSS (no build
 * step, no framework) that call the bureau API with the officer's bearer token, like any
 * other client. A Fastify plugin beside Nest's routes: the API, OpenAPI and the error
 * model are unchanged. The files hold no data: they are public; every API call needs the token.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  private readonly logger = new Logger(DashboardModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter as typeof this.adapterHost.httpAdapter | undefined;
    if (!http) return; // an application context without HTTP
    void http.getInstance<FastifyInstance>().register(dashboardPlugin(), { prefix: DASHBOARD_PATH });
    this.logger.log(`dashboard at ${DASHBOARD_PATH}/ (files from ${DASHBOARD_ROOT})`);
  }
}
