/**
 * The `tillpoint` command's own words in English: usage errors, the one-line failures on stderr, the notes
 * the hub prints for people. ICU MessageFormat (intl-messageformat). JSON outputs and log lines are not
 * here: they are read by programs and stay as they are in every language.
 */
export const en = {
  'usage.seeHelp': '{message} (see tillpoint --help)',
  'usage.badOptions': '{detail}',
  'usage.unknownOption': 'unknown option {option}',
  'usage.unexpectedArgument': 'unexpected argument "{argument}"',
  'usage.optionNotFor': '{option} does not apply to "{command}"',
  'usage.unknownCommand': 'unknown command "{command}"',
  'usage.unknownDbCommand': 'unknown db command "{command}"; try "db check"',
  'usage.unknownJournalCommand': 'unknown journal command "{command}"; try "journal verify"',
  'journal.broken':
    'The journal is broken at seq {seq} ({reason}: {detail}). Keep this data folder as it is and call support.',
  'journal.closingBroken':
    'A signed Z closing does not hold ({detail}). Keep this data folder as it is and call support.',
  'journal.unchained':
    '{count} journal rows have no place in the chain. Start the till once to chain them, then verify again.',
  'journal.hubBroken': '{count} tills have a journal problem at the hub; see the JSON lines above.',
  'usage.port': '--port must be a whole number from 0 to 65535, not "{value}"',
  'usage.timeout': '--timeout must be a whole number of seconds, 1-9999, not "{value}"',
  'usage.gatewayUrl': '--gateway must be a URL like http://127.0.0.1:8790, not "{value}"',
  'usage.gatewayProtocol': '--gateway must be an http:// or https:// URL, not "{value}"',
  'usage.dialect': '--dialect must be one of {supported}, not "{value}"',
  'usage.lang': '--lang must be one of {supported}, not "{value}"',
  'usage.positiveNumber': '{option} takes a whole number from 1 to {max} (got {value})',
  'usage.enrollNeeds': 'enroll needs --hub URL and --code CODE (from `tillpoint hub enroll-code`)',
  'usage.issuerKeys':
    'hub issuer-keys takes list, add FILE (a JSON list of keys) or pull --issuer URL; hub settle-offline-codes needs --issuer URL',
  'usage.publishNeedsFile': 'hub publish needs the FILE to publish',
  'usage.reportFilters':
    '--terminal filters "hub report --payments" and "--shifts"; --state only "--payments"',
  'usage.reconcileNeeds':
    "hub reconcile needs --provider ID, --date YYYY-MM-DD, and either --file F (the settlement file) or --providers FILE (download it with the merchant's keys)",
  'usage.reconcileDate': '--date must be a day like 2026-12-07, not "{value}"',
  'usage.reconcileFormat': '--format must be json or csv, not "{value}"',
  'usage.reconcileCurrency': '--currency must be an ISO 4217 code like CNY, not "{value}"',
  'usage.reportKinds':
    '--payments, --shifts, --reconciliations and --journal are separate reports: choose one',
  'usage.state': '--state must be one of {supported}, not "{value}"',
  'usage.outboxState': '--state must be one of {supported}',
  'usage.writeNdefOne': 'write-ndef takes exactly one of --text or --uri',
  'usage.unknownNfcCommand':
    'unknown nfc command "{command}"; try "nfc readers", "nfc read" or "nfc write-ndef"',
  'usage.qrDecodeNeedsText': 'qr decode needs the scanned text (or "-" to read stdin)',
  'usage.qrEncodeNoArgs': 'qr encode reads JSON on stdin and takes no arguments',
  'usage.unknownKioskCommand': 'unknown kiosk command "{command}"; try "kiosk set-pin"',
  'usage.kioskPinNeeded': 'kiosk set-pin needs --pin N or the PIN as a line on stdin',
  'kiosk.pinPrompt': 'Staff PIN (4-8 digits): ',
  'usage.unknownStaffCommand':
    'unknown staff command "{command}"; try "staff add", "staff list" or "staff remove ID"',
  'usage.unknownHubStaffCommand':
    'unknown hub staff command "{command}"; try "hub staff add", "hub staff list" or "hub staff remove ID"',
  'usage.staffAddNeeds': 'staff add needs --role ROLE and --name NAME',
  'usage.staffRole': '--role must be one of {supported}, not "{value}"',
  'usage.staffPinNeeded': 'staff add needs --pin N or the PIN as a line on stdin',
  'usage.staffRemoveNeeds': 'staff remove needs the ID that staff list shows',
  'staff.pinPrompt': 'PIN (4-6 digits): ',
  'serve.demoStaff': 'Demo staff: manager PIN {manager}, cashier PIN {cashier} (demos only).',
  'usage.unknownQrCommand': 'unknown qr command "{command}"; try "qr decode <text>" or "qr encode"',
  'failure.unexpected': 'unexpected error: {message}',
  'failure.logFolder': 'Cannot write the log folder {folder}: {reason}. Choose another with --log-dir.',
  'failure.portInUse': 'Port {port} is already in use; choose another with --port.',
  'failure.listen': 'Could not listen on 127.0.0.1:{port}: {reason}',
  'serve.openFailed': 'Could not open the till in {folder}: {reason}',
  'serve.corruptNext':
    'The file was not changed; keep a copy for support and restore a backup, or use another --data folder.',
  'serve.kioskNoPin':
    'This kiosk has no staff PIN. Set one with: tillpoint kiosk set-pin --data {folder} (or try the kiosk with --demo and the demo PIN).',
  'serve.newerNext': 'The file was not changed; run the newer Tillpoint that wrote it.',
  'start.electronMissing':
    'The Electron binary is missing: {reason}. Reinstall with network access (npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD), or run the till in a browser with tillpoint serve.',
  'start.electronFailed': 'Could not start Electron: {reason}',
  'diagnostics.failed': 'Could not write the diagnostics archive: {reason}',
  'hub.openFailed': 'Cannot open the hub database ({storage}): {reason}',
  'hub.noTerminal': 'No terminal with the id or name "{terminal}" is enrolled with this hub.',
  'hub.ambiguousTerminal': '{count} terminals are named "{terminal}"; give the id of one: {ids}.',
  'hub.enrollCodeNote': 'tillpoint hub: one-time enrollment code, good for 24 hours',
  'hub.published':
    'tillpoint hub: published {count, plural, one {# change} other {# changes}}; terminals pull them up to cursor {cursor}',
  'gateway.merchantsUnreadable': 'Cannot read --merchants {file}: {reason}',
  'gateway.merchantsNotJson': '--merchants {file} is not valid JSON',
  'gateway.merchantsInvalid': `--merchants {file} must be a JSON list of '{'"id", "key"'}' (key 8-256 characters); problem at {place}: {problem}`,
  'gateway.merchantsTop': 'the top',
  'gateway.tlsUnreadable': 'Cannot read the gateway TLS file {file}: {reason}',
  'gateway.tlsHalf': '--tls-cert and --tls-key go together',
  'gateway.keysFailed': 'The WeChat Pay simulator keys could not be made or read: {reason}',
  'printerSim.configWritten':
    'Wrote {file}: a till on that data folder prints its receipts to this virtual printer.',
} as const;

export type CliMessageKey = keyof typeof en;
/** Every language answers every key: a missing one does not compile. */
export type CliCatalog = { readonly [K in CliMessageKey]: string };
