export * from './idempotency-store';
export * from './idempotency.interceptor';
export * from './idempotency.decorators';
export * from './idempotency.module';
export * from './process-lease';
