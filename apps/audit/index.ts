/**
 * The audit app's public door: what the CLI, the benches and the scripts may use of it.
 * Nothing outside apps/audit imports from its src/ (lint: no-restricted-imports).
 */
export { AuditConfig } from './src/config/audit.config';
