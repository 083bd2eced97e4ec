/**
 * Every start-up option that has a flag or an env var, defined once: --help, flag parsing and env
 * parsing all read this table. Defaults are not repeated here: they live in the config schema.
 */
export interface StartOption {
  /** Flag name without dashes. */
  flag: string;
  env?: string;
  /** Dotted config path the value lands on (`accounts` for api keys is special-cased). */
  path: string;
  kind: 'int' | 'number' | 'string' | 'boolean' | 'list' | 'intList';
  /** Shown as `--flag <arg>`. */
  arg?: string;
  description: string;
}

export const START_OPTIONS: readonly StartOption[] = [
  { flag: 'port', env: 'SPMOCK_PORT', path: 'port', kind: 'int', arg: 'n', description: 'Port to listen on; 0 picks a free one' },
  { flag: 'host', env: 'SPMOCK_HOST', path: 'host', kind: 'string', arg: 'addr', description: 'Address to listen on (0.0.0.0 in Docker)' },
  { flag: 'seed', env: 'SPMOCK_SEED', path: 'seed', kind: 'int', arg: 'n', description: 'Seed for fake data, latency and faults (default: picked and logged)' },
  { flag: 'config', env: 'SPMOCK_CONFIG', path: '', kind: 'string', arg: 'file.json', description: 'Config file (JSON) with any key of the config schema' },
  { flag: 'payload-version', env: 'SPMOCK_PAYLOAD_VERSION', path: 'payloadVersion', kind: 'string', arg: 'v1|v2', description: 'Payload generation to emulate' },
  { flag: 'api-key', env: 'SPMOCK_API_KEYS', path: 'accounts', kind: 'list', arg: 'key', description: 'API key of an account (repeatable; env: comma-separated); replaces the default set' },
  { flag: 'log-level', env: 'SPMOCK_LOG_LEVEL', path: 'logLevel', kind: 'string', arg: 'level', description: 'trace|debug|info|warn|error|fatal|silent' },
  { flag: 'log-format', env: 'SPMOCK_LOG_FORMAT', path: 'logFormat', kind: 'string', arg: 'fmt', description: 'auto|pretty|json (auto: pretty on a terminal, JSON otherwise)' },
  { flag: 'admin-token', env: 'SPMOCK_ADMIN_TOKEN', path: 'adminToken', kind: 'string', arg: 'token', description: 'Require "Authorization: Bearer <token>" on every /_emulator route but health' },
  { flag: 'allowed-host', env: 'SPMOCK_ALLOWED_HOSTS', path: 'allowedHosts', kind: 'list', arg: 'host', description: 'Also answer requests for this Host, e.g. a compose service name (repeatable; env: comma-separated; * for any)' },
  { flag: 'strict-hook-urls', env: 'SPMOCK_STRICT_HOOK_URLS', path: 'strictHookUrls', kind: 'boolean', description: 'Only accept https hook URLs on public hosts (the production rule)' },
  { flag: 'allow-hook-host', env: 'SPMOCK_ALLOW_HOOK_HOSTS', path: 'delivery.allowedHookHosts', kind: 'list', arg: 'host', description: 'Deliver to this hook host (name, *.wildcard, IP or CIDR) although it is public; once any is listed, only listed hosts (repeatable; env: comma-separated)' },
  { flag: 'schedule', env: 'SPMOCK_SCHEDULES', path: 'schedules', kind: 'list', arg: 'spec', description: 'Start a schedule, e.g. customer_created@5s (repeatable; env: ;-separated; see README)' },
  { flag: 'scenarios', env: 'SPMOCK_SCENARIOS', path: 'scenarios.dirs', kind: 'list', arg: 'dir', description: 'Folder of user scenario files (repeatable; env: comma-separated)' },
  { flag: 'forward-to', env: 'SPMOCK_FORWARD_TO', path: 'subscriptions', kind: 'list', arg: 'url', description: 'Subscribe this URL to every event type at start, like `stripe listen --forward-to`; {type} in it gives one URL per type (repeatable; env: comma-separated)' },
  { flag: 'delivery-timeout', env: 'SPMOCK_DELIVERY_TIMEOUT_MS', path: 'delivery.timeoutMs', kind: 'int', arg: 'ms', description: 'How long a receiver has to answer an attempt' },
  { flag: 'retry-schedule', env: 'SPMOCK_RETRY_SCHEDULE', path: 'delivery.retry.schedule', kind: 'intList', arg: 'ms,ms,..', description: 'Delays before each retry; "none" for no retries' },
  { flag: 'data-dir', env: 'SPMOCK_DATA_DIR', path: 'dataDir', kind: 'string', arg: 'dir', description: 'Keep subscriptions, world, journal, pending deliveries and schedules here across restarts (default: memory only)' },
  { flag: 'import', env: 'SPMOCK_IMPORT', path: 'importFile', kind: 'string', arg: 'file.json', description: 'Load a state document (GET /_emulator/state) at start' },
  { flag: 'export-on-exit', env: 'SPMOCK_EXPORT_ON_EXIT', path: 'exportOnExit', kind: 'string', arg: 'file.json', description: 'Write a state document when the emulator stops' },
  { flag: 'tls', env: 'SPMOCK_TLS', path: 'tls', kind: 'boolean', description: 'Serve over HTTPS with a self-signed certificate made at start (kept in the data dir); prints where the certificate is' },
  { flag: 'tls-cert', env: 'SPMOCK_TLS_CERT', path: 'tlsCert', kind: 'string', arg: 'file.pem', description: 'Serve over HTTPS with this certificate (with --tls-key)' },
  { flag: 'tls-key', env: 'SPMOCK_TLS_KEY', path: 'tlsKey', kind: 'string', arg: 'file.pem', description: "The private key of --tls-cert" },
  { flag: 'export-har-on-exit', env: 'SPMOCK_EXPORT_HAR_ON_EXIT', path: 'exportHarOnExit', kind: 'string', arg: 'file.har', description: 'Write the journal as an HTTP Archive (HAR 1.2, one entry per attempt) when the emulator stops' },
  { flag: 'shutdown-grace', env: 'SPMOCK_SHUTDOWN_GRACE_MS', path: 'shutdownGraceMs', kind: 'int', arg: 'ms', description: 'On SIGTERM/SIGINT, how long attempts in flight may finish before they are cancelled' },
  { flag: 'time-scale', env: 'SPMOCK_TIME_SCALE', path: 'timeScale', kind: 'number', arg: 'x', description: 'Multiply every wait (latency, retries, schedules) by x' },
];
