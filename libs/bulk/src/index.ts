// The only door into @app/bulk: streaming parsers for bulk uploads (CSV, NDJSON) and the
// COPY text encoder that feeds their rows to PostgreSQL. Pure TypeScript on node:stream.
export * from './bulk-file.error';
export * from './bulk-row';
export * from './bulk-row-parser';
export * from './csv-row-parser';
export * from './ndjson-row-parser';
export * from './copy-text-encoder';
