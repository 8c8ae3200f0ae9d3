import forge from 'node-forge';
import { DataSource } from 'typeorm';
import { dataSourceOptions, PkiRepository } from '@app/database';
import { KeyVault, parseMasterKeys } from '@app/pki';
import { CertificateAuthorityService } from '../../apps/issuance/src/pki/certificate-authority.service';
import { IssuanceConfig } from '../../apps/issuance/src/config/issuance.config';
import { dropDatabase, migrate } from '../../scripts/migrate';

/**
 * The root CA and a province's issuing CA are made on first need, in one transaction. Making
 * the root's key takes a moment: when a second boundary passed meanwhile, the issuing CA was
 * signed with a clock reading taken before the root existed, earlier than the root's start,
 * and the first enrollment of an installation failed with 500 (found by a chaos run). On a
 * database of its own: the shared one has its CAs already.
 */
describe('certificate authorities made on first need', () => {
  const base = new URL(process.env.DATABASE_URL!);
  const url = (() => {
    const u = new URL(base.toString());
    u.pathname = `/${`${base.pathname.slice(1)}_cas`.slice(0, 63)}`;
    return u.toString();
  })();
  let db: DataSource;

  beforeAll(async () => {
    await dropDatabase(url);
    await migrate(url);
    db = await new DataSource(dataSourceOptions(url, 'test-cas', 2)).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(url);
  });

  it('signs the issuing CA after the root it makes, however long the root took', async () => {
    const keys = parseMasterKeys(new IssuanceConfig().PKI_MASTER_KEYS);
    const cas = new CertificateAuthorityService(db, new PkiRepository(db), new KeyVault(keys, 1));
    // The first reading is just before a second's end; every later one 1.5 s on.
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 + 999);
    let readings = 0;
    cas.useClock(() => new Date(start.getTime() + (readings++ === 0 ? 0 : 1500)));

    const issuing = await cas.issuingCa('44');

    const [rootPem, issuingPem] = await cas.chainPems();
    const root = forge.pki.certificateFromPem(rootPem);
    const cert = forge.pki.certificateFromPem(issuingPem);
    expect(cert.serialNumber.toUpperCase()).toBe(issuing.serialNumber.toUpperCase());
    expect(root.verify(cert)).toBe(true);
    expect(cert.validity.notBefore.getTime()).toBeGreaterThanOrEqual(root.validity.notBefore.getTime());
  });
});
