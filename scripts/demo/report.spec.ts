import { FINDING_CATEGORIES, GOLDEN_TAX_TERMS } from '@app/domain';
import { compareFindings } from './ledger';
import {
  CATEGORY_LEGEND,
  displayWidth,
  progressBar,
  renderComparison,
  renderSummary,
  renderTable,
} from './report';

describe('report rendering', () => {
  it('counts CJK characters as two columns and aligns numbers right', () => {
    expect(displayWidth('广州abc')).toBe(7);
    const text = renderTable(
      ['name', 'n'],
      [
        ['广州', 5],
        ['Tianhe', 12],
      ],
    );
    expect(text.split('\n')).toEqual(['name     n', '------  --', '广州     5', 'Tianhe  12']);
  });

  it('draws a progress bar clamped to 0–100', () => {
    expect(progressBar(50, 10)).toBe('[#####.....]  50%');
    expect(progressBar(140, 4)).toBe('[####] 100%');
    expect(progressBar(-3, 4)).toBe('[....]   0%');
  });

  it('renders the comparison with a total row', () => {
    const key = {
      category: 'FORGED',
      period: 'p',
      invoiceCode: 'c',
      invoiceNumber: 'n',
      sellerTaxId: 's',
      buyerTaxId: 'b',
    };
    const lines = renderComparison(compareFindings([key], [key], ['FORGED'])).split('\n');
    expect(lines[0]).toBe('category  term  expected  found  missed  false');
    expect(lines[2]).toBe('FORGED    假票         1      1       0      0');
    expect(lines[3]).toBe('total                  1      1       0      0');
  });

  it('names every category, the risk stage ones included, by its Golden Tax term', () => {
    const rows = FINDING_CATEGORIES.map((category) => ({
      category,
      period: 'p',
      invoiceCode: null,
      invoiceNumber: null,
      sellerTaxId: 's',
      buyerTaxId: null,
    }));
    const text = renderComparison(compareFindings(rows, rows));
    for (const category of FINDING_CATEGORIES)
      expect(text).toMatch(new RegExp(`^${category} +${GOLDEN_TAX_TERMS[category]} +1 +1 +0 +0$`, 'm'));
    expect(text).toContain('NEW_ENTITY_BURST        新办企业短期大额开票');
    expect(CATEGORY_LEGEND).toContain('ABSC ABSCONDED_SELLER_INPUT');
  });

  it('shows only the categories with findings in a summary', () => {
    const text = renderSummary(
      [
        {
          code: '14400000000',
          name: '广东',
          level: 'province',
          counts: { FORGED: 2, UNCLAIMED: 0 },
          totalFindings: 2,
          totalTaxAtRisk: '26.00',
        },
      ],
      ['FORGED', 'UNCLAIMED'],
    );
    expect(text).toContain('FORG');
    expect(text).not.toContain('UNCL');
  });
});
