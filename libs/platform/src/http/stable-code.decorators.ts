import { registerDecorator, ValidationOptions } from 'class-validator';
import { isMoneyString } from '@app/domain';

/**
 * Field decorators whose constraint name is a stable error code: when every problem of a
 * request carries the same such code, the validation pipe reports that code instead of
 * the generic VALIDATION_FAILED, so clients can branch on MONEY_INVALID etc.
 */
function stableCodeDecorator(
  code: string,
  test: (value: unknown, negativeAllowed: boolean) => boolean,
  describe: (field: string) => string,
) {
  return (opts: { allowNegative?: boolean } & ValidationOptions = {}): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name: code,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: (args) => describe(args.property), ...opts },
        validator: { validate: (value: unknown) => test(value, opts.allowNegative ?? false) },
      });
}

/** Money as a decimal string with at most two decimals (DESIGN §4); JSON numbers are refused. */
export const IsMoney = stableCodeDecorator(
  'MONEY_INVALID',
  (value, negativeAllowed) =>
    typeof value === 'string' && isMoneyString(value) && (negativeAllowed || !value.startsWith('-')),
  (field) => `${field} must be a decimal string with at most 2 decimals, e.g. "1234.50" (not a JSON number)`,
);

const TAX_ID_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** 18 characters of the credit-code alphabet; the check character is verified by the service (override list). */
export const IsTaxIdShape = stableCodeDecorator(
  'TAX_ID_INVALID',
  (value) => typeof value === 'string' && TAX_ID_SHAPE.test(value),
  (field) => `${field} must be 18 characters of 0-9 and A-Z without I, O, S, V, Z`,
);
