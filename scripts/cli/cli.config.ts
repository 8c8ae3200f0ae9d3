import { BaseConfig } from '@app/platform';

/**
 * Settings of the auditor CLI: the shared ones (DATABASE_URL, REDIS_URL, and BULL_PREFIX,
 * which must be the audit workers'), with quieter logs by default: stdout carries the
 * tables and exports, and the framework's start-up lines would only clutter stderr.
 */
export class CliConfig extends BaseConfig {
  override LOG_LEVEL = 'warn';
}
