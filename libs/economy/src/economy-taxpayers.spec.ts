import { checkTaxId } from '@app/domain';
import { ECONOMY_DISTRICTS } from './economy-districts';
import { planTaxpayers, unregisteredTaxIds } from './economy-taxpayers';
import { RETURN_PROFILE_CYCLE } from './return-profiles';

describe('economy taxpayers', () => {
  const taxpayers = planTaxpayers('taxpayers-spec', 40);

  it('are valid, distinct and drawn from the seed', () => {
    expect(taxpayers.every((t) => checkTaxId(t.taxId).ok)).toBe(true);
    expect(new Set(taxpayers.map((t) => t.taxId)).size).toBe(40);
    expect(planTaxpayers('taxpayers-spec', 40)).toEqual(taxpayers);
    expect(planTaxpayers('another seed', 40)[0].taxId).not.toBe(taxpayers[0].taxId);
  });

  it('are registered in their district, with its division code in their ID', () => {
    for (const t of taxpayers) {
      expect(ECONOMY_DISTRICTS.map((d) => d.bureauCode)).toContain(t.bureauCode);
      expect(t.taxId.slice(2, 8)).toBe(t.bureauCode.slice(1, 7));
      expect(t.province).toBe(t.bureauCode.slice(1, 3));
    }
    expect(new Set(taxpayers.map((t) => t.province)).size).toBeGreaterThanOrEqual(3);
  });

  it('file in every return profile, each district in several', () => {
    expect(new Set(taxpayers.map((t) => t.returnProfile))).toEqual(new Set(RETURN_PROFILE_CYCLE));
    for (const d of ECONOMY_DISTRICTS) {
      const profiles = new Set(
        taxpayers.filter((t) => t.bureauCode === d.bureauCode).map((t) => t.returnProfile),
      );
      expect(profiles.size).toBeGreaterThan(1);
    }
  });

  it('refuses an economy smaller than its districts', () => {
    expect(() => planTaxpayers('x', ECONOMY_DISTRICTS.length - 1)).toThrow(RangeError);
  });

  it('makes valid IDs nobody registered', () => {
    const taken = new Set(taxpayers.map((t) => t.taxId));
    const strangers = unregisteredTaxIds('taxpayers-spec', 5, taken);
    expect(new Set(strangers).size).toBe(5);
    expect(strangers.every((id) => checkTaxId(id).ok && !taken.has(id))).toBe(true);
  });
});
