export * from './passwords/password-hasher';
export * from './officers/officer-principal';
export * from './officers/officer-auth.decorators';
export * from './officers/officer-auth.guard';
export * from './officers/officer-auth.module';
