import { readFileSync } from 'node:fs';
import { ENV_EXAMPLE, meaningsFromGuide, renderEnvExample } from '../../scripts/env-example';

/**
 * `.env.example` lists every setting with its default and meaning. It is generated from the
 * config classes and docs/configuration.md (`npm run env:example`); here it is generated
 * again and must equal the committed file, so a setting added, removed, renamed or given
 * another default without the file (or without its row in the guide) fails.
 */
describe('.env.example', () => {
  it('is what the config classes and the configuration guide make of it now', () => {
    expect(readFileSync(ENV_EXAMPLE, 'utf8')).toBe(renderEnvExample());
  });

  it('refuses a setting the guide does not explain', () => {
    const meanings = meaningsFromGuide();
    meanings.delete('REDIS_URL');
    expect(() => renderEnvExample(meanings)).toThrow('REDIS_URL');
  });
});
