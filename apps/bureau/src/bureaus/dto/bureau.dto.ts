import { ApiProperty } from '@nestjs/swagger';

const LEVELS = ['national', 'province', 'city', 'district'];

export class BureauSummaryDto {
  @ApiProperty({ example: '14401000000' }) code!: string;
  @ApiProperty({ example: '国家税务总局广州市税务局' }) name!: string;
  @ApiProperty({ enum: LEVELS }) level!: string;
}

export class BureauDto extends BureauSummaryDto {
  @ApiProperty({ nullable: true, type: String }) parentCode!: string | null;
  @ApiProperty({ description: 'Registers taxpayers (districts, and cities without districts)' })
  acceptsTaxpayers!: boolean;
  @ApiProperty({ type: [BureauSummaryDto], description: 'National first, down to the parent' })
  ancestors!: BureauSummaryDto[];
  @ApiProperty({ type: [BureauSummaryDto] }) children!: BureauSummaryDto[];
}
