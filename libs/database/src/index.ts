export * from './data-source-options';
export * from './database.module';
export * from './entities';
export * from './registry';
export * from './registry.module';
export * from './pki';
export * from './update-returning';
export * from './pg-error';
