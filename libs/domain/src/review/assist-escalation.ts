/**
 * Escalation of assist requests (协查, issue 6): an unanswered request past its due date
 * climbs to the parent bureau of the one it was sent to, and on up one tier per
 * escalation period, until the national tier has it. It is computed whenever a request is
 * read, from the due date and the reading's clock: no job moves requests, so a request's
 * tier cannot drift from the rule, and a changed escalation period applies at once to
 * every open request.
 *
 * The bureau app's SQL (apps/bureau/src/assist-requests/assist-requests.repository.ts)
 * applies the same rule in Postgres, because an inbox is selected by the assigned bureau.
 * The two must agree; test/bureau/assist-requests.e2e-spec.ts compares them at the
 * boundaries.
 */

const DAY_MS = 86_400_000;

export interface AssistEscalationInput {
  dueAt: Date;
  now: Date;
  /** Days a request waits at each tier before it climbs to the next (ASSIST_ESCALATION_DAYS). */
  escalationDays: number;
  /**
   * Tiers between the bureau the request was sent to and the national tier: 3 for a
   * district, 2 for a city (a city without districts registers taxpayers itself), 1 for
   * a province. The national tier is as high as a request goes.
   */
  tiersAbove: number;
  answered: boolean;
}

/** Unanswered and strictly past its due date: a request due now is not yet overdue. */
export function isAssistOverdue(dueAt: Date, now: Date, answered: boolean): boolean {
  return !answered && dueAt.getTime() < now.getTime();
}

/**
 * How many tiers above the addressed bureau a request is now assigned: 0 until it is
 * overdue (and always once answered, where it was answered is in the reply); then
 * 1 + floor(time overdue / escalation period), at most `tiersAbove`. So a request one day
 * overdue sits with the parent bureau, and with the default 15 days climbs again on the
 * 15th day overdue.
 */
export function assistEscalationLevel(input: AssistEscalationInput): number {
  const { dueAt, now, escalationDays, tiersAbove, answered } = input;
  if (!Number.isInteger(escalationDays) || escalationDays < 1) {
    throw new RangeError(`escalationDays must be a positive whole number of days, not ${escalationDays}`);
  }
  if (!Number.isInteger(tiersAbove) || tiersAbove < 0) {
    throw new RangeError(`tiersAbove must be a whole number of tiers, not ${tiersAbove}`);
  }
  if (!isAssistOverdue(dueAt, now, answered)) return 0;
  const overdueMs = now.getTime() - dueAt.getTime();
  return Math.min(tiersAbove, 1 + Math.floor(overdueMs / (escalationDays * DAY_MS)));
}
