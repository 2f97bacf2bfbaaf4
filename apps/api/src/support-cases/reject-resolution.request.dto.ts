import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RejectResolutionRequest {
  @ApiProperty({
    description: 'Why the proposed resolution does not resolve the issue; work continues.',
    example: 'Chats from Telegram are still missing.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}
