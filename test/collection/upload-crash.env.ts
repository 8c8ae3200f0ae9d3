/**
 * Imported first by upload-crash.e2e-spec.ts, before any app module, because app configs
 * are read when their module loads. (An assignment at the top of the spec would not do:
 * imports are evaluated before the body of the module that imports them.)
 *
 * - UPLOAD_WORKER=0: the collection app in the test process only receives uploads; the
 *   queue is consumed by child processes that the test starts and kills.
 * - A bull prefix of this file's own (inside the run's prefix, so global teardown still
 *   removes its keys): the in-process workers of other e2e files, which share the run's
 *   prefix, must never take these jobs.
 */
process.env.UPLOAD_WORKER = '0';
process.env.BULL_PREFIX = `${process.env.BULL_PREFIX ?? 'jinshui-test'}:upload-crash`;

export {};
