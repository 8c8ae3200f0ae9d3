// Test-only: the stable code of the error an action throws (DomainError or PkiError), or undefined.
import { DomainError } from '@app/domain';
import { PkiError } from '../pki.error';

export function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError || error instanceof PkiError) return error.code;
    throw error;
  }
  return undefined;
}
