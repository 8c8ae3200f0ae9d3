const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lower-case canonical UUID (what Postgres `uuid` prints): ids of uploads, runs, API keys. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
