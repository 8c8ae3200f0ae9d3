export * from './queue-defaults';
export * from './queue.module';
