import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { logAt, type Log } from '../../shared/log.js';
import { TillpointError } from '../../core/errors.js';
import { money } from '../../core/money.js';
import type { OfflineTender } from '../../core/offline-policy.js';
import { isFinalPaymentState } from '../../core/payment-state.js';
import { amountAfterPromotion, tenderPromotionFor } from '../../core/tender-promotion.js';
import { classifyWalletCode, maskWalletCode, wallets } from '../../core/wallet-code.js';
import type {
  PaymentAttemptDto,
  PaymentAttemptKindDto,
  PaymentAttemptStateDto,
  PaymentListItemDto,
  PaymentOptionsDto,
  SaleDto,
} from '../../shared/dto.js';
import type { OfflineRisk } from '../offline/offline-risk.js';
import type { SaleService } from '../sale-service.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { attemptDto, type PaymentStore, type StoredAttempt } from '../store/payment-store.js';
import { withStoreErrors } from '../store/store-errors.js';
import { createAttemptRunner } from './attempt-runner.js';
import type { PaymentProvider } from './provider.js';
import { promotionRules, routeWallet, walletLabels, type ProvidersFile } from './provider-config.js';
import { createSandboxGatewayProvider } from './sandbox-gateway-provider.js';
import { buildAlipayProvider } from './alipay/alipay-build.js';
import { createStaticQrProvider } from './static-qr-provider.js';
import { wechatpayFromEntry } from './wechatpay/wechatpay-setup.js';
import { guardProvider } from './guarded-provider.js';

export interface PaymentServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly store: PaymentStore;
  readonly sales: SaleService;
  readonly config: ProvidersFile;
  /** the offline risk limits, checked before an attempt is written or sent */
  readonly offlineRisk: OfflineRisk;
  readonly now: () => Date;
  readonly emitChanged: (attempt: PaymentAttemptDto) => void;
  readonly saleCompleted: (sale: SaleDto) => void;
  readonly log: Log;
  /** a provider gave a clear answer to a payment call (refunds that got none are asked again) */
  readonly providerAnswered?: (providerId: string) => void;
  /**
   * every attempt's deadline after its start (paymentTimeoutS): a customer code, a provider QR or a bank QR
   * not paid by then is reversed by the till, and its ticket unlocks (30 s)
   */
  readonly timeoutMs: number;
  /** chargeCode answers after the first provider reply, or in 'charging' after this long */
  readonly answerWithinMs: number;
  readonly pollIntervalsMs: readonly number[];
  /** tests swap in providers; default: built from the config */
  readonly providers?: ReadonlyMap<string, PaymentProvider>;
  /** tests wrap each built provider (a fault injected in an adapter) */
  readonly wrapProvider?: (provider: PaymentProvider) => PaymentProvider;
}

function buildProviders(
  config: ProvidersFile,
  now: () => Date,
  dataDir: string,
  log: Log,
): Map<string, PaymentProvider> {
  const providers = new Map<string, PaymentProvider>();
  config.providers.forEach((p, index) => {
    if (p.type === 'alipay') {
      // a provider whose key files are wrong is left out (named in the log); the till runs without it
      const built = buildAlipayProvider(p, dataDir, `providers.json providers.${index}`, log);
      if (built) providers.set(p.id, built);
      return;
    }
    if (p.type === 'wechatpay') {
      // a key file problem turns this provider off (named in the log), never the till: cash still works
      const built = wechatpayFromEntry(p, index, dataDir, log);
      if (built) providers.set(p.id, built);
      return;
    }
    if (p.type === 'sandbox-gateway') {
      // a transport that cannot be used (its CA file) leaves the provider out, named in the log
      const ca =
        p.caFile === undefined ? null : gatewayCa(p.caFile, dataDir, `providers.json providers.${index}`);
      if (ca !== null && !ca.ok) {
        logAt(log, 'error')(`payment provider ${p.id} is off: ${ca.problem}`, {
          code: 'payment.config_invalid',
          field: `providers.${index}.caFile`,
        });
        return;
      }
      providers.set(
        p.id,
        createSandboxGatewayProvider({
          id: p.id,
          url: p.url,
          merchantId: p.merchantId,
          key: p.key,
          ...(p.requestTimeoutMs ? { requestTimeoutMs: p.requestTimeoutMs } : {}),
          ...(ca?.ok ? { tls: { ca: ca.pem } } : {}),
        }),
      );
      return;
    }
    providers.set(
      p.id,
      createStaticQrProvider({ id: p.id, merchant: p.merchant, expiresInMs: p.expiresInS * 1000, now }),
    );
  });
  return providers;
}

/** An https gateway's own CA (providers.json `caFile`, relative to the data folder), or why it cannot be used. */
function gatewayCa(
  caFile: string,
  dataDir: string,
  where: string,
): { ok: true; pem: string } | { ok: false; problem: string } {
  const path = isAbsolute(caFile) ? caFile : join(dataDir, caFile);
  try {
    const pem = readFileSync(path, 'utf8');
    void new X509Certificate(pem);
    return { ok: true, pem };
  } catch (error) {
    return {
      ok: false,
      problem: `${where}.caFile (${path}): not a usable CA certificate (${(error as Error).message})`,
    };
  }
}

const walletLabel = (wallet: string): string => walletLabels[wallet as keyof typeof walletLabels] ?? wallet;

/**
 * The payment use cases behind payment.* (design section C). The attempt runner owns the state machine;
 * this file decides what may start (one attempt per sale, a configured wallet, an open sale) and what the
 * cashier is told.
 */
export function createPaymentService(deps: PaymentServiceDeps) {
  const { store, file } = deps;
  // the data folder holds the database: key files in providers.json are relative to it; every provider call
  // answers, even one whose adapter throws (guarded-provider.ts)
  const providers = new Map(
    [...(deps.providers ?? buildProviders(deps.config, deps.now, dirname(file), deps.log))].map(([id, p]) => [
      id,
      guardProvider(deps.wrapProvider ? deps.wrapProvider(p) : p, deps.log),
    ]),
  );
  // a provider that could not be built (its key files) is not offered: its wallets answer wallet.unconfigured
  const config: ProvidersFile = deps.providers
    ? deps.config
    : { ...deps.config, providers: deps.config.providers.filter((p) => providers.has(p.id)) };
  const rules = promotionRules(config);
  let online = true;

  const runner = createAttemptRunner({
    db: deps.db,
    file,
    store,
    sales: deps.sales,
    provider: (id) => providers.get(id) ?? null,
    now: deps.now,
    changed: deps.emitChanged,
    saleCompleted: deps.saleCompleted,
    reachable: (value) => (online = value),
    ...(deps.providerAnswered ? { answered: deps.providerAnswered } : {}),
    log: deps.log,
    pollIntervalsMs: deps.pollIntervalsMs,
    unknownQueries: 3,
  });

  function mustRead(attemptId: string): StoredAttempt {
    const a = runner.read(attemptId);
    if (!a) throw new TillpointError('payment.not_found', 'That payment is not on this till.', { attemptId });
    return a;
  }

  function refuseIfActive(saleId: string): void {
    const active = withStoreErrors(file, 'read', () => store.activeForSale(saleId));
    if (active) {
      throw new TillpointError(
        'payment.attempt_in_progress',
        'A payment for this sale is still in progress. Wait for it to finish or cancel it first.',
        { saleId, attemptId: active.id, state: active.state },
      );
    }
  }

  /** Writes the attempt ('created'), then 'charging' before anything is sent: two commits, two events. */
  function begin(a: {
    saleId: string;
    kind: PaymentAttemptKindDto;
    /** which offline limits apply: a static bank QR has its own, wallets (code or provider QR) share theirs */
    tender: OfflineTender;
    wallet: string | null;
    providerId: string;
    maskedCode: string | null;
    deadlineMs: number;
    promotionWallet: string | null;
    source?: string;
    /** split tender: the part of what is left to charge; absent: all of it */
    part?: number | undefined;
  }): StoredAttempt {
    const left = deps.sales.amountDue(a.saleId);
    refuseIfActive(a.saleId);
    if (a.part !== undefined && (a.part < 1 || a.part > left.amount)) {
      throw new TillpointError(
        'tender.invalid_amount',
        'That is more than is left to pay on this ticket. Take what is left, or less.',
        { saleId: a.saleId, part: a.part, left },
      );
    }
    const due = a.part === undefined ? left : money(a.part, left.currency);
    // A tender promotion ("5 % off with Alipay") is for a sale one wallet pays in full: not for a part, and
    // not for the rest after paid parts (its discount would be priced on a total the customer did not pay).
    const whole = a.part === undefined && !deps.sales.partlyPaid(a.saleId);
    const promotion =
      a.promotionWallet === null || !whole ? null : tenderPromotionFor(rules, a.promotionWallet, due);
    const charged = amountAfterPromotion(due, promotion);
    // before anything is written or sent: past a limit no money may move with this tender
    deps.offlineRisk.refuse(a.tender, charged.amount);
    const id = randomUUID();
    const at = deps.now();
    withStoreErrors(file, 'change', () =>
      deps.db
        .transaction(() =>
          store.insert({
            id,
            saleId: a.saleId,
            kind: a.kind,
            wallet: a.wallet,
            providerId: a.providerId,
            amount: charged.amount,
            currency: charged.currency,
            promotion,
            maskedCode: a.maskedCode,
            deadlineAt: new Date(at.getTime() + a.deadlineMs).toISOString(),
            at: at.toISOString(),
            ...(a.source ? { source: a.source } : {}),
          }),
        )
        .immediate(),
    );
    deps.emitChanged(attemptDto(mustRead(id)));
    const charging = runner.move(id, 'send');
    if (!charging)
      throw new TillpointError('payment.illegal_transition', 'The payment could not start.', { id });
    return charging;
  }

  const offline = (attemptId: string, message: string) =>
    new TillpointError(
      'payment.offline',
      `The payment service cannot be reached, so the code was not charged (${message}). Take cash or another tender; ask the customer for a fresh code later.`,
      { attemptId },
    );

  /** Answers after `work`, or with the attempt as it stands after `answerWithinMs`; work goes on anyway. */
  async function answerSoon(attemptId: string, work: Promise<PaymentAttemptDto>): Promise<PaymentAttemptDto> {
    work.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<PaymentAttemptDto>((resolve) => {
      timer = setTimeout(() => resolve(attemptDto(mustRead(attemptId))), deps.answerWithinMs);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    options(saleId: string): PaymentOptionsDto {
      const total = deps.sales.amountDue(saleId);
      const whole = !deps.sales.partlyPaid(saleId);
      const walletOptions = wallets.flatMap((wallet) => {
        const provider = routeWallet(config, wallet);
        if (!provider || !providers.has(provider.id)) return [];
        const promotion = whole ? tenderPromotionFor(rules, wallet, total) : null;
        return [{ wallet, providerId: provider.id, label: walletLabel(wallet), promotion }];
      });
      const merchantQr: PaymentOptionsDto['merchantQr'] = [];
      // what each tender would charge at the least (a promotion lowers it), so a tender shown as refused
      // is refused whichever of its options the cashier picks
      const walletCharges: number[] = walletOptions.map(
        (w) => total.amount - (w.promotion?.discount.amount ?? 0),
      );
      const staticQrCharges: number[] = [];
      for (const p of config.providers) {
        if (p.type === 'static-qr') {
          merchantQr.push({ providerId: p.id, label: p.label, kind: 'static-qr' });
          staticQrCharges.push(
            amountAfterPromotion(total, whole ? tenderPromotionFor(rules, p.scheme, total) : null).amount,
          );
        } else if (p.merchantQr && providers.has(p.id)) {
          merchantQr.push({ providerId: p.id, label: p.label, kind: 'merchant-qr' });
          walletCharges.push(total.amount);
        }
      }
      const least = (charges: number[]) => (charges.length === 0 ? total.amount : Math.min(...charges));
      const headroom = deps.offlineRisk.headroom({
        wallet: least(walletCharges),
        'static-qr': least(staticQrCharges),
        'stored-value': total.amount,
      });
      return { wallets: walletOptions, merchantQr, online, offline: headroom };
    },

    async chargeCode(
      saleId: string,
      rawCode: string,
      source?: string,
      part?: number,
    ): Promise<PaymentAttemptDto> {
      const code = rawCode.trim();
      const wallet = classifyWalletCode(code);
      if (wallet === null) {
        throw new TillpointError(
          'wallet.code_invalid',
          'That is not a payment code this till knows. Ask the customer to open their wallet’s payment code and scan again.',
          { code: maskWalletCode(code) },
        );
      }
      const route = routeWallet(config, wallet);
      const provider = route ? providers.get(route.id) : undefined;
      if (!route || !provider) {
        throw new TillpointError(
          'wallet.unconfigured',
          `This till takes no ${walletLabel(wallet)} payments. Ask the customer for another wallet, or take another tender.`,
          { wallet },
        );
      }
      const a = begin({
        saleId,
        kind: 'customer-code',
        tender: 'wallet',
        wallet,
        providerId: route.id,
        maskedCode: maskWalletCode(code),
        deadlineMs: deps.timeoutMs,
        promotionWallet: wallet,
        ...(source ? { source } : {}),
        part,
      });
      const work = (async () => {
        const outcome = await provider.chargeCode({
          outTradeNo: a.id,
          authCode: code,
          amount: money(a.amount, a.currency),
          description: `Tillpoint sale ${saleId}`,
          timeoutMs: Math.max(1, Date.parse(a.deadlineAt) - deps.now().getTime()),
        });
        if (outcome.status === 'unreachable') {
          // Connection refused: the charge never left the till, so no money moved; the code is not kept.
          online = false;
          runner.move(a.id, 'declined', { reason: outcome.reason }, outcome.reason);
          throw offline(a.id, outcome.reason.message);
        }
        if (outcome.status === 'timeout' && Date.parse(a.deadlineAt) <= deps.now().getTime()) {
          runner.move(a.id, 'reverse', {
            reason: { code: 'payment.timeout', message: outcome.reason.message },
          });
        } else {
          runner.apply(a.id, outcome);
        }
        const after = mustRead(a.id);
        if (!isFinalPaymentState(after.state)) void runner.drive(a.id);
        return attemptDto(after);
      })();
      return answerSoon(a.id, work);
    },

    async showQr(saleId: string, providerId: string, part?: number): Promise<PaymentAttemptDto> {
      const entry = config.providers.find((p) => p.id === providerId);
      const provider = providers.get(providerId);
      if (!entry || !provider || (entry.type !== 'static-qr' && !entry.merchantQr)) {
        throw new TillpointError(
          'payment.unknown_provider',
          'That QR payment is not set up on this till. Choose another option.',
          { providerId },
        );
      }
      const kind = entry.type === 'static-qr' ? 'static-qr' : 'merchant-qr';
      const a = begin({
        saleId,
        kind,
        tender: kind === 'static-qr' ? 'static-qr' : 'wallet',
        wallet: entry.type === 'static-qr' ? entry.scheme : null,
        providerId,
        maskedCode: null,
        // one deadline rule for every attempt: its start + paymentTimeoutS (the QR's expiry is no deadline)
        deadlineMs: deps.timeoutMs,
        promotionWallet: entry.type === 'static-qr' ? entry.scheme : null,
        part,
      });
      const outcome = await provider.createMerchantQr({
        outTradeNo: a.id,
        amount: money(a.amount, a.currency),
        description: `Tillpoint sale ${saleId}`,
        timeoutMs: Math.max(1, Date.parse(a.deadlineAt) - deps.now().getTime()),
      });
      if (outcome.status === 'shown') {
        deps.providerAnswered?.(providerId);
        // The attempt keeps its deadline (start + paymentTimeoutS): at it the till closes the order (reverse)
        // and the ticket unlocks, after a crash too. A QR valid for longer (a provider's 2 h, a bank QR's
        // expiresInS) would promise the customer time the till does not give, so its expiry is clamped.
        const expiresAt =
          Date.parse(outcome.expiresAt) < Date.parse(a.deadlineAt) ? outcome.expiresAt : a.deadlineAt;
        runner.move(a.id, 'userpaying', { qr: { payload: outcome.payload, expiresAt } });
      } else if (outcome.status === 'unreachable') {
        online = false;
        runner.move(a.id, 'declined', { reason: outcome.reason }, outcome.reason);
        throw offline(a.id, outcome.reason.message);
      } else {
        runner.apply(a.id, outcome);
      }
      const after = mustRead(a.id);
      if (!isFinalPaymentState(after.state)) void runner.drive(a.id);
      return attemptDto(after);
    },

    get: (attemptId: string): PaymentAttemptDto => attemptDto(mustRead(attemptId)),

    /** payment.list: newest first, with the sale's receipt number and the attempt's deadline */
    list(states: readonly PaymentAttemptStateDto[] | undefined, limit: number): PaymentListItemDto[] {
      return withStoreErrors(file, 'read', () => store.list(states, limit)).map((a) => ({
        ...attemptDto(a),
        saleNumber: a.saleNumber,
        deadlineAt: a.deadlineAt,
      }));
    },

    cancel(attemptId: string): PaymentAttemptDto {
      const a = mustRead(attemptId);
      if (a.state === 'succeeded') {
        throw new TillpointError(
          'payment.illegal_transition',
          'This payment is already paid and its sale completed; refund the sale instead.',
          { attemptId, state: a.state },
        );
      }
      if (a.state === 'created') {
        runner.move(attemptId, 'cancel', {
          reason: { code: 'payment.cancelled', message: 'The cashier cancelled the payment.' },
        });
      } else if (a.state === 'charging' || a.state === 'paying' || a.state === 'unknown') {
        runner.move(attemptId, 'reverse', {
          reason: { code: 'payment.cancelled', message: 'The cashier cancelled the payment.' },
        });
        void runner.drive(attemptId);
        runner.wake(attemptId);
      }
      return attemptDto(mustRead(attemptId));
    },

    confirmByCashier(attemptId: string): PaymentAttemptDto {
      const a = mustRead(attemptId);
      if (a.kind !== 'static-qr') {
        throw new TillpointError(
          'payment.illegal_transition',
          'Only a bank QR payment is confirmed by the cashier; this one is confirmed by the payment service.',
          { attemptId, kind: a.kind },
        );
      }
      if (a.state !== 'paying') {
        throw new TillpointError(
          'payment.illegal_transition',
          'This payment is not waiting for a confirmation.',
          {
            attemptId,
            state: a.state,
          },
        );
      }
      runner.move(attemptId, 'paid', { confirmation: 'cashier' }, { confirmedBy: 'cashier' });
      return attemptDto(mustRead(attemptId));
    },

    /** Refuses a change to a sale while a payment for it may still take money. */
    refuseIfActive,
    /** the configured provider by id (refunds go back through the provider that took the payment) */
    provider: (id: string): PaymentProvider | null => providers.get(id) ?? null,
    resumeAll: () => runner.resumeAll(),
    wakeAll: () => runner.wakeAll(),
    close: () => runner.close(),
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
