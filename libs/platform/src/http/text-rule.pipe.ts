import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { findInvalidText, textInvalidError } from '@app/domain';

/**
 * The text rule for path parameters (TEXT_INVALID with `path.<name>`), which only exist
 * once a route has matched; JSON bodies and query strings are checked earlier, where they
 * are parsed. Registered globally before the ValidationPipe, so no DTO has to repeat it.
 */
@Injectable()
export class TextRulePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param') return value;
    const problem = findInvalidText(metadata.data ? { [metadata.data]: value } : value, 'path');
    if (problem) throw textInvalidError(problem);
    return value;
  }
}
