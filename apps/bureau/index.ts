/**
 * The bureau app's public door: what the CLI, the benches and the scripts may use of it.
 * Nothing outside apps/bureau imports from its src/ (lint: no-restricted-imports).
 */
export { BureauConfig } from './src/config/bureau.config';
