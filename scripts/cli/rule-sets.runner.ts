import { Inject, Injectable } from '@nestjs/common';
import { type RuleSet, RuleSetsRepository } from '@app/audit-runs';
import { EXIT } from './args';
import { CLI_IO, type CliIo } from './cli-io';
import { renderRuleSets } from './render';

const PAGE = 500;

/** `rule-sets`: every version, newest first, with the active one marked. Reads Postgres only. */
@Injectable()
export class RuleSetsRunner {
  constructor(
    private readonly ruleSets: RuleSetsRepository,
    @Inject(CLI_IO) private readonly io: CliIo,
  ) {}

  async run(): Promise<number> {
    const all: RuleSet[] = [];
    for (let page = await this.ruleSets.list(PAGE); page.length > 0;) {
      all.push(...page);
      page = page.length < PAGE ? [] : await this.ruleSets.list(PAGE, page[page.length - 1].version);
    }
    this.io.stdout.write(renderRuleSets(all));
    return EXIT.ok;
  }
}
