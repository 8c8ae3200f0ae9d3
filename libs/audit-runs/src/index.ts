// The only door into @app/audit-runs: starting, fanning out and reading audit runs.
export * from './audit-run';
export * from './audit-partition-layout';
export * from './audit-runs.repository';
export * from './rule-sets.repository';
export * from './audit-run-launcher.service';
export * from './audit-runs.module';
