import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { FINDING_CATEGORIES, TAXPAYER_STATUSES } from '@app/domain';
import { PERIOD_PATTERN } from '../../reports/dto/report.dto';

/*
 * Admitted by the pipe, parsed by the service, so that a bad value gets its own stable code
 * (PERIOD_INVALID, GRAPH_DEPTH_INVALID, MONEY_INVALID) rather than VALIDATION_FAILED.
 */
export class TradeGraphQuery {
  @ApiProperty({ example: '2026-10', pattern: PERIOD_PATTERN, description: 'Tax period (issue dates)' })
  @Allow()
  period!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3, default: 1, description: 'Hops from the taxpayer' })
  @Allow()
  depth?: string;

  @ApiPropertyOptional({
    example: '100000.00',
    default: '0.00',
    description: 'Leave out edges carrying less than this, in yuan (pre-tax, the period’s sum)',
  })
  @Allow()
  minAmount?: string;
}

export class GraphNodeDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '14401060000',
    description: 'Where it is registered; null for a party no bureau registered',
  })
  bureauCode!: string | null;
  @ApiProperty({ example: 1, description: 'Hops from the taxpayer asked about (0: itself)' }) depth!: number;
  @ApiPropertyOptional({
    example: '广州示例贸易有限公司',
    description: 'Only for a taxpayer of your jurisdiction, as are status and score',
  })
  name?: string;
  @ApiPropertyOptional({ enum: TAXPAYER_STATUSES }) status?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 100,
    description: 'Its risk score of the period; null without one (GET /v1/taxpayers/{taxId}/risk)',
  })
  score?: number | null;
}

export class GraphEdgeDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) sellerTaxId!: string;
  @ApiProperty({ example: '91110101MA01XXXX3P' }) buyerTaxId!: string;
  @ApiProperty({ example: 3 }) invoiceCount!: number;
  @ApiProperty({ example: '1020000.00', description: 'Pre-tax sum, yuan' }) amount!: string;
  @ApiProperty({ example: '132600.00' }) taxAmount!: string;
  @ApiProperty({
    isArray: true,
    enum: FINDING_CATEGORIES,
    example: ['CIRCULAR_TRADING'],
    description:
      'Categories of the period’s active findings of your jurisdiction naming this seller and buyer ' +
      '(CIRCULAR_TRADING on an edge of a ring, AFFILIATED_TRADE between affiliated parties)',
  })
  categories!: string[];
}

export class TradeGraphDto {
  @ApiProperty({ example: '91440106MA59XXXX0K' }) taxId!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ example: 2 }) depth!: number;
  @ApiProperty({ example: '100000.00' }) minAmount!: string;
  @ApiProperty({ example: 200, description: 'The most nodes an answer holds' }) maxNodes!: number;
  @ApiProperty({
    example: false,
    description: 'True when nodes or edges were left out to stay within maxNodes (largest edges kept first)',
  })
  truncated!: boolean;
  @ApiProperty({ type: [GraphNodeDto] }) nodes!: GraphNodeDto[];
  @ApiProperty({ type: [GraphEdgeDto], description: 'Largest first within each hop' }) edges!: GraphEdgeDto[];
}
