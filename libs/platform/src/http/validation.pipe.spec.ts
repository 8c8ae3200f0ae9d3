import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { IsMoney, IsTaxIdShape } from './stable-code.decorators';
import { createValidationPipe } from './validation.pipe';

class PaymentDto {
  @IsMoney()
  amount!: string;

  @IsMoney({ allowNegative: true })
  adjustment!: string;
}

class TaxpayerRefDto {
  @IsTaxIdShape()
  taxId!: string;
}

const pipe = createValidationPipe();
const meta = (metatype: new () => object): ArgumentMetadata => ({ type: 'body', metatype });

async function codeOf(dto: new () => object, body: object): Promise<string> {
  try {
    await pipe.transform(body, meta(dto));
    return 'OK';
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('validation pipe', () => {
  it.each([
    ['a decimal string', { amount: '1234.50', adjustment: '-1.00' }, 'OK'],
    ['money as a JSON number', { amount: 1234.5, adjustment: '0' }, 'MONEY_INVALID'],
    ['three decimals', { amount: '1.005', adjustment: '0' }, 'MONEY_INVALID'],
    ['exponent form', { amount: '1e3', adjustment: '0' }, 'MONEY_INVALID'],
    ['negative where it cannot be', { amount: '-1.00', adjustment: '0' }, 'MONEY_INVALID'],
    ['negative where it may be', { amount: '1.00', adjustment: '-0.50' }, 'OK'],
    ['NaN', { amount: 'NaN', adjustment: '0' }, 'MONEY_INVALID'],
    ['an unknown field', { amount: '1.00', adjustment: '0', extra: 1 }, 'UNKNOWN_FIELD'],
    ['a missing field plus an unknown one', { adjustment: '0', extra: 1 }, 'VALIDATION_FAILED'],
  ])('%s → %s', async (_what, body, code) => {
    expect(await codeOf(PaymentDto, body)).toBe(code);
  });

  it.each([
    ['91350100M000100Y43', 'OK'],
    ['91350100M000100Y4', 'TAX_ID_INVALID'],
    ['91350100M000100I43', 'TAX_ID_INVALID'],
    ['91350100m000100y43', 'TAX_ID_INVALID'],
  ])('tax ID shape %s → %s', async (taxId, code) => {
    expect(await codeOf(TaxpayerRefDto, { taxId })).toBe(code);
  });

  it('lists every problem with its field', async () => {
    await expect(pipe.transform({ amount: 1, adjustment: 2 }, meta(PaymentDto))).rejects.toMatchObject({
      code: 'MONEY_INVALID',
      details: [
        { field: 'amount', problems: [expect.stringMatching(/decimal string/)] },
        { field: 'adjustment', problems: [expect.stringMatching(/decimal string/)] },
      ],
    });
  });

  it('refuses without capturing a stack, and leaves the stack limit as it was', async () => {
    const limit = Error.stackTraceLimit;
    const refused = await pipe
      .transform({ amount: 1, adjustment: '0' }, meta(PaymentDto))
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as Error).stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('elsewhere').stack).toMatch(/\n\s+at /);
  });
});
