// The only door into @app/audit-runs: starting, fanning out and reading audit runs.
export * from './audit-run';
export * from './audit-partition-layout.repository';
export * from './audit-runs.repository';
export * from './rule-sets.repository';
export * from './audit-run-launcher.service';
export * from './audit-runs.module';
export * from './audit-input.repository';
export * from './backtest-preflight.service';
