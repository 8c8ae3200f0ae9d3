import { parseArgs } from 'node:util';
import type { FindingQuery } from '@app/review';

/** Exit codes of the CLI (64 is EX_USAGE of sysexits.h). */
export const EXIT = {
  ok: 0,
  /** A DomainError (bad input, not found), a failed run, or an unexpected error. */
  error: 1,
  /** The run did not move within --timeout: no audit worker is running (or all died). */
  noWorker: 2,
  usage: 64,
  /** Redis may evict keys (maxmemory-policy is not noeviction): queued jobs could be lost. */
  config: 78,
  /** Ctrl-C while following a run (the run itself goes on). */
  interrupted: 130,
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_FINDINGS_LIMIT = 50;
export const MAX_TABLE_LIMIT = 1000;

export const FINDINGS_FORMATS = ['table', 'csv', 'xlsx'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export interface HelpCommand {
  kind: 'help';
}

/**
 * `audit`: the flags as typed. Values are checked by the domain afterwards
 * (parseAuditScope), so that bad input gives the API's stable codes.
 */
export interface AuditCommand {
  kind: 'audit';
  period: string;
  bureauCode?: string;
  taxIds?: string[];
  wait: boolean;
  timeoutSeconds: number;
}

/**
 * `backtest`: a dry run of rule set `version` against the active one, over the scope flags
 * of `audit` (checked by parseAuditScope afterwards); always followed to the end.
 */
export interface BacktestCommand {
  kind: 'backtest';
  period: string;
  version: number;
  bureauCode?: string;
  taxIds?: string[];
  timeoutSeconds: number;
}

/** `rule-sets`: the versions, newest first, and which is active. */
export interface RuleSetsCommand {
  kind: 'rule-sets';
}

/** `findings`: the filters as typed (checked by parseFindingQuery), and the output. */
export interface FindingsCommand {
  kind: 'findings';
  query: FindingQuery & { period: string };
  /** Rows to show (table, default 50) or to export (csv/xlsx, default all). */
  limit?: number;
  format: FindingsFormat;
  out?: string;
}

/** `uploads resume ID`: an operator carries on a stuck bulk upload of any taxpayer. */
export interface UploadsResumeCommand {
  kind: 'uploads-resume';
  uploadId: string;
}

export type Command =
  HelpCommand | AuditCommand | BacktestCommand | RuleSetsCommand | FindingsCommand | UploadsResumeCommand;

/** A command line that is not one: the CLI prints the message and the usage, exit 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  audit      Start an audit run, follow it, and print its counts per category
  backtest   Back-test a rule set version against the active one (a dry run: nothing is published)
  rule-sets  List the rule set versions, newest first, and which one is active
  findings   List findings (a table), or export them (CSV, XLSX)
  uploads    resume ID: carry on a bulk upload that stopped (its job was lost)
  help       Show this text

audit --period YYYY-MM [--bureau CODE | --taxpayer ID ...] [--no-wait] [--timeout SECONDS]
  --period      the tax period to audit (required; not after the current month)
  --bureau      a bureau's subtree (11-digit code); default the whole country
  --taxpayer    one taxpayer ID (repeat the flag, or comma-separate, for up to 1000)
  --no-wait     print the run id and exit; the audit workers go on with the run
  --timeout     give up (exit 2) when the run has not moved for this long
                (no audit worker took it); default ${DEFAULT_TIMEOUT_SECONDS}

backtest --period YYYY-MM --version N [--bureau CODE | --taxpayer ID ...] [--timeout SECONDS]
  --version     the candidate rule set version (npm run cli -- rule-sets)
  --bureau, --taxpayer, --timeout: as for audit (--tax-ids A,B is --taxpayer A,B)
  Prints per category the candidate's findings and tax at risk next to the active version's,
  and how many findings would appear and disappear if the candidate were activated.

rule-sets
  The versions of the audit's thresholds and weights (GET /v1/rule-sets/{version} shows one);
  they are created and activated by national-tier admins over the bureau API.

findings --period YYYY-MM [filters] [--format table|csv|xlsx] [--out FILE] [--limit N]
  --bureau           findings routed to this bureau's subtree; default the whole country
  --category         one or more categories, comma-separated (FIELD_MISMATCH,FORGED)
  --taxpayer         seller or buyer
  --run              the findings that audit run saw (its id)
  --status           case status: open, investigating, confirmed, cleared (comma-separated)
  --state            active | resolved (the engine's judgement); default both
  --min-tax-at-risk  at least this tax at risk, in yuan (100.00)
  --format           table (default, on stdout), csv (to --out or stdout), xlsx (needs --out)
  --out              the file to write the export to
  --limit            rows to show: default ${DEFAULT_FINDINGS_LIMIT} in a table (at most ${MAX_TABLE_LIMIT});
                     default all in an export

uploads resume ID
  Gives an unfinished upload that no worker is processing a new job (its old one was lost,
  e.g. when Redis restarted); the collection workers resume it where it stopped. Prints
  what it did: requeued, queued (a job is waiting), processing (a worker is on it) or
  completed. A failed upload is final (error UPLOAD_FAILED): the file must be sent again.

Exit codes: 0 done; 1 error (printed as "error CODE: message") or failed run;
2 no audit worker moved the run within --timeout; 64 bad command line;
78 Redis may evict keys (maxmemory-policy is not noeviction).
`;

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const COMMON: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };

const AUDIT_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON,
  period: { type: 'string' },
  bureau: { type: 'string' },
  taxpayer: { type: 'string', multiple: true },
  'no-wait': { type: 'boolean' },
  timeout: { type: 'string' },
};

const BACKTEST_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON,
  period: { type: 'string' },
  version: { type: 'string' },
  bureau: { type: 'string' },
  taxpayer: { type: 'string', multiple: true },
  'tax-ids': { type: 'string', multiple: true },
  timeout: { type: 'string' },
};

const FINDINGS_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON,
  period: { type: 'string' },
  bureau: { type: 'string' },
  category: { type: 'string' },
  taxpayer: { type: 'string' },
  run: { type: 'string' },
  status: { type: 'string' },
  state: { type: 'string' },
  'min-tax-at-risk': { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
};

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * node:util parseArgs, non-strict so that every mistake gets a message of ours: unknown
 * options, stray arguments, a value missing (or swallowing the next flag), a flag given
 * twice, a value given to a switch.
 */
function parseOptions(command: string, args: string[], options: Record<string, OptionSpec>): Values {
  const { values, tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new UsageError(`${command}: unexpected argument '${token.value}'`);
    }
    if (token.kind === 'option-terminator') throw new UsageError(`${command}: unexpected '--'`);
    const spec = options[token.name];
    if (!spec) {
      throw new UsageError(`${command}: unknown option '${token.rawName}'`);
    }
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`${command}: ${token.rawName} takes no value`);
    }
    if (spec.type === 'string') {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
        throw new UsageError(`${command}: ${token.rawName} needs a value`);
      }
    }
    if (!spec.multiple && seen.has(token.name)) {
      throw new UsageError(`${command}: ${token.rawName} given more than once`);
    }
    seen.add(token.name);
  }
  return values;
}

const str = (values: Values, name: string): string | undefined => values[name] as string | undefined;

function positiveInteger(command: string, flag: string, raw: string, max: number): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw) || Number(raw) > max) {
    throw new UsageError(`${command}: ${flag} must be a whole number from 1 to ${max}`);
  }
  return Number(raw);
}

function required(command: string, values: Values, name: string): string {
  const value = str(values, name);
  if (value === undefined) throw new UsageError(`${command}: --${name} is required`);
  return value;
}

/** --period, --bureau, --taxpayer (and backtest's --tax-ids) as typed, and --timeout. */
function parseRunOptions(command: string, values: Values) {
  const flags = [
    ...((values.taxpayer as string[] | undefined) ?? []),
    ...((values['tax-ids'] as string[] | undefined) ?? []),
  ];
  const taxIds =
    values.taxpayer === undefined && values['tax-ids'] === undefined
      ? undefined
      : flags
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter((v) => v !== '');
  const timeout = str(values, 'timeout');
  return {
    period: required(command, values, 'period'),
    ...(values.bureau !== undefined ? { bureauCode: str(values, 'bureau') } : {}),
    // An empty list stays a list: parseAuditScope answers it with AUDIT_SCOPE_INVALID.
    ...(taxIds !== undefined ? { taxIds } : {}),
    timeoutSeconds:
      timeout === undefined
        ? DEFAULT_TIMEOUT_SECONDS
        : positiveInteger(command, '--timeout', timeout, 86_400),
  };
}

function parseAudit(args: string[]): Command {
  const values = parseOptions('audit', args, AUDIT_OPTIONS);
  if (values.help) return { kind: 'help' };
  const { timeoutSeconds, ...scope } = parseRunOptions('audit', values);
  return { kind: 'audit', ...scope, wait: values['no-wait'] !== true, timeoutSeconds };
}

function parseBacktest(args: string[]): Command {
  const values = parseOptions('backtest', args, BACKTEST_OPTIONS);
  if (values.help) return { kind: 'help' };
  const run = parseRunOptions('backtest', values);
  const version = positiveInteger(
    'backtest',
    '--version',
    required('backtest', values, 'version'),
    999_999_999,
  );
  return { kind: 'backtest', ...run, version };
}

function parseRuleSets(args: string[]): Command {
  const values = parseOptions('rule-sets', args, COMMON);
  return values.help ? { kind: 'help' } : { kind: 'rule-sets' };
}

function parseFindings(args: string[]): Command {
  const values = parseOptions('findings', args, FINDINGS_OPTIONS);
  if (values.help) return { kind: 'help' };
  const format = str(values, 'format') ?? 'table';
  if (!(FINDINGS_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`findings: --format must be one of ${FINDINGS_FORMATS.join(', ')}`);
  }
  const out = str(values, 'out');
  if (format === 'table' && out !== undefined) {
    throw new UsageError('findings: --out needs --format csv or xlsx (the table goes to stdout)');
  }
  if (format === 'xlsx' && out === undefined) {
    throw new UsageError('findings: --format xlsx needs --out FILE');
  }
  const rawLimit = str(values, 'limit');
  const limit =
    rawLimit === undefined
      ? undefined
      : positiveInteger('findings', '--limit', rawLimit, format === 'table' ? MAX_TABLE_LIMIT : 100_000_000);
  const query: FindingsCommand['query'] = { period: required('findings', values, 'period') };
  const filters: [keyof FindingQuery, string][] = [
    ['bureauCode', 'bureau'],
    ['category', 'category'],
    ['taxId', 'taxpayer'],
    ['runId', 'run'],
    ['status', 'status'],
    ['state', 'state'],
    ['minTaxAtRisk', 'min-tax-at-risk'],
  ];
  for (const [field, flag] of filters) {
    const value = str(values, flag);
    if (value !== undefined) query[field] = value;
  }
  return {
    kind: 'findings',
    query,
    format: format as FindingsFormat,
    ...(format === 'table' ? { limit: limit ?? DEFAULT_FINDINGS_LIMIT } : limit ? { limit } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}

function parseUploads(args: string[]): Command {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') return { kind: 'help' };
  if (sub !== 'resume') {
    throw new UsageError(
      sub === undefined ? 'uploads: which? resume ID' : `uploads: unknown command '${sub}'`,
    );
  }
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) return { kind: 'help' };
  if (rest.length !== 1 || rest[0].startsWith('-')) {
    throw new UsageError('uploads resume: give exactly one upload id');
  }
  return { kind: 'uploads-resume', uploadId: rest[0] };
}

/**
 * The command line (without `node main.js`) as a command. Only the shape is checked here;
 * the values are the domain's business. @throws UsageError
 */
export function parseCommandLine(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  switch (command) {
    case 'audit':
      return parseAudit(rest);
    case 'backtest':
      return parseBacktest(rest);
    case 'rule-sets':
      return parseRuleSets(rest);
    case 'findings':
      return parseFindings(rest);
    case 'uploads':
      return parseUploads(rest);
    case 'help':
    case '--help':
    case '-h':
      if (rest.length > 0) throw new UsageError(`${command}: unexpected argument '${rest[0]}'`);
      return { kind: 'help' };
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}
