import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { TradeGraphDto, TradeGraphQuery } from './dto/trade-graph.dto';
import { GRAPH_MAX_DEPTH, GRAPH_MAX_NODES, TradeGraphService } from './trade-graph.service';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1')
export class TradeGraphController {
  constructor(private readonly graph: TradeGraphService) {}

  @Get('taxpayers/:taxId/graph')
  @ApiOperation({
    summary: 'The invoice-flow graph around a taxpayer of your jurisdiction in a period',
    description:
      'Who it invoiced and who invoiced it (special invoices issued in the period: online, and accepted ' +
      `offline copies), hop by hop up to depth (1–${GRAPH_MAX_DEPTH}), edges of at least minAmount, largest ` +
      `first, at most ${GRAPH_MAX_NODES} nodes (truncated says when more were left out). A node outside ` +
      'your jurisdiction shows its tax id and bureau only. Each edge lists the categories of your active ' +
      'findings naming its seller and buyer (CIRCULAR_TRADING on a ring, AFFILIATED_TRADE between affiliates). ' +
      'A taxpayer outside your subtree is answered 404 TAXPAYER_NOT_FOUND.',
  })
  @ApiOkResponse({ type: TradeGraphDto })
  @ApiErrors('PERIOD_INVALID', 'GRAPH_DEPTH_INVALID', 'MONEY_INVALID', 'TAXPAYER_NOT_FOUND')
  around(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Query() query: TradeGraphQuery,
  ): Promise<TradeGraphDto> {
    return this.graph.around(officer, taxId, query);
  }
}
