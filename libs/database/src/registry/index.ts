export * from './bureau.entity';
export * from './bureau-user.entity';
export * from './taxpayer.entity';
export * from './taxpayer-status-change.entity';
export * from './tax-id-override.entity';
export * from './bureau.repository';
export * from './taxpayer.repository';
export * from './number-range.entity';
