import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { sheetBacklog, sheetDrained } from './findings-export';

/**
 * The XLSX export bounds its memory by reading exceljs' own stream objects (exceljs#734:
 * the streaming writer ignores backpressure). If an exceljs upgrade moves them, this fails
 * rather than the export quietly buffering a million rows again.
 */
describe('XLSX backpressure', () => {
  it('sees the sheet XML waiting for the zip, and waits until it is under the limit', async () => {
    const slow = new Writable({ write: (_chunk, _enc, done) => setTimeout(done, 1) });
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: slow,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('findings');
    const row = Array.from({ length: 17 }, (_, i) => `value ${i} of a finding`);
    for (let i = 0; i < 20_000; i++) sheet.addRow(row).commit();
    // Nothing has had a chance to move: the rows are all waiting.
    expect(sheetBacklog(sheet)).toBeGreaterThan(1024 * 1024);
    await sheetDrained(sheet, 256 * 1024);
    expect(sheetBacklog(sheet)).toBeLessThanOrEqual(256 * 1024);
    sheet.commit();
    await workbook.commit();
  });
});
