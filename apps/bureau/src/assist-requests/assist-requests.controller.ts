import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors, Page } from '@app/platform';
import { AssistRequestsService } from './assist-requests.service';
import {
  AssistRequestDto,
  AssistRequestPageDto,
  ListAssistRequestsQuery,
  ReplyToAssistRequestDto,
} from './dto/assist-request.dto';

@ApiTags('assist-requests')
@ApiBearerAuth()
@Controller('v1/assist-requests')
export class AssistRequestsController {
  constructor(private readonly requests: AssistRequestsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Assist requests (协查) of your bureau: its inbox or its outbox, oldest due first (cursor pages)',
    description:
      'inbox: requests assigned to your bureau now. A request is sent to the seller bureau; unanswered ' +
      'past its due date it goes to the parent bureau, and climbs one more tier every ' +
      'ASSIST_ESCALATION_DAYS (default 15) days overdue, up to the national tier. outbox: requests your ' +
      'bureau sent (as the buyer bureau). Both are ordered by due date, then id.',
  })
  @ApiOkResponse({ type: AssistRequestPageDto })
  @ApiErrors('PERIOD_INVALID', 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ListAssistRequestsQuery,
  ): Promise<Page<AssistRequestDto>> {
    return this.requests.list(officer, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One assist request, with its finding, where it is assigned now, and its reply',
    description:
      'Visible to the subtrees of the requesting and of the addressed bureau; any other is answered 404 ' +
      'ASSIST_REQUEST_NOT_FOUND.',
  })
  @ApiOkResponse({ type: AssistRequestDto })
  @ApiErrors('ASSIST_REQUEST_ID_INVALID', 'ASSIST_REQUEST_NOT_FOUND')
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('id') id: string): Promise<AssistRequestDto> {
    return this.requests.get(officer, id);
  }

  @Post(':id/reply')
  @Idempotent()
  @ApiOperation({
    summary: 'Answer an assist request: whether the invoice is genuine, and the evidence',
    description:
      'For the investigating side: your subtree holds the bureau the request was sent to (that bureau, ' +
      'or the tier it escalated to). One reply per request, final (409 ASSIST_ALREADY_ANSWERED). The ' +
      'requesting side may not answer: 422 ASSIST_NOT_ADDRESSED_TO_YOU.',
  })
  @ApiCreatedResponse({ type: AssistRequestDto })
  @ApiErrors(
    'ASSIST_REQUEST_ID_INVALID',
    'ASSIST_REQUEST_NOT_FOUND',
    'ASSIST_NOT_ADDRESSED_TO_YOU',
    'ASSIST_ALREADY_ANSWERED',
  )
  reply(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('id') id: string,
    @Body() dto: ReplyToAssistRequestDto,
  ): Promise<AssistRequestDto> {
    return this.requests.reply(officer, id, dto);
  }
}
