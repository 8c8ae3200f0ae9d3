import { Module } from '@nestjs/common';
import { AssistRequestsController } from './assist-requests.controller';
import { AssistRequestsRepository } from './assist-requests.repository';
import { AssistRequestsService } from './assist-requests.service';

/**
 * Assist requests (协查) between bureaus: the inboxes with their escalation, the outboxes,
 * and the replies. The audit engine opens the requests; nothing here creates one.
 */
@Module({
  controllers: [AssistRequestsController],
  providers: [AssistRequestsService, AssistRequestsRepository],
})
export class AssistRequestsModule {}
