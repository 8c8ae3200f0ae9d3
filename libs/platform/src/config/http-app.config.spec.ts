import { HttpAppConfig } from './http-app.config';
import { loadConfig } from './config-loader';

class SampleHttpConfig extends HttpAppConfig {
  get port(): number {
    return 3000;
  }
}

describe('HttpAppConfig', () => {
  it('trusts no proxy by default: the peer is the client', () => {
    expect(loadConfig(SampleHttpConfig, {}).trustProxy).toBe(false);
    expect(loadConfig(SampleHttpConfig, { TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes a number of hops or a list of proxy addresses, subnets and names', () => {
    expect(loadConfig(SampleHttpConfig, { TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig(SampleHttpConfig, { TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::1',
    ]);
  });

  it('refuses to trust every peer, and anything else it cannot read', () => {
    for (const value of ['true', 'yes', '10.0.0.0/8;rm', '']) {
      expect(() => loadConfig(SampleHttpConfig, { TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
  });

  it('has the default abuse limits of ADR 0017', () => {
    expect(loadConfig(SampleHttpConfig, {})).toMatchObject({
      RATE_LIMIT_ENTERPRISE_PER_SECOND: 20,
      RATE_LIMIT_ENTERPRISE_BURST: 100,
      RATE_LIMIT_OFFICER_PER_SECOND: 10,
      RATE_LIMIT_OFFICER_BURST: 50,
      LOGIN_FAILURES_PER_USERNAME: 5,
      AUTH_FAILURE_WINDOW_SECONDS: 900,
    });
  });
});
