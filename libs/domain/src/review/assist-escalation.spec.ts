import { assistEscalationLevel, isAssistOverdue } from './assist-escalation';

const DAY = 86_400_000;
const due = new Date('2026-03-01T00:00:00.000Z');
const after = (ms: number) => new Date(due.getTime() + ms);
const level = (now: Date, over: { tiersAbove?: number; escalationDays?: number; answered?: boolean } = {}) =>
  assistEscalationLevel({
    dueAt: due,
    now,
    escalationDays: over.escalationDays ?? 15,
    tiersAbove: over.tiersAbove ?? 3,
    answered: over.answered ?? false,
  });

describe('assist request escalation', () => {
  it('stays with the addressed bureau until it is overdue; due exactly now is not overdue', () => {
    expect(level(after(-30 * DAY))).toBe(0);
    expect(level(due)).toBe(0);
    expect(isAssistOverdue(due, due, false)).toBe(false);
  });

  it('goes to the parent bureau the moment it is overdue', () => {
    expect(isAssistOverdue(due, after(1), false)).toBe(true);
    expect(level(after(1))).toBe(1);
    expect(level(after(DAY))).toBe(1);
  });

  it('climbs one more tier at each full escalation period overdue', () => {
    expect(level(after(15 * DAY - 1))).toBe(1);
    expect(level(after(15 * DAY))).toBe(2);
    expect(level(after(16 * DAY))).toBe(2);
    expect(level(after(30 * DAY - 1))).toBe(2);
    expect(level(after(30 * DAY))).toBe(3);
  });

  it('follows the configured period', () => {
    expect(level(after(7 * DAY), { escalationDays: 7 })).toBe(2);
    expect(level(after(7 * DAY), { escalationDays: 30 })).toBe(1);
  });

  it('stops at the national tier, however far below it the request started', () => {
    expect(level(after(1000 * DAY))).toBe(3);
    // A taxpayer of a city without districts: the city has two tiers above it.
    expect(level(after(45 * DAY), { tiersAbove: 2 })).toBe(2);
    expect(level(after(DAY), { tiersAbove: 0 })).toBe(0);
  });

  it('an answered request no longer escalates nor counts as overdue', () => {
    expect(level(after(40 * DAY), { answered: true })).toBe(0);
    expect(isAssistOverdue(due, after(40 * DAY), true)).toBe(false);
  });

  it('refuses a period or a tier count that is not a whole positive number', () => {
    expect(() => level(due, { escalationDays: 0 })).toThrow(RangeError);
    expect(() => level(due, { escalationDays: 1.5 })).toThrow(RangeError);
    expect(() => level(due, { tiersAbove: -1 })).toThrow(RangeError);
  });
});
