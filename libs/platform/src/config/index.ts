export * from './config-loader';
export * from './base.config';
export * from './config.module';
export * from './http-app.config';
