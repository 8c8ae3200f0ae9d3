export * from './queue-consumer';
export * from './queue-defaults';
export * from './queue.module';
export * from './queues';
export * from './audit-queues';
export * from './job-reconcile';
