import './support/register-aliases';
import { migrate } from '../scripts/migrate';
import { applyTestEnvironment, newTestEnvironment } from './support/test-environment';

/** Creates this run's database, applies every migration once, and exports the settings. */
export default async function globalSetup(): Promise<void> {
  const env = newTestEnvironment();
  applyTestEnvironment(env);
  await migrate(env.databaseUrl);
}
