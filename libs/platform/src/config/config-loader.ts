import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError as ClassValidationError } from 'class-validator';

/** Thrown at start when the environment is missing or malformed: the process must not start. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** A config class may check rules that span variables (e.g. no default secrets in production). */
export interface CrossChecked {
  crossCheck(): string[];
}

function flatten(errors: ClassValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`),
  );
}

/**
 * Reads one typed config class from the environment, once, at start. Every problem is
 * reported together so that an operator fixes them in one go. Only this function and
 * `loadSettings` (and the classes they load) read `process.env`.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const instance = plainToInstance(cls, { ...env }, { enableImplicitConversion: true });
  const problems = flatten(validateSync(instance, { whitelist: true, forbidUnknownValues: true }));
  const crossChecks = (instance as Partial<CrossChecked>).crossCheck?.() ?? [];
  problems.push(...crossChecks);
  if (problems.length > 0) throw new ConfigError(problems);
  return instance;
}

/**
 * Settings given in code rather than by the environment: what a test passes to an app
 * module's `forRoot` (its own bull prefix, a low limit), each replacing the variable of
 * that name.
 */
export type SettingOverrides = Readonly<Record<string, string>>;

/**
 * `loadConfig` on the environment with `overrides` on top: how an app module's `forRoot`
 * reads its settings, when it is called rather than when its file is imported, so that a
 * test sets them through the module it builds instead of through `process.env` first.
 */
export function loadSettings<T extends object>(cls: new () => T, overrides: SettingOverrides = {}): T {
  return loadConfig(cls, { ...process.env, ...overrides });
}
