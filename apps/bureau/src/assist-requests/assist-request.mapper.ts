import type { AssistRequestRow } from './assist-requests.repository';
import type { AssistReplyDto, AssistRequestDto } from './dto/assist-request.dto';

function replyOf(row: AssistRequestRow): AssistReplyDto | null {
  if (row.conclusion === null || row.repliedAt === null) return null;
  return {
    conclusion: row.conclusion,
    evidenceNote: row.evidenceNote ?? '',
    repliedBy: row.repliedBy ?? '',
    repliedByBureau: row.repliedByBureau ?? '',
    repliedAt: row.repliedAt.toISOString(),
  };
}

/**
 * The API's view of a request. Its status is whether it has a reply: the engine's own
 * status column is the engine's business and not shown.
 */
export function toAssistRequestDto(row: AssistRequestRow): AssistRequestDto {
  const reply = replyOf(row);
  return {
    id: row.id,
    findingId: row.findingId,
    period: row.period,
    fromBureauCode: row.fromBureauCode,
    toBureauCode: row.toBureauCode,
    assignedBureauCode: row.assignedBureauCode,
    escalationLevel: row.escalationLevel,
    status: reply ? 'answered' : 'open',
    overdue: row.overdue,
    openedAt: row.openedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    finding: {
      category: row.category,
      invoiceCode: row.invoiceCode,
      invoiceNumber: row.invoiceNumber,
      sellerTaxId: row.sellerTaxId,
      buyerTaxId: row.buyerTaxId,
      taxAtRisk: row.taxAtRisk,
    },
    reply,
  };
}
