// Must stay the first import: it sets this file's limits and BULL_PREFIX before any app module loads.
import './demo-rate-limited.env';
import { type DemoSystem, expectFoundAsInjected, startDemoSystem } from './demo-system';

/**
 * The demo is a well-behaved client (docs/access-and-limits.md): against apps whose limits
 * it exceeds at every step (demo-rate-limited.env.ts), it waits out each 429 for its
 * Retry-After, sends the request again, and ends with the same result as without limits.
 */
describe('npm run demo against low rate limits', () => {
  let system: DemoSystem;

  beforeAll(async () => {
    system = await startDemoSystem();
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
