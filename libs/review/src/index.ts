export * from './finding-row';
export * from './finding-filter';
export * from './findings-sql';
export * from './findings.repository';
export * from './findings-export';
export * from './review.module';
