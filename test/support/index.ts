export * from './test-app';
export * from './test-environment';
export * from '../factories/tax-ids.factory';
export * from '../factories/bureaus.fixture';
export * from '../factories/officers.factory';
