import { ValidationPipe, ValidationError as ClassValidationError } from '@nestjs/common';
import { type CodeOfKind, isCodeOfKind, ValidationError } from '@app/domain';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function collect(errors: ClassValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...collect(e.children ?? [], field)];
  });
}

function onlyUnknownFields(errors: ClassValidationError[]): boolean {
  return errors.every(
    (e) =>
      Object.keys(e.constraints ?? {}).every((k) => k === 'whitelistValidation') &&
      onlyUnknownFields(e.children ?? []),
  );
}

/** The one stable code (e.g. MONEY_INVALID) all failing constraints carry, if they share one. */
function sharedStableCode(errors: ClassValidationError[]): CodeOfKind<'invalid'> | null {
  const names = new Set<string>();
  const walk = (list: ClassValidationError[]): void =>
    list.forEach((e) => {
      Object.keys(e.constraints ?? {}).forEach((k) => names.add(k));
      walk(e.children ?? []);
    });
  walk(errors);
  const [only] = [...names];
  return names.size === 1 && isCodeOfKind(only, 'invalid') ? only : null;
}

/**
 * A refusal of the request's shape, made without a stack trace: it always comes from this
 * pipe, so its frames say nothing, and capturing them was 2.8 % of a refused request's CPU
 * (bench/issuance, `--cpu-prof`, 2026-12-07). The limit is put back at once.
 */
function refusal(code: CodeOfKind<'invalid'>, message: string, details: FieldProblem[]): ValidationError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ValidationError(code, message, details);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The edge validator: strips nothing silently (unknown fields are an error, so a typo in
 * a field name is never ignored), converts nothing implicitly (a JSON number is not a
 * money string) and reports every field problem at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = collect(errors);
      const code = sharedStableCode(errors);
      if (code) return refusal(code, details.map((d) => d.problems.join('; ')).join('; '), details);
      return onlyUnknownFields(errors)
        ? refusal('UNKNOWN_FIELD', 'The request has fields this route does not accept.', details)
        : refusal('VALIDATION_FAILED', 'The request is not valid.', details);
    },
  });
}
