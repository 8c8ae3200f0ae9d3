import { SealWatermark } from './seal-watermark';

/** Whether `p` has settled, and how, after pending callbacks ran. */
async function stateOf(p: Promise<void>): Promise<'pending' | 'resolved' | 'rejected'> {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
}

describe('SealWatermark', () => {
  it('lets a batch through once the verdicts of its last row are stored, not before', async () => {
    const mark = new SealWatermark(0);
    const batch = mark.reached(50_000);
    mark.advance(49_999);
    expect(await stateOf(batch)).toBe('pending');
    mark.advance(50_000);
    expect(await stateOf(batch)).toBe('resolved');
  });

  it('starts from the verdicts an earlier attempt stored', async () => {
    const mark = new SealWatermark(120_000);
    expect(await stateOf(mark.reached(100_000))).toBe('resolved');
    expect(await stateOf(mark.reached(150_000))).toBe('pending');
  });

  it('never goes back', async () => {
    const mark = new SealWatermark(10);
    mark.advance(5);
    expect(await stateOf(mark.reached(10))).toBe('resolved');
  });

  it('lets every batch through once all verdicts are stored', async () => {
    const mark = new SealWatermark(0);
    const last = mark.reached(1_000_000);
    mark.finish();
    expect(await stateOf(last)).toBe('resolved');
    expect(await stateOf(mark.reached(2_000_000))).toBe('resolved');
  });

  it('fails the waiting batches, and later ones, when the checks fail', async () => {
    const mark = new SealWatermark(100);
    const waiting = mark.reached(200);
    mark.fail(new Error('pool gone'));
    await expect(waiting).rejects.toThrow('pool gone');
    await expect(mark.reached(300)).rejects.toThrow('pool gone');
    expect(await stateOf(mark.reached(50))).toBe('resolved');
  });
});
