import { checkTaxId, parseIndustry } from '@app/domain';
import { calendarOf } from './economy-calendar';
import { ECONOMY_DISTRICTS } from './economy-districts';
import { planTaxpayers, unregisteredTaxIds } from './economy-taxpayers';
import { RETURN_PROFILE_CYCLE } from './return-profiles';

const options = { calendar: calendarOf('2017-09'), onlineShare: 0.1 };
const ageOf = (registeredOn: string) => (Date.parse('2017-09-30') - Date.parse(registeredOn)) / 86_400_000;

describe('economy taxpayers', () => {
  const taxpayers = planTaxpayers('taxpayers-spec', 40, options);

  it('are valid, distinct and drawn from the seed', () => {
    expect(taxpayers.every((t) => checkTaxId(t.taxId).ok)).toBe(true);
    expect(new Set(taxpayers.map((t) => t.taxId)).size).toBe(40);
    expect(planTaxpayers('taxpayers-spec', 40, options)).toEqual(taxpayers);
    expect(planTaxpayers('another seed', 40, options)[0].taxId).not.toBe(taxpayers[0].taxId);
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

  it('are in real-looking industries: manufacturers, wholesalers and retailers, services', () => {
    for (const t of taxpayers) expect(parseIndustry(t.industry)).toBe(t.industry);
    const sections = new Set(taxpayers.map((t) => t.industry[0]));
    for (const section of ['C', 'F']) expect(sections).toContain(section);
    expect([...sections].some((s) => 'GILM'.includes(s))).toBe(true);
  });

  it('were mostly registered years ago; a few lately, some of them within 90 days', () => {
    const ages = taxpayers.map((t) => ageOf(t.registeredOn));
    expect(ages.filter((a) => a >= 365).length).toBeGreaterThan(30);
    const young = taxpayers.filter((t) => t.trader!.newlyRegistered);
    expect(young.length).toBeGreaterThan(0);
    // Before the period before: every invoice of theirs comes after they were registered.
    for (const t of young) expect(t.registeredOn < '2017-08-01').toBe(true);
    for (const t of young) expect(ageOf(t.registeredOn)).toBeLessThan(90);
    expect(ages).toContain(90);
  });

  it('issue online in the given share, at least one wholesaler or retailer among them', () => {
    const online = taxpayers.filter((t) => t.trader!.online);
    expect(online).toHaveLength(4);
    expect(online.some((t) => t.industry.startsWith('F'))).toBe(true);
  });

  it('refuses an economy smaller than its districts', () => {
    expect(() => planTaxpayers('x', ECONOMY_DISTRICTS.length - 1, options)).toThrow(RangeError);
  });

  it('makes valid IDs nobody registered', () => {
    const taken = new Set(taxpayers.map((t) => t.taxId));
    const strangers = unregisteredTaxIds('taxpayers-spec', 5, taken);
    expect(new Set(strangers).size).toBe(5);
    expect(strangers.every((id) => checkTaxId(id).ok && !taken.has(id))).toBe(true);
  });
});
