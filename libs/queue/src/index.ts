export * from './queue-defaults';
export * from './queue.module';
export * from './queues';
