import { RegistrySchema1764230000001 } from './1764230000001-registry-schema';
import { BureauHierarchy1764230000002 } from './1764230000002-bureau-hierarchy';
import { PkiAndIssuance1764230000003 } from './1764230000003-pki-and-issuance';
import { Collection1764230000004 } from './1764230000004-collection';
import { InvoiceKeyPartitions1764230000005 } from './1764230000005-invoice-key-partitions';
import { Audit1764230000006 } from './1764230000006-audit';
import { Review1764230000007 } from './1764230000007-review';
import { FindingsKeyedByPartition1764230000008 } from './1764230000008-findings-keyed-by-partition';
import { RunPartitionCounts1764230000009 } from './1764230000009-run-partition-counts';
import { TaxpayerRateLimits1764230000010 } from './1764230000010-taxpayer-rate-limits';
import { OfficerLifecycle1764230000011 } from './1764230000011-officer-lifecycle';
import { VerificationChecksInRedis1764230000012 } from './1764230000012-verification-checks-in-redis';
import { IssueDateValidity1764230000013 } from './1764230000013-issue-date-validity';
import { IdempotencyKeyOwners1764230000014 } from './1764230000014-idempotency-key-owners';
import { LoggedUploadStaging1764230000015 } from './1764230000015-logged-upload-staging';
import { RiskMonitoring1764230000016 } from './1764230000016-risk-monitoring';
import { OfflineTradeTotals1764230000017 } from './1764230000017-offline-trade-totals';
import { CircularTrading1764230000018 } from './1764230000018-circular-trading';
import { ControllingParties1764230000019 } from './1764230000019-controlling-parties';
import { PairSpecialInvoices1764230000020 } from './1764230000020-pair-special-invoices';
import { RowFormatAtStaging1764230000021 } from './1764230000021-row-format-at-staging';
import { StagingTablesPerKind1764230000022 } from './1764230000022-staging-tables-per-kind';
import { TradeSpecialInvoices1764230000023 } from './1764230000023-trade-special-invoices';

/** Every migration, oldest first. Never edit one that has shipped: add a new one. */
export const MIGRATIONS = [
  RegistrySchema1764230000001,
  BureauHierarchy1764230000002,
  PkiAndIssuance1764230000003,
  Collection1764230000004,
  InvoiceKeyPartitions1764230000005,
  Audit1764230000006,
  Review1764230000007,
  FindingsKeyedByPartition1764230000008,
  RunPartitionCounts1764230000009,
  TaxpayerRateLimits1764230000010,
  OfficerLifecycle1764230000011,
  VerificationChecksInRedis1764230000012,
  IssueDateValidity1764230000013,
  IdempotencyKeyOwners1764230000014,
  LoggedUploadStaging1764230000015,
  RiskMonitoring1764230000016,
  OfflineTradeTotals1764230000017,
  CircularTrading1764230000018,
  ControllingParties1764230000019,
  PairSpecialInvoices1764230000020,
  RowFormatAtStaging1764230000021,
  StagingTablesPerKind1764230000022,
  TradeSpecialInvoices1764230000023,
];

/** The database role officer queries run as, under row-level security (migration 7). */
export { OFFICER_DB_ROLE } from './1764230000007-review';
