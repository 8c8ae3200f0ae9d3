import { DomainError, ValidationError } from '@app/domain';
import { BulkFileError } from './bulk-file.error';

describe('BulkFileError', () => {
  it('is a ValidationError, so the HTTP filter answers 400 with its code and details', () => {
    const error = new BulkFileError('CSV_HEADER_INVALID', 'bad header', { expected: ['a'], got: ['b'] });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'BulkFileError',
      code: 'CSV_HEADER_INVALID',
      kind: 'invalid',
      message: 'bad header',
      details: { expected: ['a'], got: ['b'] },
    });
  });
});
