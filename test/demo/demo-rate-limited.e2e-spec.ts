import { fileSettings } from '@app/testing';
import { type DemoSystem, expectFoundAsInjected, startDemoSystem } from './demo-system';

/** Low abuse limits, far below the defaults `npm start` runs with: the small demo meets 429s in every app. */
const SETTINGS = fileSettings('demo-limited', {
  RATE_LIMIT_PUBLIC_PER_SECOND: '1',
  RATE_LIMIT_PUBLIC_BURST: '2',
  RATE_LIMIT_OFFICER_PER_SECOND: '3',
  RATE_LIMIT_OFFICER_BURST: '5',
  RATE_LIMIT_ENTERPRISE_PER_SECOND: '2',
  RATE_LIMIT_ENTERPRISE_BURST: '3',
});

/**
 * The demo is a well-behaved client (docs/access-and-limits.md): against apps whose limits
 * it exceeds at every step (SETTINGS), it waits out each 429 for its
 * Retry-After, sends the request again, and ends with the same result as without limits.
 */
describe('npm run demo against low rate limits', () => {
  let system: DemoSystem;

  beforeAll(async () => {
    system = await startDemoSystem(SETTINGS);
  }, 120_000);

  afterAll(() => system.close());

  it('waits out the 429s and finds exactly what it injected', async () => {
    const result = await system.run(`limited${Date.now().toString(36)}`);
    if (!result.comparison.perfect) process.stderr.write(`${system.log.join('\n')}\n`);
    expectFoundAsInjected(result);
    expect(result.tradeInvoices).toBe(150);
    expect(system.log.join('\n')).toMatch(/\d+ answers were 429 \(rate limits\): waited out/);
  }, 600_000);
});
