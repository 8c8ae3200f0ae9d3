import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULE_SET, FINDING_CATEGORIES, FINDING_SUBJECTS } from '@app/domain';

/** docs/review.md writes the scoring rule out for officers; it must be the code's. */
describe('the risk score as docs/review.md states it', () => {
  it('lists every category with its subject and default weight, in the domain’s order', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'review.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| (seller|buyer|both) \| (\d+) \| (\d+) \|$/gm)].map(
      (m) => [m[1], m[2], Number(m[3]), Number(m[4])],
    );
    expect(rows).toEqual(
      FINDING_CATEGORIES.map((c) => [
        c,
        FINDING_SUBJECTS[c],
        DEFAULT_RULE_SET.weights[c].perFinding,
        DEFAULT_RULE_SET.weights[c].max,
      ]),
    );
  });
});
