import { Module } from '@nestjs/common';
import { TradeGraphController } from './trade-graph.controller';
import { TradeGraphRepository } from './trade-graph.repository';
import { TradeGraphService } from './trade-graph.service';

/** The invoice-flow graph around a taxpayer (issue 17), read-only. */
@Module({
  controllers: [TradeGraphController],
  providers: [TradeGraphService, TradeGraphRepository],
})
export class TradeGraphModule {}
