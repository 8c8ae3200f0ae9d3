export * from './certificate-authority.entity';
export * from './device-certificate.entity';
export * from './revocation.entity';
export * from './pki.repository';
