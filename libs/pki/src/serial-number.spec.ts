import { newSerialNumber } from './serial-number';

describe('newSerialNumber', () => {
  it('is 32 uppercase hex digits, positive and minimally encoded', () => {
    const serials = Array.from({ length: 2000 }, newSerialNumber);
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-9A-F]{32}$/);
      const first = parseInt(serial.slice(0, 2), 16);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(0x80);
    }
    expect(new Set(serials).size).toBe(serials.length);
  });
});
