import type { AssistRequestRow } from './assist-requests.repository';
import { toAssistRequestDto } from './assist-request.mapper';

const row = (over: Partial<AssistRequestRow> = {}): AssistRequestRow => ({
  id: '0b6f2a52-3c1e-4d7a-9a57-2f0e1c9b6d11',
  findingId: '1042',
  period: '2026-01',
  fromBureauCode: '11101010000',
  toBureauCode: '14401060000',
  assignedBureauCode: '14401000000',
  escalationLevel: 1,
  overdue: true,
  openedAt: new Date('2026-02-01T02:00:00Z'),
  dueAt: new Date('2026-03-03T02:00:00Z'),
  dueAtKey: '2026-03-03T02:00:00.000000Z',
  category: 'OVERSTATED_CLAIM',
  invoiceCode: '4400231130',
  invoiceNumber: '00012345',
  sellerTaxId: '91440106MA59XXXX0K',
  buyerTaxId: '91110101MA01XXXX3Q',
  taxAtRisk: '20.00',
  conclusion: null,
  evidenceNote: null,
  repliedBy: null,
  repliedByBureau: null,
  repliedAt: null,
  ...over,
});

describe('assist request view', () => {
  it('shows an unanswered request as open, with its escalation and no reply', () => {
    const dto = toAssistRequestDto(row());
    expect(dto).toMatchObject({
      status: 'open',
      overdue: true,
      escalationLevel: 1,
      assignedBureauCode: '14401000000',
      openedAt: '2026-02-01T02:00:00.000Z',
      dueAt: '2026-03-03T02:00:00.000Z',
      reply: null,
    });
    expect(dto.finding).toEqual({
      category: 'OVERSTATED_CLAIM',
      invoiceCode: '4400231130',
      invoiceNumber: '00012345',
      sellerTaxId: '91440106MA59XXXX0K',
      buyerTaxId: '91110101MA01XXXX3Q',
      taxAtRisk: '20.00',
    });
  });

  it('shows a request with a reply as answered, with who replied and what', () => {
    const dto = toAssistRequestDto(
      row({
        assignedBureauCode: '14401060000',
        escalationLevel: 0,
        overdue: false,
        conclusion: 'false',
        evidenceNote: '无真实交易',
        repliedBy: 'li.na',
        repliedByBureau: '14401060000',
        repliedAt: new Date('2026-03-04T08:30:00Z'),
      }),
    );
    expect(dto.status).toBe('answered');
    expect(dto.reply).toEqual({
      conclusion: 'false',
      evidenceNote: '无真实交易',
      repliedBy: 'li.na',
      repliedByBureau: '14401060000',
      repliedAt: '2026-03-04T08:30:00.000Z',
    });
  });

  it('keeps the cursor key and the raw columns out of the view', () => {
    const dto = toAssistRequestDto(row());
    expect(dto).not.toHaveProperty('dueAtKey');
    expect(dto).not.toHaveProperty('conclusion');
    expect(dto).not.toHaveProperty('category');
  });
});
