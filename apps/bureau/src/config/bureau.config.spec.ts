import { loadConfig } from '@app/platform';
import { BureauConfig } from './bureau.config';

describe('BureauConfig', () => {
  it('refuses the development secrets in production', () => {
    expect(() => loadConfig(BureauConfig, { NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET[\s\S]*IDENTITY_HMAC_KEY[\s\S]*ADMIN_PASSWORD/,
    );
  });

  it('accepts production secrets of its own', () => {
    const config = loadConfig(BureauConfig, {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      IDENTITY_HMAC_KEY: 'k'.repeat(40),
      ADMIN_PASSWORD: 'a strong password here',
    });
    expect(config.port).toBe(3004);
  });

  it('escalates overdue assist requests every 15 days unless told otherwise; never under a day', () => {
    expect(loadConfig(BureauConfig, {}).ASSIST_ESCALATION_DAYS).toBe(15);
    expect(loadConfig(BureauConfig, { ASSIST_ESCALATION_DAYS: '7' }).ASSIST_ESCALATION_DAYS).toBe(7);
    expect(() => loadConfig(BureauConfig, { ASSIST_ESCALATION_DAYS: '0' })).toThrow(/ASSIST_ESCALATION_DAYS/);
    expect(() => loadConfig(BureauConfig, { ASSIST_ESCALATION_DAYS: '1.5' })).toThrow(
      /ASSIST_ESCALATION_DAYS/,
    );
  });

  it('refuses a short JWT secret or a bad port', () => {
    expect(() => loadConfig(BureauConfig, { JWT_SECRET: 'short', BUREAU_PORT: '70000' })).toThrow(
      /JWT_SECRET[\s\S]*BUREAU_PORT|BUREAU_PORT[\s\S]*JWT_SECRET/,
    );
  });
});
