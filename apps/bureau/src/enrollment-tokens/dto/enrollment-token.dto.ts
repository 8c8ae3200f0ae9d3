import { ApiProperty } from '@nestjs/swagger';

export class EnrollmentTokenDto {
  @ApiProperty({
    example: 'q3JtQ0Zq0d7bXh5c2y1x8m1c3m8gS4n0bq6u7JpZr9s',
    description:
      'One-time token for POST /v1/enrollment on the issuance app; shown only now. It replaces any ' +
      'earlier token of the taxpayer, which stops working.',
  })
  enrollmentToken!: string;

  @ApiProperty({ example: '2026-02-14T08:00:00.000Z' }) enrollmentTokenExpiresAt!: string;
}
