import { DomainError } from '../errors/domain-error';
import { assertMayDisable, isNationalAdmin, OfficerAccount } from './officer-lifecycle';

const account = (overrides: Partial<OfficerAccount> = {}): OfficerAccount => ({
  id: 'target',
  bureauCode: '14401060000',
  role: 'reviewer',
  disabled: false,
  ...overrides,
});

const codeOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (err) {
    return (err as DomainError).code;
  }
};

describe('officer lifecycle', () => {
  it('knows national admins', () => {
    expect(isNationalAdmin({ bureauCode: '10000000000', role: 'admin' })).toBe(true);
    expect(isNationalAdmin({ bureauCode: '10000000000', role: 'auditor' })).toBe(false);
    expect(isNationalAdmin({ bureauCode: '14400000000', role: 'admin' })).toBe(false);
  });

  it('lets an admin disable another officer', () => {
    expect(codeOf(() => assertMayDisable('actor', account(), 1))).toBeNull();
    expect(codeOf(() => assertMayDisable('actor', account({ role: 'admin' }), 1))).toBeNull();
  });

  it('refuses an admin disabling itself', () => {
    expect(codeOf(() => assertMayDisable('target', account({ role: 'admin' }), 5))).toBe(
      'CANNOT_DISABLE_SELF',
    );
  });

  it('keeps at least one enabled national admin', () => {
    const national = account({ bureauCode: '10000000000', role: 'admin' });
    expect(codeOf(() => assertMayDisable('actor', national, 1))).toBe('LAST_NATIONAL_ADMIN');
    expect(codeOf(() => assertMayDisable('actor', national, 2))).toBeNull();
    // Already disabled: nothing changes, so it is not the last one going.
    expect(codeOf(() => assertMayDisable('actor', { ...national, disabled: true }, 1))).toBeNull();
  });
});
