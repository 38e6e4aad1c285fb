import type { ErrorCode } from '../../core/errors.js';

/**
 * One message per ErrorCode, written for the cashier: what happened and what to do next. The mapped type
 * makes the compiler refuse a catalog that misses a code added to src/core/errors.ts.
 */
export const enErrors: { [C in ErrorCode as `error.${C}`]: string } = {
  'error.invalid_params':
    'The till sent a request it cannot handle. Try again; if it repeats, restart the till.',
  'error.unknown_method': 'This screen is newer than the till service. Restart the till.',
  'error.forbidden': 'This screen can only show the sale; it cannot change it.',
  'error.unauthorized': 'This screen is not signed in. Open the link the till printed when it started.',
  'error.internal': 'Something went wrong. The sale in progress is kept; try again.',
  'error.transport.disconnected': 'Lost the connection to the till. Wait a moment and try again.',
  'error.money.currency_mismatch': 'That amount is in a different currency from the sale.',
  'error.money.not_integer': 'That amount is not valid. Enter it again.',
  'error.money.unknown_currency':
    'The till does not know this currency. Ask a manager to check the settings.',
  'error.money.overflow': 'That amount is too large. Check the quantity or the amount.',
  'error.money.invalid_allocation':
    'The discount could not be shared across the items. Try a different discount.',
  'error.catalog.unknown_barcode': 'No product has the barcode {barcode}. Check the item or find it by name.',
  'error.catalog.unknown_code':
    'No product has the scanned code (not shown: it could be a payment code or a card number). Scan the item again or find it by name.',
  'error.catalog.unknown_product': 'That product is no longer in the catalog. Search for it again.',
  'error.sale.not_found': 'That sale could not be found. Refresh the sales history.',
  'error.sale.illegal_transition': 'That sale can no longer be changed. Start a new sale.',
  'error.sale.empty': 'The ticket is empty. Add an item first.',
  'error.sale.line_not_found': 'That item is no longer on the ticket.',
  'error.sale.invalid_quantity': 'That quantity is not allowed. Use a whole number from 1 to 9999.',
  'error.sale.invalid_discount':
    'That discount is not allowed. It cannot be more than the amount it applies to.',
  'error.sale.another_open': 'Another ticket is already open. Finish or void it first.',
  'error.sale.partly_paid':
    'Part of this ticket is paid. Take the rest, or void the ticket to give the paid parts back.',
  'error.sale.refund_unsynced':
    'This sale has not reached head office yet, so it cannot be refunded. Refunds are possible once it has synced; check the Sync screen.',
  'error.sale.refund_not_completed':
    'Only a completed sale can be refunded. Void an open ticket instead; a voided one took no money.',
  'error.sale.refund_other_currency':
    'This sale was paid in {currency}; this till refunds in {tillCurrency} only. Refund it through head office.',
  'error.sale.refund_unsupported':
    'This sale was paid with more than one tender, so it is not refunded in one go: use Return items and return every item; each tender gets its share back.',
  'error.sale.refund_after_return':
    'Part of this sale was already returned. Return the rest item by item instead of refunding it in full.',
  'error.return.empty': 'Choose at least one item to return.',
  'error.return.unknown_line': 'That item is not on this sale (or is listed twice). Look the sale up again.',
  'error.return.too_many':
    'That is more than can still be returned of this sale. Lower the quantity; items already returned cannot come back twice.',
  'error.return.bad_allocation':
    'The amounts per tender must add up to the return, and no tender can give back more than it took.',
  'error.return.already_refunded': 'This sale was already refunded in full, so nothing is left to return.',
  'error.return.unsynced_limit':
    'This sale has not reached head office yet, and this cash refund would pass the shift limit for such refunds. Wait until the till has synced, or call a manager.',
  'error.return.of_return':
    'That is a refund receipt. A refund cannot be returned; scan the receipt of the original sale.',
  'error.reconcile.bad_file':
    "The settlement file cannot be read. Download it again, or check that it is the right provider's file.",
  'error.reconcile.unknown_provider':
    'No payment provider with that id can give settlement files. Check --provider and the providers file.',
  'error.reconcile.download_failed':
    'The provider did not hand over the settlement file for that day. Try again later (files are ready the next morning), or give the file with --file.',
  'error.tender.insufficient': 'The cash tendered is less than the amount due.',
  'error.tender.invalid_amount': 'That cash amount is not valid. Clear it and enter it again.',
  'error.tender.cash_rounding_invalid':
    'The cash rounding in shop.json is not valid, so cash totals are not rounded. Fix shop.json and restart.',
  'error.diagnostics.write_failed':
    'The diagnostics file could not be written. Free some disk space and try again, or call a manager.',
  'error.store.disk_full':
    'The till’s disk is full, so the sale was not saved. It is still open; call a manager.',
  'error.store.corrupt': 'The till’s database is damaged. Do not continue; call a manager.',
  'error.store.newer_schema': 'The till’s data comes from a newer version. Update the till software.',
  'error.store.busy': 'The till is busy saving. Try again in a moment.',
  'error.store.readonly': 'The till cannot save right now (read-only storage). Call a manager.',
  'error.store.io': 'The till could not read or write its data. Try again; if it repeats, call a manager.',
  'error.store.secret_unreadable':
    'This till cannot decrypt its hub secret (its key changed, or the data was copied from another till). Connect to the hub again with a new enrollment code.',
  'error.store.locked':
    'Another Tillpoint program is using this till’s data. Close it (or the other till window) and try again.',
  'error.store.older_schema': 'The till’s data must be upgraded first. Restart the till software.',
  'error.wallet.unconfigured':
    'This till takes no payments from that wallet. Ask the customer for another wallet or tender.',
  'error.wallet.code_invalid': 'That is not a payment code. Ask the customer to show their payment code.',
  'error.wallet.code_expired':
    'The customer’s payment code has expired. Ask them to refresh it and scan again.',
  'error.wallet.code_used': 'That payment code was already used. Ask the customer to refresh it.',
  'error.payment.unavailable': 'Wallet payments are not available on this till. Take another tender.',
  'error.payment.offline':
    'The payment service cannot be reached. Take cash or another tender; the code was not kept.',
  'error.payment.attempt_in_progress': 'A payment for this sale is still in progress. Wait for it to finish.',
  'error.payment.not_found': 'That payment could not be found. Start the payment again.',
  'error.payment.illegal_transition': 'That payment can no longer be changed.',
  'error.payment.config_invalid': 'The payment settings are not valid. Call a manager.',
  'error.payment.declined': 'The payment was declined. Ask for another wallet or tender.',
  'error.payment.provider_error':
    'The payment service answered with an error. Try again or take another tender.',
  'error.payment.unknown_provider': 'That payment provider is not configured on this till.',
  'error.payment.timeout': 'The payment was not confirmed in time, so the till cancelled it. Try again.',
  'error.payment.cancelled': 'The payment was cancelled.',
  'error.payment.unknown_outcome':
    'The payment service could not confirm the payment, so the till cancelled it. Nothing was kept; try again.',
  'error.payment.sale_closed': 'The sale could no longer take this payment, so it was refunded.',
  'error.payment.never_sent':
    'The till restarted before the payment was sent. Nothing was charged; try again.',
  'error.alipay.auth_code_invalid':
    'Alipay does not accept this payment code (expired or already used). Ask the customer to refresh the code and scan again.',
  'error.alipay.balance_not_enough':
    "The customer's Alipay balance or card does not cover the amount. Ask them to choose another payment source in Alipay, or take another tender.",
  'error.alipay.payment_limit':
    'The customer has reached an Alipay payment limit. Ask for another wallet or tender.',
  'error.alipay.buyer_unavailable':
    "Alipay cannot take a payment from this customer's account. Ask for another wallet or tender.",
  'error.alipay.payment_failed':
    'Alipay declined the payment. Ask the customer to try again in Alipay, or take another tender.',
  'error.alipay.trade_closed': 'The Alipay payment was closed without paying. Start the payment again.',
  'error.alipay.order_mismatch': 'Alipay already has this payment with other details. Start a new payment.',
  'error.alipay.merchant_setup':
    "The shop's Alipay account or settings refused the payment. Call a manager; take another tender meanwhile.",
  'error.alipay.seller_balance_not_enough':
    "The shop's Alipay account does not hold enough to refund. Call a manager.",
  'error.alipay.refund_exceeds':
    'The refund is more than what is left of this Alipay payment. Check the amount.',
  'error.alipay.refund_refused': 'Alipay does not allow a refund of this payment now. Call a manager.',
  'error.wechatpay.not_enough':
    "WeChat Pay: the customer's balance or card does not cover the amount. Ask them to choose another card in WeChat, or take another tender.",
  'error.wechatpay.card_unsupported':
    "WeChat Pay: the customer's card cannot pay at this shop. Ask them to choose another card in WeChat, or take another tender.",
  'error.wechatpay.buyer_mismatch':
    'WeChat Pay: this code belongs to a different WeChat user than the first try. Start the payment again.',
  'error.wechatpay.risk_refused':
    "WeChat Pay refused this payment for the customer's account. Ask for another tender.",
  'error.wechatpay.payer_error':
    'WeChat Pay: the customer cancelled or the payment failed on their phone. Ask them to try again, or take another tender.',
  'error.wechatpay.order_closed': 'WeChat Pay closed this order. Start the payment again.',
  'error.wechatpay.merchant_refused':
    "WeChat Pay refused the shop's request (merchant settings or keys). Take another tender and call a manager.",
  'error.wechatpay.busy': 'WeChat Pay is busy. Wait a moment and try again.',
  'error.wechatpay.refund_not_enough':
    "WeChat Pay: the shop's balance does not cover this refund today. Call a manager; the refund is not done.",
  'error.wechatpay.refund_too_old': 'WeChat Pay no longer refunds this payment (too old). Call a manager.',
  'error.wechatpay.refund_refused': 'WeChat Pay refused the refund. Call a manager; no money was returned.',
  'error.wechatpay.bad_signature':
    "WeChat Pay's answer could not be verified, so the till is asking again. Wait; the customer is not charged twice.",
  'error.nfc.unavailable': 'The card reader service is not running. Card taps are off; call a manager.',
  'error.nfc.not_installed':
    'NFC support is not installed on this till, so card taps are off. A technician installs libpcsclite-dev (apt-get install libpcsclite-dev), then runs npm ci (or npm rebuild nfc-pcsc) again.',
  'error.nfc.no_reader': 'No card reader is connected. Plug in the reader and try again.',
  'error.nfc.reader_gone': 'The card reader was disconnected. Plug it back in and tap the card again.',
  'error.nfc.no_card': 'There is no card on the reader. Place the card on the reader.',
  'error.nfc.card_removed': 'The card was taken away too soon. Hold it on the reader and try again.',
  'error.nfc.transmit_failed': 'The card did not answer. Hold it flat on the reader and try again.',
  'error.nfc.unknown_card': 'The till does not know this card. Try another card or another tender.',
  'error.sync.offline':
    'The hub cannot be reached. Check its address and the network; sales stay safe on this till until it answers.',
  'error.sync.enroll_refused': 'The hub refused this enrollment code. Ask the hub operator for a new one.',
  'error.sync.entry_not_found': 'That queue entry is not on this till.',
  'error.sync.not_parked': 'Only an entry the hub refused can be retried or resolved.',
  'error.sync.bad_reply':
    'Head office answered with something the till cannot read. The sale is kept; the till tries again. If it repeats, call support.',
  'error.sync.hub_error':
    'Head office refused the request. The sale is kept; the till tries again. If it repeats, call support.',
  'error.sync.conflict':
    'Head office already has a different record under this number. Ask a manager to check it at head office, then resolve it here.',
  'error.sync.rejected':
    'Head office refused this record. Ask a manager to fix the cause at head office, then retry or resolve it here.',
  'error.sync.entry_too_big':
    'This record is too large to send to head office. Ask a manager to resolve it here and book it by hand.',
  'error.hub.bad_json':
    'Head office could not read what the till sent. The till tries again; if it repeats, call support.',
  'error.hub.bad_request':
    'Head office could not accept what the till sent. The till tries again; if it repeats, call support.',
  'error.hub.bad_signature':
    'Head office does not recognise this till’s key. Connect the till to the hub again with a new enrollment code.',
  'error.hub.bad_timestamp':
    'Head office could not read the till’s clock. Check the date and time on the till.',
  'error.hub.clock_skew':
    'The till’s clock is too far from head office’s. Fix the date, time and time zone on the till; it then syncs by itself.',
  'error.hub.cursor_ahead':
    'The till’s catalog is ahead of head office’s (the hub was reset). The till fetches the whole catalog again.',
  'error.hub.enroll_code_invalid':
    'That enrollment code is unknown, already used or expired. Ask the hub operator for a new one.',
  'error.hub.method_not_allowed': 'Head office does not take this request. Update the till software.',
  'error.hub.not_found':
    'Head office does not know this request. Check the hub address, or update the till software.',
  'error.hub.too_large': 'The batch was too large for head office. The till sends smaller batches by itself.',
  'error.hub.too_many_entries':
    'The batch was too large for head office. The till sends smaller batches by itself.',
  'error.hub.unauthenticated':
    'This till is not connected to head office. Connect it with an enrollment code.',
  'error.hub.unavailable':
    'Head office’s database is not answering. Sales are kept on the till and sent when it is back.',
  'error.hub.too_new': 'Head office runs a newer version than this hub software. Call support.',
  'error.hub.journal_rolled_back':
    "Head office saw more of this till's journal before: it was restored from a backup or rows were deleted. Sales still sync. Keep the data folder as it is and call support.",
  'error.hub.journal_forked':
    "This till's journal differs from what head office saw before. Sales still sync. Keep the data folder as it is and call support.",
  'error.hub.journal_bad_closing':
    'A signed Z closing of this till does not verify at head office. Sales still sync. Keep the data folder as it is and call support.',
  'error.hub.journal_key_changed':
    'This till signs with another key than head office knows. Sales still sync. Call support.',
  'error.hub.staff_not_found':
    'The hub has no member of staff with this id. List them with tillpoint hub staff list.',
  'error.hub.publish_unreadable': 'The file to publish cannot be read. Check its path.',
  'error.hub.publish_bad_json': 'The file to publish is not valid JSON.',
  'error.hub.publish_invalid': 'The file to publish has a mistake; its message names the place.',
  'error.hub.publish_empty': 'The file to publish holds no changes.',
  'error.hub.insecure_bind':
    'The hub refuses to listen on the network without TLS. Give --tls-cert and --tls-key, or --insecure-behind-proxy behind a TLS reverse proxy.',
  'error.hub.tls_unreadable':
    "The hub's TLS certificate or key cannot be used. Check the files given with --tls-cert and --tls-key.",
  'error.hub.entry_unknown_kind':
    'Head office does not know this kind of record. Update the hub software, then retry the entry.',
  'error.hub.entry_invalid':
    'Head office could not read this record; its reason names the field. Call support.',
  'error.hub.entry_amount_invalid':
    'Head office refused an amount in this record (negative, too large or not exact). Call support before retrying.',
  'error.hub.entry_currency_unknown':
    "This record uses a currency head office does not know. Check the till's currency settings.",
  'error.hub.entry_currency_mismatch': 'This record mixes currencies. Call support before retrying.',
  'error.hub.entry_totals_mismatch':
    'The items of this sale do not add up to its total. Call support before retrying.',
  'error.hub.entry_payments_mismatch':
    'The payments of this sale do not match its total. Call support before retrying.',
  'error.hub.entry_date_out_of_window':
    "The date of this record is too far from head office's clock. Check the till's date and time, then retry the entry (or ask head office to widen the window).",
  'error.hub.entry_too_deep':
    'Head office refused this record: it is malformed (nested too deeply). Call support.',
  'error.sync.insecure_hub':
    'Connect to head office with an https:// address (plain http only works on this machine). Ask the hub operator for the address and pairing code.',
  'error.sync.hub_pin_mismatch':
    'The hub at this address is not the one this till was paired with (its certificate differs). Check the address and the pairing code with the hub operator.',
  'error.sync.pairing_code_invalid':
    "That pairing code is not valid. Read it again from the hub's screen (groups of letters and digits).",
  'error.sync.reply_unauthenticated':
    'An answer that claimed to come from head office could not be verified and was ignored. The till keeps the sales and tries again; if it repeats, check the network.',
  'error.sync.repoint_unconfirmed':
    'This till is already connected to another hub. Moving it needs a manager and the confirmation to re-point it.',
  'error.gateway.ledger_invalid':
    'The payment sandbox cannot use its ledger file. Start it with another file.',
  'error.gateway.merchants_invalid': 'The payment sandbox cannot use its merchants file. Check the file.',
  'error.gateway.keys_invalid': 'The Alipay simulator cannot use its key folder. Give another --keys folder.',
  'error.gateway.tls_invalid':
    'The gateway cannot use its TLS certificate or key. Check --tls-cert and --tls-key.',
  'error.settings.unknown_language': 'The till has no language "{language}". Use one of: {supported}.',
  'error.cli.usage': 'The command line is not complete. See tillpoint --help.',
  'error.cli.failed': 'The command could not finish. Its message says why.',
  'error.nfc.bank_card': 'This is a bank card or phone wallet: use the card terminal for it.',
  'error.nfc.unsupported_tag': 'This tag type is not supported. Use an NTAG213, 215 or 216 tag.',
  'error.nfc.tag_locked': 'This tag is locked (read-only), so nothing can be written to it.',
  'error.nfc.tag_full': 'This does not fit on the tag. Use a shorter text or a larger tag.',
  'error.nfc.not_ndef': 'This tag holds no NDEF data. Format it for NDEF first.',
  'error.nfc.ndef_invalid': 'The data on this tag is damaged or not NDEF.',
  'error.nfc.write_verify_failed': 'Writing to the card did not take. Hold it still and try again.',
  'error.member.unknown_card': 'This card is not a membership card of this shop.',
  'error.card.not_stored_value': 'This card holds no balance of this shop. Take another tender.',
  'error.card.wrong_scheme': 'This balance card belongs to another shop. Take another tender.',
  'error.card.tampered':
    'This card’s balance does not check out (it was altered). Keep the card; call a manager.',
  'error.card.replayed':
    'This card shows an old balance (a copy or a replay). Keep the card; call a manager.',
  'error.card.insufficient_balance': 'The card balance is not enough. Top it up or take another tender.',
  'error.card.currency_mismatch': 'This card holds another currency. Take another tender.',
  'error.card.balance_limit': 'That top-up would take the card over its balance limit.',
  'error.card.pending': 'The last card operation was interrupted. Tap the same card again to finish it.',
  'error.card.other_card': 'That is a different card. Tap the card you started with.',
  'error.card.no_scheme':
    "Stored-value cards are not set up on this till: put the shop's card key in {file}.",
  'error.card.session_not_found': 'That card operation has ended. Start again.',
  'error.qr.empty': 'The code was empty. Scan it again.',
  'error.qr.too_long': 'That code is too long to be a payment code. Ask the customer to show it again.',
  'error.qr.duplicate_id': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.length_overrun': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.length_not_numeric': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.format_indicator_missing': 'This is not a payment QR code. Ask for the payment code.',
  'error.qr.crc_missing': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.crc_not_last': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.crc_not_hex': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.crc_mismatch': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.data_after_crc': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.bad_base64': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.bad_tlv': 'This code is damaged, ask the customer to refresh it.',
  'error.qr.cpm_no_cpv': 'This card code is not supported. Ask for the wallet’s payment code.',
  'error.qr.unknown_format': 'The till does not recognise this code. Ask for the wallet’s payment code.',
  'error.qr.invalid_tags': 'The merchant QR settings are not valid. Call a manager.',
  'error.offline.config_invalid': 'The offline limits (offline-policy.json) are not valid. Call a manager.',
  'error.offline.limit_amount':
    'This sale is over the most this tender may take while sales wait to sync. Take cash or another tender.',
  'error.offline.limit_count':
    'This tender has reached its limit of sales waiting to sync ({maxCount}). Take cash or another tender until the till has synced.',
  'error.offline.limit_total':
    'This sale would take the money waiting to sync for this tender over its limit. Take cash or another tender.',
  'error.offline.limit_age':
    'A sale with this tender has waited too long to sync. Take cash or another tender until the till has synced.',
  'error.sync.overdue':
    'Sales have not reached the hub for too long: this till takes only cash until it has synced.',
  'error.offline_code.malformed':
    'This payment code is damaged or not for this shop. Ask the customer to show it again.',
  'error.offline_code.unknown_key':
    'This till does not know the key of this payment code. Sync the till with the hub, or take another tender.',
  'error.offline_code.bad_signature':
    'This payment code is not genuine (its signature does not match). Take another tender.',
  'error.offline_code.clock_skew':
    "This payment code's time is ahead of the till's clock. Check the till's date and time, or ask the customer to check the phone's.",
  'error.offline_code.expired': 'This payment code has expired. Ask the customer for a new one.',
  'error.offline_code.replayed': 'This payment code was used already. Ask the customer for a new one.',
  'error.offline_code.over_user_cap':
    "This customer's offline spending limit is reached. Ask them to pay when their phone is online, or take another tender.",
  'error.offline_code.over_till_cap':
    'This till has taken as much in offline codes as it may before they are settled. Take another tender.',
  'error.kiosk.not_enabled': 'This till is not a self-service kiosk.',
  'error.kiosk.pin_format': 'A staff PIN is 4 to 8 digits.',
  'error.kiosk.pin_wrong': 'Wrong staff PIN.',
  'error.kiosk.pin_locked': 'Too many wrong PINs. The PIN pad is locked for a few minutes.',
  'error.kiosk.no_staff_pin': 'No staff PIN is set for this kiosk. Set one with tillpoint kiosk set-pin.',
  'error.kiosk.staff_needed': 'An item needs a staff check before you pay. A member of staff is on the way.',
  'error.kiosk.config_invalid': 'The kiosk settings (kiosk.json) are not valid. Call a manager.',
  'error.staff.pin_format': 'A staff PIN is 4 to 6 digits.',
  'error.staff.pin_wrong': 'Wrong PIN. {triesLeft} tries left before sign-in locks.',
  'error.staff.pin_locked':
    'Too many wrong PINs. Sign-in is locked for a few minutes; a manager can wait it out.',
  'error.staff.pin_taken': 'Another member of staff already has this PIN. Choose a different one.',
  'error.staff.badge_taken': 'This badge already belongs to another member of staff.',
  'error.staff.unknown_badge': 'Nobody on this till owns this badge. Sign in with your PIN.',
  'error.staff.badge_tap_expired': 'That badge tap has lapsed. Tap the badge again.',
  'error.staff.already_set_up':
    'This till already has staff. A manager adds more with the tillpoint staff command.',
  'error.staff.not_found': 'There is no such member of staff on this till.',
  'error.staff.signed_out': 'Nobody is signed in on this screen. Sign in with your PIN.',
  'error.staff.approval_needed': 'This needs a manager: ask one to approve with their PIN.',
  'error.staff.approval_invalid':
    'That approval has expired or was for something else. Ask for approval again.',
  'error.staff.approver_not_allowed': 'That member of staff may not approve this. Ask a manager.',
  'error.staff.config_invalid': 'The staff settings (staff.json) are not valid. Call a manager.',
  'error.staff.from_hub':
    'This member of staff comes from head office. Remove them on the hub with tillpoint hub staff remove.',
  'error.staff.pin_ambiguous':
    'This PIN belongs to two members of staff on this till, so it cannot sign in. A manager gives one of them a new PIN.',
  'error.staff.hub_key_missing':
    'Wrong PIN, or a head-office PIN this till cannot check yet: it has not received the staff key from the hub. Sync the till with the hub, then try again.',
  'error.print.not_completed': 'Only a completed sale has a receipt. Complete the sale first.',
  'error.print.no_printer':
    'No receipt printer is set up on this till (printers.json). Use the browser print instead.',
  'error.shift.not_open': 'No shift is open on this till. Open a shift with the float count first.',
  'error.shift.already_open': 'A shift is already open on this till. Close it before opening another.',
  'error.shift.count_invalid': 'That count is not valid. Count the notes and coins again.',
  'error.shift.note_required':
    'The counted cash differs from what the drawer should hold. Count again, or write a note saying why.',
  'error.shift.not_found': 'That shift is not on this till.',
  'error.shift.ticket_open': 'A ticket is still open. Complete or void it before closing the shift.',
  'error.shift.config_invalid': 'The shift settings (shift.json) are not valid. Call a manager.',
  'error.bill.slip_empty': "Nothing was scanned. Scan the bill's barcode again, or type the account number.",
  'error.bill.slip_unknown_ai':
    'This barcode is not a bill payment slip. Scan the barcode printed for payment, or type the account number.',
  'error.bill.slip_bad_field':
    "The bill's barcode could not be read correctly. Scan it again, or type the account number.",
  'error.bill.slip_check_digit':
    'The biller number in the barcode was misread (check digit wrong). Scan it again.',
  'error.bill.slip_bad_date':
    "The due date in the bill's barcode is not a real date. Scan it again, or type the account number.",
  'error.bill.slip_ambiguous':
    "The scanner dropped the barcode's separators, so it can be read more than one way. Set the scanner to send GS (or ~), or type the account number.",
  'error.bill.slip_missing_field':
    'This barcode lacks the biller or the bill reference. Type the account number instead.',
  'error.bill.unknown_biller': 'This till does not collect for that biller. Choose a biller from the list.',
  'error.bill.account_format':
    'That account number does not look right for this biller. Check it against the bill and type it again.',
  'error.bill.no_bill':
    'The biller has no bill owing on this account. Check the account number, or take a prepayment if the biller accepts one.',
  'error.bill.biller_unreachable':
    'The biller cannot be reached right now. Nothing was charged by the biller; try again in a moment.',
  'error.bill.prepay_not_accepted':
    'The till is offline: only prepayments to billers that accept them can be taken now. Ask the customer to come back later.',
  'error.bill.offline_limit':
    'This offline prepayment is over the limit the shop allows while offline. Take a smaller amount, or wait for the network.',
  'error.bill.amount_invalid': 'The biller does not take that amount. Choose one of the amounts shown.',
  'error.bill.not_found': 'That bill payment is not on this till.',
  'error.bill.rejected': 'The biller refused this payment. Give the customer their money back.',
  'error.bill.not_reversible':
    'The biller has confirmed this payment, so it can no longer be reversed at the till. The customer contacts the biller.',
  'error.bill.config_invalid': 'The bill payment settings (bills.json) are not valid. Call a manager.',
  'error.bill.illegal_transition':
    'That step does not fit where this bill payment is. Look the bill up again.',
};
