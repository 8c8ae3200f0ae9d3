import * as bulk from './index';

describe('@app/bulk public surface', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(bulk).sort()).toEqual(
      [
        'BulkFileError',
        'BulkRowParser',
        'CopyTextEncoder',
        'CsvRowParser',
        'MAX_BATCH_ROWS',
        'MAX_FIELD_LENGTH',
        'NdjsonRowParser',
        'encodeCopyRow',
      ].sort(),
    );
  });
});
