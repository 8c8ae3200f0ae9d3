import { Module } from '@nestjs/common';
import { FindingsRepository } from './findings.repository';

/** Reading findings for officers (bureau API and auditor CLI), under row-level security. */
@Module({ providers: [FindingsRepository], exports: [FindingsRepository] })
export class ReviewModule {}
