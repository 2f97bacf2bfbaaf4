import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ReopenCaseRequest {
  @ApiProperty({
    description: 'Why the resolved case is reopened; its clocks start again from now.',
    example: 'The issue came back after the nightly deploy.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}
