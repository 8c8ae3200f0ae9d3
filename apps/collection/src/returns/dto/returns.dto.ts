import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { IsMoney } from '@app/platform';

export class FileReturnDto {
  @ApiProperty({ example: '2026-10', description: 'A tax period that has ended' })
  @IsString()
  period!: string;
  @ApiProperty({ example: '100000.00', description: 'Sales on special invoices' })
  @IsMoney()
  specialSales!: string;
  @ApiProperty({ example: '13000.00', description: 'Output tax on special invoices' })
  @IsMoney()
  specialOutputTax!: string;
  @ApiProperty({ example: '20000.00' }) @IsMoney() otherSales!: string;
  @ApiProperty({ example: '2600.00' }) @IsMoney() otherOutputTax!: string;
  @ApiProperty({ example: '9000.00', description: 'Input tax declared for deduction' })
  @IsMoney()
  inputTax!: string;

  @ApiPropertyOptional({ description: 'true to correct (supersede) an earlier return of the period' })
  @IsOptional()
  @IsBoolean()
  correction?: boolean;
}

export class VatReturnDto {
  @ApiProperty() taxId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ description: '1 for the first return, +1 per correction' }) version!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The version this one supersedes' }) supersedes!:
    number | null;
  @ApiProperty() specialSales!: string;
  @ApiProperty() specialOutputTax!: string;
  @ApiProperty() otherSales!: string;
  @ApiProperty() otherOutputTax!: string;
  @ApiProperty() inputTax!: string;
  @ApiProperty() filedAt!: string;
}

export class VatReturnHistoryDto {
  @ApiProperty({ type: VatReturnDto, description: 'The return in force (latest version)' })
  current!: VatReturnDto;
  @ApiProperty({ type: [VatReturnDto], description: 'Every version, newest first' })
  versions!: VatReturnDto[];
}
