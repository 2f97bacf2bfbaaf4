import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ProposeResolutionRequest {
  @ApiProperty({
    description: 'What resolved the issue; the other side accepts or rejects it.',
    example: 'The webhook was re-registered and chats are created again.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary: string;
}
