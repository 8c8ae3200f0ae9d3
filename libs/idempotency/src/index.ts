export * from './idempotency-store';
export * from './idempotent-route';
export * from './idempotency.decorators';
export * from './idempotency.module';
export * from './process-lease';
