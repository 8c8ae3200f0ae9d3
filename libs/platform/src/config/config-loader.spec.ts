import { IsInt, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { BaseConfig } from './base.config';
import { ConfigError, CrossChecked, loadConfig } from './config-loader';

class SampleConfig extends BaseConfig implements CrossChecked {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WORKERS = 2;

  crossCheck(): string[] {
    return this.NODE_ENV === 'production' && this.WORKERS > 64 ? ['WORKERS: at most 64 in production'] : [];
  }
}

describe('loadConfig', () => {
  it('uses defaults and converts types', () => {
    const config = loadConfig(SampleConfig, { WORKERS: '8' });
    expect(config.WORKERS).toBe(8);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/jinshui');
  });

  it('fails fast, listing every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { WORKERS: 'many', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/WORKERS/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(problems).toMatch(/NODE_ENV/);
  });

  it('applies cross-variable checks', () => {
    expect(() => loadConfig(SampleConfig, { NODE_ENV: 'production', WORKERS: '100' })).toThrow(
      /WORKERS: at most 64 in production/,
    );
  });
});
