/**
 * One error type for the whole product. `code` is stable and closed (a union per area); the renderer maps
 * it to a translated message, so `message` is only the English fallback a cashier can act on.
 */
export const errorCodes = [
  // transport and contract
  'invalid_params',
  'unknown_method',
  'unauthorized',
  /** a read-only caller (the customer display) called a method that changes something */
  'forbidden',
  'internal',
  /** the WebSocket to the terminal dropped before the call was answered */
  'transport.disconnected',
  // money
  'money.currency_mismatch',
  'money.not_integer',
  'money.unknown_currency',
  'money.overflow',
  'money.invalid_allocation',
  // catalog
  'catalog.unknown_barcode',
  /** a scanned text no product has, longer than a barcode or card-number-like: not repeated (a credential?) */
  'catalog.unknown_code',
  'catalog.unknown_product',
  // sale
  'sale.not_found',
  'sale.illegal_transition',
  'sale.empty',
  'sale.line_not_found',
  'sale.invalid_quantity',
  'sale.invalid_discount',
  'sale.another_open',
  /** part of the ticket is paid: its lines, discounts and member are fixed until it is paid or voided */
  'sale.partly_paid',
  // refunds of completed sales (the hub must have the sale before its refund)
  /** the sale's outbox row has not reached the hub (queued, parked, resolved by hand, or missing) */
  'sale.refund_unsynced',
  /** only a completed sale is refunded: an open ticket is voided, a voided one took no money */
  'sale.refund_not_completed',
  /** the sale or its payment is in another currency than this till's */
  'sale.refund_other_currency',
  /** the sale was paid with several tenders: it is returned item by item (sale.return), not refunded in one go */
  'sale.refund_unsupported',
  /** part of the sale was returned (sale.return): the rest is returned the same way, not refunded in full */
  'sale.refund_after_return',
  // partial returns (sale.return)
  /** no line, or no quantity, was chosen */
  'return.empty',
  /** a line that is not on the sale, or the same line twice */
  'return.unknown_line',
  /** more units than are left of a line, or more money than the payments have left */
  'return.too_many',
  /** the manager's split over the payments does not add up, or names another payment */
  'return.bad_allocation',
  /** the sale was refunded in full already */
  'return.already_refunded',
  /** the sale has not reached the hub and this cash refund would pass the shift's limit for that */
  'return.unsynced_limit',
  /** a refund receipt was scanned: a return cannot itself be returned */
  'return.of_return',
  // settlement reconciliation (tillpoint hub reconcile)
  /** the provider's settlement file cannot be read (names the line) */
  'reconcile.bad_file',
  /** no provider of that id in the providers file, or one whose files cannot be downloaded */
  'reconcile.unknown_provider',
  /** the provider did not hand over the day's file (not ready, refused, unreachable) */
  'reconcile.download_failed',
  // tender
  'tender.insufficient',
  'tender.invalid_amount',
  /** shop.json's cashRounding names a rule the till does not know, or one the currency cannot take */
  'tender.cash_rounding_invalid',
  // store
  'store.disk_full',
  'store.corrupt',
  'store.newer_schema',
  'store.busy',
  'store.readonly',
  'store.io',
  /** a sealed secret (the hub link's) cannot be decrypted: another key, or changed; the till enrolls again */
  'store.secret_unreadable',
  /** another Tillpoint process has the data folder (its lock file names it) */
  'store.locked',
  /** a read-only open found a database an older Tillpoint wrote: the till must upgrade it first */
  'store.older_schema',
  // wallet payments
  /** no provider is configured for the wallet this code belongs to */
  'wallet.unconfigured',
  /** the text is not a payment code of any wallet we know */
  'wallet.code_invalid',
  /** the customer's code expired (codes live about 60 s): ask for a fresh one */
  'wallet.code_expired',
  /** the customer's code has already paid once */
  'wallet.code_used',
  'payment.unavailable',
  /** the provider cannot be reached; the code is never queued (codes expire) */
  'payment.offline',
  'payment.attempt_in_progress',
  'payment.not_found',
  'payment.illegal_transition',
  /** providers.json is not valid */
  'payment.config_invalid',
  'payment.declined',
  'payment.provider_error',
  'payment.unknown_provider',
  /** reasons the till records when it ends an attempt itself */
  'payment.timeout',
  'payment.cancelled',
  'payment.unknown_outcome',
  'payment.sale_closed',
  'payment.never_sent',
  // Alipay's refusals in the cashier's words (src/terminal/payments/alipay/alipay-reasons.ts maps sub_codes)
  'alipay.auth_code_invalid',
  'alipay.balance_not_enough',
  'alipay.payment_limit',
  'alipay.buyer_unavailable',
  'alipay.payment_failed',
  'alipay.trade_closed',
  'alipay.order_mismatch',
  'alipay.merchant_setup',
  'alipay.seller_balance_not_enough',
  'alipay.refund_exceeds',
  'alipay.refund_refused',
  // WeChat Pay's own refusals (err_code / trade_state), in the cashier's words
  /** NOTENOUGH: the payer's balance or card does not cover the amount */
  'wechatpay.not_enough',
  /** NOTSUPORTCARD: the payer's card cannot pay here (e.g. a credit card the merchant does not take) */
  'wechatpay.card_unsupported',
  /** BUYER_MISMATCH: the code belongs to another WeChat user than the order's first try */
  'wechatpay.buyer_mismatch',
  /** TRADE_ERROR: WeChat's risk control refused the payer's account for this payment */
  'wechatpay.risk_refused',
  /** PAYERROR: the payer cancelled at the password prompt, or the payment failed on their side */
  'wechatpay.payer_error',
  /** ORDERCLOSED: the order was closed at WeChat Pay */
  'wechatpay.order_closed',
  /** the merchant account or the till's settings were refused (SIGNERROR, NOAUTH, APPID_MCHID_NOT_MATCH ...) */
  'wechatpay.merchant_refused',
  /** FREQUENCY_LIMITED: too many requests: wait a moment */
  'wechatpay.busy',
  /** refund NOTENOUGH: the merchant's WeChat Pay balance does not cover the refund today */
  'wechatpay.refund_not_enough',
  /** TRADE_OVERDUE: the payment is older than a year and can no longer be refunded */
  'wechatpay.refund_too_old',
  /** a refund WeChat Pay refused (more than is left, account abnormal ...) */
  'wechatpay.refund_refused',
  /** an answer whose signature did not verify: treated as no answer, asked again */
  'wechatpay.bad_signature',
  // NFC: readers and cards through PC/SC
  /** pcscd (the PC/SC service) is not running or went away */
  'nfc.unavailable',
  /** nfc-pcsc's PC/SC binding is not built (installed without libpcsclite-dev) */
  'nfc.not_installed',
  'nfc.no_reader',
  /** the reader was unplugged (or pcscd restarted) during the operation */
  'nfc.reader_gone',
  'nfc.no_card',
  /** the card left the reader before the operation finished */
  'nfc.card_removed',
  /** the card answered with an error status or not at all */
  'nfc.transmit_failed',
  /** a card type the till does not work with */
  'nfc.unknown_card',
  /** a contactless bank card or a phone wallet: Tillpoint runs no EMV kernel, use the card terminal */
  'nfc.bank_card',
  /** an ISO 14443-3 tag that is not an NTAG213/215/216 */
  'nfc.unsupported_tag',
  /** the capability container says the tag is read-only */
  'nfc.tag_locked',
  /** the NDEF message does not fit in the tag's data area */
  'nfc.tag_full',
  /** the tag carries no NDEF capability container or no NDEF message */
  'nfc.not_ndef',
  'nfc.ndef_invalid',
  /** what was read back after a write differs from what was written */
  'nfc.write_verify_failed',
  // membership cards
  'member.unknown_card',
  // closed-loop stored-value cards
  /** the card holds no stored-value record (not issued by this scheme) */
  'card.not_stored_value',
  /** the card belongs to another scheme (another shop or campus) */
  'card.wrong_scheme',
  /** a record's MAC does not verify: the card was altered */
  'card.tampered',
  /** the card shows an older record than this till has seen: a replay or a clone */
  'card.replayed',
  'card.insufficient_balance',
  'card.currency_mismatch',
  /** a top-up would take the balance past the scheme's limit */
  'card.balance_limit',
  /** a debit or top-up on this card was interrupted; tap the same card again to finish it */
  'card.pending',
  /** a different card was tapped than the one the operation started with */
  'card.other_card',
  'card.session_not_found',
  /** no stored-value scheme on this till (no stored-value.json, not in demo mode): cards are off */
  'card.no_scheme',
  // the outbox's way to the hub
  /** the hub cannot be reached (no network, hub down) */
  'sync.offline',
  /** the hub refused the enrollment code (unknown, used, expired) */
  'sync.enroll_refused',
  'sync.entry_not_found',
  /** retry / resolve of an entry that is not parked */
  'sync.not_parked',
  // support
  /** the diagnostics archive could not be written (disk full, folder not writable) */
  'diagnostics.write_failed',
  /** the hub's reply could not be read (not JSON, not the contract's shape) */
  'sync.bad_reply',
  /** the hub answered with an error this till has no code for (a newer hub) */
  'sync.hub_error',
  /** the hub holds another entry under the same idempotency key */
  'sync.conflict',
  /** the hub refused the entry (its reason says why) */
  'sync.rejected',
  /** one entry alone is bigger than the hub takes in a request */
  'sync.entry_too_big',
  // the hub's answers (src/hub): every non-2xx reply carries one of these in {error: {code, message}}
  'hub.bad_json',
  'hub.bad_request',
  /** a signed request whose signature does not match the terminal's secret */
  'hub.bad_signature',
  'hub.bad_timestamp',
  /** the terminal's clock is more than the signature window away from the hub's */
  'hub.clock_skew',
  /** the terminal's catalog cursor is past the hub's newest change (another hub database) */
  'hub.cursor_ahead',
  'hub.enroll_code_invalid',
  'hub.method_not_allowed',
  'hub.not_found',
  'hub.too_large',
  'hub.too_many_entries',
  /** an unsigned request (the terminal is not enrolled) */
  'hub.unauthenticated',
  /** the hub's database is not answering; retry later */
  'hub.unavailable',
  /** the hub's database was written by a newer hub */
  'hub.too_new',
  // the till's journal as the hub sees it (src/hub/journal-heads.ts): warnings, the batch is still kept
  /** the till's journal head is behind one the hub saw before (a restored backup, a deleted tail) */
  'hub.journal_rolled_back',
  /** the same journal seq arrived with another hash */
  'hub.journal_forked',
  /** the signed Z closing does not verify with the till's key */
  'hub.journal_bad_closing',
  /** the till signs with another key than the one the hub first saw */
  'hub.journal_key_changed',
  /** `tillpoint hub staff remove ID` with an id the hub never published (or already removed) */
  'hub.staff_not_found',
  // `tillpoint hub publish FILE`
  'hub.publish_unreadable',
  'hub.publish_bad_json',
  'hub.publish_invalid',
  'hub.publish_empty',
  // what the hub checks in each outbox entry (src/hub/entry-checks.ts): the entry is rejected and parked
  /** a kind of entry this hub does not know (a newer till) */
  'hub.entry_unknown_kind',
  /** the payload is not of its kind's shape */
  'hub.entry_invalid',
  /** an amount that is negative, not a safe integer (beyond 2^53) or over the hub's maximum */
  'hub.entry_amount_invalid',
  /** a currency that is not in ISO 4217 */
  'hub.entry_currency_unknown',
  /** an amount in another currency than its sale's */
  'hub.entry_currency_mismatch',
  /** a sale whose lines do not add up to its totals */
  'hub.entry_totals_mismatch',
  /** a completed sale whose payments do not cover its total exactly (a voided one: more than it) */
  'hub.entry_payments_mismatch',
  /** a date too far from the hub's clock (the window is the hub's setting) */
  'hub.entry_date_out_of_window',
  /** a payload nested deeper than the hub reads (the whole request is refused before parsing) */
  'hub.entry_too_deep',
  // the hub across the network: TLS, its pin and its signed answers
  /** `tillpoint hub --host` off loopback without --tls-cert/--tls-key (or --insecure-behind-proxy) */
  'hub.insecure_bind',
  /** the hub's --tls-cert / --tls-key cannot be read or do not make a certificate and its key */
  'hub.tls_unreadable',
  /** plain http to a hub that is not on this machine: enrollment needs https (or 127.0.0.1 / ::1) */
  'sync.insecure_hub',
  /** the hub's certificate is not the one this till was paired with (wrong pairing code, another hub) */
  'sync.hub_pin_mismatch',
  /** the pairing code is not one the hub prints (mistyped) */
  'sync.pairing_code_invalid',
  /** the hub's answer is missing its MAC or the MAC is wrong (tampered on the way): not applied */
  'sync.reply_unauthenticated',
  /** enrolling a till already enrolled with another hub needs the confirmation (and hub.repoint) */
  'sync.repoint_unconfirmed',
  // the sandbox gateway's own failures (its answers to the till speak the wallets' codes: SYSTEMERROR ...)
  /** the gateway's ledger file cannot be opened, or is damaged or from a newer gateway */
  'gateway.ledger_invalid',
  /** --merchants names a file that cannot be read or is not a valid merchant list */
  'gateway.merchants_invalid',
  /** `tillpoint gateway --dialect alipay --keys DIR`: the key folder cannot be read or written */
  'gateway.keys_invalid',
  /** `--tls-cert` / `--tls-key` cannot be read or do not make a TLS server */
  'gateway.tls_invalid',
  /** the till's language (serve --lang, TILLPOINT_LANG) is not one it has a catalog for */
  'settings.unknown_language',
  // the `tillpoint` command
  /** a wrong command line (exit 64) */
  'cli.usage',
  /** a command that could not do its job; its message says why */
  'cli.failed',
  // QR codecs: each rejection of a scanned payload has its own code (src/core/qr-error.ts)
  'qr.empty',
  'qr.too_long',
  'qr.duplicate_id',
  'qr.length_overrun',
  'qr.length_not_numeric',
  'qr.format_indicator_missing',
  'qr.crc_missing',
  'qr.crc_not_last',
  'qr.crc_not_hex',
  'qr.crc_mismatch',
  'qr.data_after_crc',
  'qr.bad_base64',
  'qr.bad_tlv',
  'qr.cpm_no_cpv',
  'qr.unknown_format',
  /** encodeMpm / buildMerchantQr were given tags or a merchant configuration that cannot be encoded */
  'qr.invalid_tags',
  // offline risk limits (src/core/offline-policy.ts): non-cash sales waiting for
  // the hub; cash is never limited
  /** offline-policy.json (or the hub's offline.policy) is not valid */
  'offline.config_invalid',
  /** this sale is over the tender's maxAmount */
  'offline.limit_amount',
  /** the tender's unsynced sales reached maxCount */
  'offline.limit_count',
  /** this sale would take the tender's unsynced total past maxTotal */
  'offline.limit_total',
  /** the tender's oldest unsynced sale is older than maxAgeS */
  'offline.limit_age',
  /** the oldest unsynced entry is older than the merchant's limit and the policy is refuse-non-cash */
  'sync.overdue',
  // offline payment codes (src/core/offline-code-verify.ts): a wallet's issuer-signed code taken offline
  /** not an offline code the till can read (damaged, truncated, another currency) */
  'offline_code.malformed',
  /** no issuer key with the code's key id (not synced yet, or retired before the code was made) */
  'offline_code.unknown_key',
  /** the issuer's signature does not verify: the code was changed or forged */
  'offline_code.bad_signature',
  /** the code's time is further ahead of the till's clock than the skew window */
  'offline_code.clock_skew',
  'offline_code.expired',
  /** this (issuer, user, counter) was taken before */
  'offline_code.replayed',
  /** the user's unsettled offline spend on this till would pass their cap */
  'offline_code.over_user_cap',
  /** the till's unsettled offline-code total would pass its cap */
  'offline_code.over_till_cap',
  // the self-service kiosk
  /** a kiosk method on a terminal not started as a kiosk */
  'kiosk.not_enabled',
  /** a staff PIN that is not 4 to 8 digits: refused without counting as a wrong try */
  'kiosk.pin_format',
  'kiosk.pin_wrong',
  /** five wrong staff PINs: locked until `details.until` (kept across restarts) */
  'kiosk.pin_locked',
  /** a kiosk started without a staff PIN (set one with `tillpoint kiosk set-pin`, or demo mode) */
  'kiosk.no_staff_pin',
  /** the basket holds items that need a staff check before paying */
  'kiosk.staff_needed',
  /** `<data>/kiosk.json` (the kiosk's timings) is not valid: the till does not start */
  'kiosk.config_invalid',
  // staff, sign-in and permissions
  /** a staff PIN that is not 4 to 6 digits: refused without counting as a wrong try */
  'staff.pin_format',
  /** a PIN nobody on this till has (counted towards the lockout) */
  'staff.pin_wrong',
  /** too many wrong PINs on this till: sign-in is locked until `details.until` (kept across restarts) */
  'staff.pin_locked',
  /** `staff add` with a PIN another member of staff already has (a PIN names its owner) */
  'staff.pin_taken',
  'staff.badge_taken',
  /** a badge tapped that no member of staff owns */
  'staff.unknown_badge',
  /** a badge tap's token that is unknown, used or lapsed: tap the badge again */
  'staff.badge_tap_expired',
  /** the first manager is added from the screen only while the till has no staff at all */
  'staff.already_set_up',
  'staff.not_found',
  /** staff exist and nobody is signed in on this screen (or the session locked itself after idling) */
  'staff.signed_out',
  /** the signed-in staff lacks `details.permission`: a manager approves with their PIN or badge */
  'staff.approval_needed',
  /** an approval token that is unknown, expired, used, or for another action or subject */
  'staff.approval_invalid',
  /** the approver's role lacks the permission asked for (journaled) */
  'staff.approver_not_allowed',
  /** `<data>/staff.json` is not valid: the till does not start */
  'staff.config_invalid',
  /** a PIN that more than one member of staff has (the till's own and one the hub published): refused */
  'staff.pin_ambiguous',
  /** `staff remove` of a member the hub published: the hub removes them (tillpoint hub staff remove) */
  'staff.from_hub',
  /** staff published by the hub exist, but this till has not got (or cannot open) the hub's staff key */
  'staff.hub_key_missing',
  // receipts on thermal printers
  /** receipt.print / receipt.preview for a sale that is not completed */
  'print.not_completed',
  /** receipt.print with no receipt printer in printers.json */
  'print.no_printer',
  // shifts and the cash drawer
  /** shift.json says sales need an open shift, and none is open */
  'shift.not_open',
  /** a till has one open shift at a time */
  'shift.already_open',
  /** a drawer count with an unknown denomination or a count that is not a whole number */
  'shift.count_invalid',
  /** the variance is beyond shift.json's tolerance: the close needs a note (details.variance) */
  'shift.note_required',
  'shift.not_found',
  /** a ticket with items is open: it would complete after the close, outside the shift */
  'shift.ticket_open',
  /** `<data>/shift.json` is not valid: the till does not start */
  'shift.config_invalid',
  // utility bill payments (src/core/gs1-payment-slip.ts, src/terminal/bills)
  /** nothing was scanned or typed */
  'bill.slip_empty',
  /** the bill's barcode holds an Application Identifier a payment slip does not use */
  'bill.slip_unknown_ai',
  /** a field of the bill's barcode has the wrong length or characters */
  'bill.slip_bad_field',
  /** the biller's GLN (AI 415) fails its GS1 mod-10 check digit: a misread */
  'bill.slip_check_digit',
  /** the due date (AI 12) is not a calendar date */
  'bill.slip_bad_date',
  /** the separators were lost (a keyboard-wedge scanner) and the fields can be read more than one way */
  'bill.slip_ambiguous',
  /** the barcode lacks the biller (415) or the reference (8020) */
  'bill.slip_missing_field',
  /** no biller of that id, or no biller with that GLN */
  'bill.unknown_biller',
  /** the account number does not have the biller's format */
  'bill.account_format',
  /** the biller has no bill owing on that account */
  'bill.no_bill',
  /** the biller cannot be reached: the lookup or payment did not happen (retry is safe) */
  'bill.biller_unreachable',
  /** offline, only a prepayment to a biller that accepts one can be taken */
  'bill.prepay_not_accepted',
  /** an offline prepayment over the offline policy's cap for bills */
  'bill.offline_limit',
  /** an amount the biller does not take (not a denomination, over the bill, zero) */
  'bill.amount_invalid',
  /** no bill payment with that id on this till */
  'bill.not_found',
  /** the biller refused the payment: the money is owed back to the customer */
  'bill.rejected',
  /** the biller confirmed the payment: it can no longer be reversed at the till */
  'bill.not_reversible',
  /** a step of the bill payment in the wrong order (confirm before lookup, pay before the money is taken) */
  'bill.illegal_transition',
  /** `<data>/bills.json` is not valid: the till does not start */
  'bill.config_invalid',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (errorCodes as readonly string[]).includes(value);

export class TillpointError extends Error {
  override readonly name = 'TillpointError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const isTillpointError = (value: unknown): value is TillpointError => value instanceof TillpointError;
