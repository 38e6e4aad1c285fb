/**
 * `tillpoint --help` in English, in sections (one per area of the command), so each language has every
 * section: a missing one does not compile. Plain text, not ICU: it has no arguments, and JSON examples keep
 * their braces as written.
 */
export interface CliHelp {
  readonly usage: string;
  readonly commands: string;
  /** enroll, queue */
  readonly sync: string;
  /** the self-service kiosk's staff PIN */
  readonly kiosk: string;
  /** staff add, list, remove */
  readonly staff: string;
  readonly qr: string;
  readonly nfc: string;
  readonly options: string;
  /** which language the command's own messages are in */
  readonly language: string;
  readonly exitCodes: string;
}

export const helpText = (help: CliHelp): string =>
  `${help.usage}${help.commands}${help.sync}${help.kiosk}${help.staff}${help.qr}${help.nfc}\n${help.options}${help.language}${help.exitCodes}`;

export const enHelp: CliHelp = {
  usage: `Usage: tillpoint <command> [options]

`,
  commands: `Commands:
  start [--kiosk]            Open the Tillpoint desktop app (Electron); --kiosk: the self-service kiosk.
  serve [--port P] [--data DIR] [--name NAME] [--lang zh-CN|en] [--gateway URL] [--demo] [--kiosk]
        [--demo-staff] [--no-nfc] [--log-dir DIR]
                             Run the till for a browser on this machine: serves the cashier screen on
                             http://127.0.0.1:P (P=0 or absent picks a free port) and prints
                             "Tillpoint cashier: <url>" when ready, then "Tillpoint customer
                             display: <url>" (read-only, for the customer's screen). Programs read these
                             two lines: they are the same in every language. Stop with Ctrl+C.
                             --kiosk: the self-service kiosk instead of the cashier; prints "Tillpoint
                             kiosk: <url>", then "Tillpoint kiosk browser: <chromium command>", then the
                             customer display's line. Ends (exit 0) when staff leave with the staff PIN.
  gateway [--port P] [--test] [--merchants FILE] [--ledger FILE] [--log-dir DIR]
          [--dialect sandbox|alipay|wechatpay] [--keys DIR] [--tls-cert F --tls-key F]
                             Run the sandbox payment gateway (plays WeChat Pay, Alipay, UnionPay, QQ Wallet
                             and its own wallet for demos and tests) on http://127.0.0.1:P and print
                             "Tillpoint gateway: <url>" when ready. Demo merchant m-demo, key
                             sandbox-demo-key (sandbox only). Stop with Ctrl+C.
                             --dialect alipay: Alipay's gateway (POST /gateway.do, RSA2); prints
                             "Alipay app id: <id>" and "Alipay keys: <folder>" (DIR, default
                             ./.tillpoint-alipay-sim: app-private-key.pem and alipay-public-key.pem are
                             the till's). --tls-cert/--tls-key: https.
                             --dialect wechatpay speaks WeChat Pay's API v2 (signed XML) and API v3 (RSA
                             signatures) with test keys made in DIR (or a temporary folder) and printed.
                             See the README's gateway section.
  hub [--port P] [--data DIR] [--log-dir DIR] [--host ADDR --tls-cert F --tls-key F]
      [--insecure-behind-proxy] [--max-amount N] [--max-past-days N] [--max-future-hours N]
                             Run the hub that terminals sync to on http://127.0.0.1:P and print
                             "Tillpoint hub: <url>" when ready. Storage: SQLite file DIR/hub.db (default
                             ./.tillpoint-hub), or PostgreSQL when DATABASE_URL is set. Stop with Ctrl+C.
                             --host 0.0.0.0 with --tls-cert/--tls-key (PEM) serves https across the network
                             and prints the certificate's SHA-256 and the PAIRING CODE a till enrolls with;
                             another address without TLS is refused unless --insecure-behind-proxy (a TLS
                             reverse proxy in front). --max-amount (minor units, default 10000000000),
                             --max-past-days (90) and --max-future-hours (24): what an entry may hold.
  hub enroll-code [--data DIR] [--tls-cert F]
                             Print a one-time code (good for 24 h) that enrolls one terminal with the hub;
                             for a hub with TLS (F, or the certificate it last started with) CODE/PAIRING.
  hub report [--data DIR]    Print JSON: sales by terminal, day (in the time zone TZ) and tender.
  hub report --payments [--terminal ID|NAME] [--state succeeded|declined|reversed] [--data DIR]
                             Print JSON: the final state of every payment the terminals reported, with totals.
  hub report --shifts [--terminal ID|NAME] [--data DIR]
                             Print JSON: every closed shift's Z report the terminals synced, in arrival order.
  hub report --reconciliations [--data DIR]
                             Print JSON: the latest settlement reconciliation of each provider and day.
  hub report --journal [--data DIR]
                             Print JSON: each till's journal heads and the problems the hub saw in them.
  hub issuer-keys list|add FILE|pull --issuer URL [--data DIR]
                             Offline payment codes: list the issuers' public keys the hub publishes to every
                             till, publish keys from a JSON list (a retired key with its notAfter), or pull
                             them from the issuer (the sandbox gateway). Prints the keys as JSON.
  hub settle-offline-codes --issuer URL [--data DIR]
                             Send the offline codes the tills took to the issuer once and keep its answer per
                             record (hub --issuer URL does this in the background). Prints the round as JSON.
  hub report --offline-codes [--data DIR]
                             Print JSON: every offline code record, its settlement, and the rejected ones
                             as debts.
  hub reconcile --provider ID --date YYYY-MM-DD --file F|--providers FILE [--format json|csv] [--out F]
                             Match the provider's settlement file for that day (Beijing time; an Alipay
                             trade bill zip or CSV, or a WeChat Pay ALL bill; --providers: downloaded with
                             the merchant's keys from a till's providers.json) against the payments and
                             refunds the terminals reported: matched, paid without a sale, sale without a
                             capture, amount differs, refunded at one side only. Kept at the hub; exit code 1
                             when anything needs the operator.
  hub staff add --role cashier|supervisor|manager --name NAME [--pin N] [--badge UID] [--data DIR]
                             Publish a member of staff to every till (without --pin, the PIN is read as a
                             line on stdin). The hub keeps and sends only a hash of the PIN made with its
                             staff key, never the PIN. Prints the member and the cursor as JSON.
  hub staff list [--data DIR]
                             Print the staff the hub publishes now as JSON: id, name, role, badge or not.
  hub staff remove ID [--data DIR]
                             Publish the member's removal: each till refuses their PIN after its next pull.
  hub publish FILE [--data DIR]
                             Publish catalog, price and configuration changes for terminals to pull: FILE is a
                             JSON list of {"kind", "payload"} changes, or a catalog like
                             assets/demo-catalog.json. Checked whole first; a bad file publishes nothing.
  db check [--data DIR]      Check the database without changing it; prints JSON
                             {file, integrity, schemaVersion, codeSchemaVersion}.
  hub journal verify [--data DIR]
                             Every till's journal as the hub holds it (heads sent with each sync); one JSON
                             line per till, exit 1 when one went backwards, forked or signed a bad Z.
  journal verify [--data DIR]
                             Check the till's hash-chained journal and its signed Z closings (read-only);
                             prints JSON and exits 1 naming the first broken seq.
  diagnostics [--data DIR] [--out FILE] [--log-dir DIR]
                             Write one .tar.gz for support (versions, OS, configuration without secrets, db
                             check, sync state, the newest logs) without changing the till; prints JSON
                             {file, bytes}. Default FILE: DIR/diagnostics/tillpoint-diagnostics-<time>.tar.gz.
  printer-sim [--port P] [--out FILE] [--paper-out] [--data DIR]
                             Run a virtual ESC/POS receipt printer on 127.0.0.1:P (default 9100) and print
                             "Tillpoint printer: 127.0.0.1:<port>" when ready, then one JSON line per job
                             (text, qr, pulses, cuts), also appended to FILE. --data DIR: write
                             DIR/printers.json pointing at it when the till has none. Type paper-out,
                             paper-in, cover-open or cover-close (and Enter) to change its state. Ctrl+C stops.
`,
  sync: `  enroll --hub URL --code CODE [--pair PAIRING] [--repoint] [--data DIR] [--name NAME]
                             Enroll this till with a hub, with the one-time code from \`tillpoint hub
                             enroll-code\` (the link is kept in the data folder). Prints JSON: the sync state.
                             An https hub: the pairing code it prints (--pair, or after / in the code) pins
                             its certificate; plain http only to 127.0.0.1 or ::1. --repoint confirms moving a
                             till enrolled with another hub.
  queue [--state queued|sent|parked|resolved] [--data DIR]
                             Print JSON: the sync state (with the unfinished payments and pending refunds)
                             and the outbox entries (newest first, 500 at most).
`,
  kiosk: `  kiosk set-pin [--pin N] [--data DIR]
                             Set the self-service kiosk's staff PIN (4 to 8 digits); it also ends a PIN lockout.
                             Without --pin the PIN is read as one line from stdin, so it stays out of the shell
                             history. Works while the till is stopped (takes the data folder's lock). Prints
                             JSON {"set": true}.
`,
  staff: `  staff add --role cashier|supervisor|manager --name NAME [--pin N] [--badge UID] [--data DIR]
                             Add a member of staff; their PIN (4 to 6 digits, unique on this till) signs
                             them in. Without --pin the PIN is read as one line from stdin. Once a till has
                             staff it opens on a lock screen. Prints the member as JSON (never the PIN).
  staff list [--data DIR]    Print the staff as JSON: id, name, role, whether they have a badge.
  staff remove ID [--data DIR]
                             Remove a member of staff (kept in the journal's history); prints {"removed": ID}.
`,
  qr: `  qr decode <text|->         Decode a scanned text (EMV QR, consumer code, wallet code, URL, barcode);
                             prints one JSON object, e.g. {"format":"emv-mpm","crcValid":true,"tags":{...}}.
                             "-" reads the text from stdin. Exit 1 with {"error":{code,message}} if invalid.
  qr encode                  Read {"tags":{...}} (or a decode answer) as JSON on stdin; print the payload.
`,
  nfc: `  nfc readers                List the PC/SC readers and the card on each, as JSON.
  nfc read [--timeout S]     Wait for a card (default 15 s) and print what it is: UID, ATR, standard, kind,
                             and for an NTAG21x its NDEF records ({"kind":"text"|"uri"|"other", ...}).
  nfc write-ndef (--text T [--lang L] | --uri U) [--timeout S]
                             Wait for an NTAG21x and write one NDEF record on it, then read it back.
`,
  options: `Options:
  --data DIR                 The till's data folder (default ./.tillpoint-data; hub: ./.tillpoint-hub).
  --port P                   Loopback port for serve, hub and gateway, 0-65535 (default 0: any free port).
  --test                     gateway: accept scripted behaviours (password, systemerror, slow, lost-reply
                             ...) and the /sandbox/clock control. For tests only.
  --merchants FILE           gateway: more merchants, a JSON list [{"id": "...", "key": "..."}].
  --ledger FILE              gateway: keep the sandbox's books in this SQLite file (default: in memory).
  --name NAME                The terminal's name for serve and enroll (shown on receipts and the hub).
  --lang L                   serve: the language of the cashier screen and receipts, zh-CN or en (default:
                             the demo catalog's zh-CN on a new till, else what the till has); kept in the
                             till's settings; the command's own messages follow it too.
                             nfc write-ndef: the language of the text record.
  --no-nfc                   serve: do not read NFC cards (by default serve reads them through pcscd).
  --demo                     serve: demo mode. Without DIR/stored-value.json, stored-value cards use the
                             public demo key (anyone can write such cards: demos and tests only); without
                             --demo they are off until the shop's key is in DIR/stored-value.json.
  --demo-staff               serve: on a till without staff, add a demo manager (PIN 1111) and cashier
                             (PIN 2222) first, so the till opens on its lock screen (demos only).
  --role ROLE                staff add, hub staff add: cashier, supervisor or manager.
  --badge UID                staff add, hub staff add: the staff badge's card UID (hex), for sign-in by a tap.
  --kiosk                    serve, start: a self-service kiosk (needs a staff PIN: tillpoint kiosk set-pin,
                             or --demo for the demo PIN). Electron: also TILLPOINT_KIOSK=1.
  --timeout S                nfc read / write-ndef: seconds to wait for a card (default 15).
  --gateway URL              serve: take wallet payments through the sandbox gateway at URL (merchant m-demo)
                             unless DIR/providers.json configures the payment providers.
  --log-dir DIR              serve, hub, gateway: also write JSON logs to rotating files in DIR (10 MB x 5;
                             default DATA/logs for serve and hub, none for the gateway). Logs always go to
                             stderr as JSON lines; TILLPOINT_LOG_LEVEL=debug|info|warn|error sets the level.
  -h, --help                 Show this help.

`,
  language: `Language:
  The command's own messages (this help, usage errors, failures on stderr) are in zh-CN or en: serve
  --lang, else TILLPOINT_LANG=zh-CN|en, else LC_ALL, LC_MESSAGES or LANG (zh_* is zh-CN, others en). With
  none of these (or C, POSIX), a command on a till's data folder speaks the till's language, others English.
  JSON output and log lines are the same in every language.

`,
  exitCodes: `Exit codes:
  0   done (serve: stopped cleanly; db check: the database is healthy)
  1   failed (db check: damaged or newer database; start: Electron missing)
  2   serve: the database was refused (damaged or from a newer Tillpoint); the file was not changed
  64  wrong command or options (serve --kiosk: no staff PIN is set)
`,
};
