import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { HttpAppConfig } from '@app/platform';

/** Settings of the collection app. */
export class CollectionConfig extends HttpAppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  COLLECTION_PORT = 3002;

  get port(): number {
    return this.COLLECTION_PORT;
  }
}
