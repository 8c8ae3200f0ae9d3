import { Module } from '@nestjs/common';
import { FindingsReader } from './findings.reader';

/** Reading findings for officers (bureau API and auditor CLI), under row-level security. */
@Module({ providers: [FindingsReader], exports: [FindingsReader] })
export class ReviewModule {}
