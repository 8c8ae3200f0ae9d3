/** Command-line options of `npm run demo -- …`. */

export interface DemoUrls {
  issuance: string;
  collection: string;
  audit: string;
  bureau: string;
}

export interface CliOptions {
  seed: string;
  taxpayers: number;
  invoices: number;
  /** Requests in flight at once. */
  concurrency: number;
  urls: DemoUrls;
  /** Start the system (node dist/scripts/start.js) when the bureau does not answer. */
  start: boolean;
  help: boolean;
}

export const USAGE = `npm run demo [-- options]
  --seed S          same seed, same economy (default 1)
  --taxpayers N     taxpayers to register (default 200, at least 16, at most 1000)
  --invoices N      invoices of the ordinary trade (default 2000, at least 50); traders'
                    restocking and the risk patterns (about 90) come on top
  --concurrency N   requests in flight (default 12)
  --base-url URL    host of the four apps on their default ports 3001-3004 (default http://127.0.0.1)
  --issuance-url, --collection-url, --audit-url, --bureau-url URL   one app elsewhere
  --no-start        do not start the system when it is not running
Admin credentials: ADMIN_USERNAME / ADMIN_PASSWORD (defaults admin / jinshui-admin-dev).`;

function positiveInt(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Base URL plus a port: 'http://127.0.0.1' + 3001 → 'http://127.0.0.1:3001'. */
export function withPort(base: string, port: number): string {
  const url = new URL(base);
  url.port = String(port);
  return url.origin;
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const out: CliOptions = {
    seed: '1',
    taxpayers: 200,
    invoices: 2000,
    concurrency: 12,
    urls: urlsFor('http://127.0.0.1'),
    start: true,
    help: false,
  };
  const explicit: Partial<DemoUrls> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--seed': {
        const v = value();
        if (!v) throw new Error('--seed needs a value');
        out.seed = v;
        break;
      }
      case '--taxpayers':
        out.taxpayers = positiveInt('taxpayers', value(), 16, 1000);
        break;
      case '--invoices':
        out.invoices = positiveInt('invoices', value(), 50, 1_000_000);
        break;
      case '--concurrency':
        out.concurrency = positiveInt('concurrency', value(), 1, 64);
        break;
      case '--base-url':
        out.urls = urlsFor(value() ?? '');
        break;
      case '--issuance-url':
      case '--collection-url':
      case '--audit-url':
      case '--bureau-url':
        explicit[flag.slice(2, -4) as keyof DemoUrls] = new URL(value() ?? '').origin;
        break;
      case '--no-start':
        out.start = false;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  out.urls = { ...out.urls, ...explicit };
  return out;
}

export function urlsFor(base: string): DemoUrls {
  return {
    issuance: withPort(base, 3001),
    collection: withPort(base, 3002),
    audit: withPort(base, 3003),
    bureau: withPort(base, 3004),
  };
}
