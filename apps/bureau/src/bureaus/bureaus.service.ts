import { Injectable } from '@nestjs/common';
import { OfficerPrincipal } from '@app/auth';
import { BureauEntity, BureauRepository } from '@app/database';
import { assertBureauCode, NotFoundError } from '@app/domain';
import { BureauDto, BureauSummaryDto } from './dto/bureau.dto';

const summary = (b: Pick<BureauEntity, 'code' | 'name' | 'level'>): BureauSummaryDto => ({
  code: b.code,
  name: b.name,
  level: b.level,
});

@Injectable()
export class BureausService {
  constructor(private readonly bureaus: BureauRepository) {}

  /** A bureau in the officer's subtree; one outside it is answered exactly like a missing one. */
  async getVisible(officer: OfficerPrincipal, code: string): Promise<BureauEntity> {
    const bureau = officer.covers(code) ? await this.bureaus.findByCode(code) : null;
    if (!bureau) throw new NotFoundError('BUREAU_NOT_FOUND', `No bureau ${code} in your jurisdiction.`);
    return bureau;
  }

  async describe(officer: OfficerPrincipal, rawCode: string): Promise<BureauDto> {
    const bureau = await this.getVisible(officer, assertBureauCode(rawCode, 'code'));
    const [ancestors, children] = await Promise.all([
      this.bureaus.ancestors(bureau.code),
      this.bureaus.children(bureau.code),
    ]);
    return {
      ...summary(bureau),
      parentCode: bureau.parentCode,
      acceptsTaxpayers: bureau.acceptsTaxpayers,
      ancestors: ancestors.map(summary),
      children: children.map(summary),
    };
  }
}
