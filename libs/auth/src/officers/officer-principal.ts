import { bureauCovers, bureauScopePrefix } from '@app/domain';

export type OfficerRole = 'reviewer' | 'auditor' | 'admin';
export const OFFICER_ROLES: readonly OfficerRole[] = ['reviewer', 'auditor', 'admin'];

/** The claims a bureau JWT carries. */
export interface OfficerClaims {
  sub: string;
  username: string;
  bureauCode: string;
  role: OfficerRole;
  /** The account's token_version at login: a disable makes every earlier token invalid. */
  ver: number;
}

/**
 * The authenticated officer of a request and its jurisdiction: the subtree of its
 * bureau. Services ask `covers()` before reading or writing anything bureau-owned.
 */
export class OfficerPrincipal {
  readonly scopePrefix: string;

  constructor(
    readonly userId: string,
    readonly username: string,
    readonly bureauCode: string,
    readonly role: OfficerRole,
  ) {
    this.scopePrefix = bureauScopePrefix(bureauCode);
  }

  static fromClaims(claims: OfficerClaims): OfficerPrincipal {
    return new OfficerPrincipal(claims.sub, claims.username, claims.bureauCode, claims.role);
  }

  covers(bureauCode: string): boolean {
    return bureauCovers(this.bureauCode, bureauCode);
  }
}
