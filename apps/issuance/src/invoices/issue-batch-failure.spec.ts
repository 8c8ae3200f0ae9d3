import { QueryFailedError } from 'typeorm';
import { BusinessRuleError } from '@app/domain';
import { mayReplayRequestByRequest } from './issue-batch-failure';

const pgError = (code?: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('pg'), code === undefined ? {} : { code }));

describe('mayReplayRequestByRequest', () => {
  it.each([
    ['a deadlock', '40P01'],
    ['a raised exception', 'P0001'],
    ['a unique violation', '23505'],
    ['a cancelled statement', '57014'],
  ])('replays after %s: the session lives and the rollback is certain', (_what, code) => {
    expect(mayReplayRequestByRequest(pgError(code))).toBe(true);
  });

  it.each([
    ['pg_terminate_backend (57P01)', '57P01'],
    ['a crash shutdown (57P02)', '57P02'],
    ['a connection failure (08006)', '08006'],
    ['a driver error without SQLSTATE', undefined],
  ])('does not replay after %s: the session is lost', (_what, code) => {
    expect(mayReplayRequestByRequest(pgError(code))).toBe(false);
  });

  it('replays after an error raised in our own code (the transaction was rolled back)', () => {
    expect(mayReplayRequestByRequest(new BusinessRuleError('NUMBER_RANGE_EXHAUSTED', 'x'))).toBe(true);
    expect(mayReplayRequestByRequest(new TypeError('bug'))).toBe(true);
  });
});
