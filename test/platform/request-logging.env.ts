/**
 * Imported first by request-logging.e2e-spec.ts: the apps log at info, where request lines
 * are written (the suite's default level, error, writes none).
 */
Object.assign(process.env, { LOG_LEVEL: 'info' });

export {};
