export * from './finding-row';
export * from './finding-filter';
export * from './findings-sql';
export * from './findings.reader';
export * from './findings-export';
export * from './review.module';
