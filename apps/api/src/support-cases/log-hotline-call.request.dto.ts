import { OccurredAtRequest } from './occurred-at.request.dto';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { VITAL_INFORMATION_EXAMPLE, VitalInformationDto } from './vital-information.dto';

export class LogHotlineCallRequest extends OccurredAtRequest {
  @ApiProperty({
    description: 'What the representative took down during the call.',
    type: VitalInformationDto,
    example: VITAL_INFORMATION_EXAMPLE,
  })
  @IsObject({ message: 'vitalInformation must be an object' })
  @ValidateNested()
  @Type(() => VitalInformationDto)
  vitalInformation: VitalInformationDto;
}
