import { BusinessRuleError } from '../errors/domain-error';
import { NATIONAL_BUREAU_CODE } from '../identifiers/bureau-code';

/** An officer account as the lifecycle rules see it. */
export interface OfficerAccount {
  id: string;
  bureauCode: string;
  role: string;
  disabled: boolean;
}

export function isNationalAdmin(account: Pick<OfficerAccount, 'bureauCode' | 'role'>): boolean {
  return account.role === 'admin' && account.bureauCode === NATIONAL_BUREAU_CODE;
}

/**
 * Whether an admin may disable `target` (jurisdiction is checked before, by the caller):
 * never itself (an admin that locks itself out needs another admin to come back), and
 * never the last enabled national admin (nobody could enable anyone again, not even
 * through ADMIN_USERNAME, which never touches an existing account). Disabling an account
 * that is already disabled changes nothing and is allowed.
 * @param enabledNationalAdmins enabled national admins, `target` included, counted under
 *   a lock that serialises every disable.
 * @throws BusinessRuleError `CANNOT_DISABLE_SELF`, `LAST_NATIONAL_ADMIN`.
 */
export function assertMayDisable(
  actorId: string,
  target: OfficerAccount,
  enabledNationalAdmins: number,
): void {
  if (target.id === actorId) {
    throw new BusinessRuleError('CANNOT_DISABLE_SELF', 'An admin cannot disable its own account.');
  }
  if (!target.disabled && isNationalAdmin(target) && enabledNationalAdmins <= 1) {
    throw new BusinessRuleError(
      'LAST_NATIONAL_ADMIN',
      'This is the last enabled national admin; enable or create another one first.',
    );
  }
}
