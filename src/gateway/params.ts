import { isCurrencyCode } from '../core/money.js';
import { isGatewayWallet, type GatewayWallet } from './wallet-format.js';
import { behaviours, type Behaviour } from './behaviour.js';

/**
 * Request bodies of the gateway, checked by hand (the gateway's allowed imports are core, shared and Node).
 * Each parser answers the typed body or the first problem in words an integrator can act on; the server
 * turns a problem into HTTP 400 `{ code: 'PARAM_ERROR', message }`.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type Json = Record<string, unknown>;

export interface MicropayParams {
  out_trade_no: string;
  auth_code: string;
  amount: number;
  currency: string;
  description?: string;
}
export interface PrecreateParams {
  out_trade_no: string;
  amount: number;
  currency: string;
  description?: string;
}
export interface OrderRef {
  out_trade_no: string;
}
export interface RefundParams {
  out_trade_no: string;
  out_refund_no: string;
  amount: number;
}
export interface IssueCodeParams {
  wallet: GatewayWallet;
  behaviour: Behaviour;
  balance?: number;
  passwordMs?: number;
  delayMs?: number;
}
export interface CustomerPaysParams {
  wallet: GatewayWallet;
  /** Only needed when two merchants precreated the same out_trade_no. */
  merchant_id?: string;
}
export interface ClockParams {
  advanceMs: number;
}

class ParamError extends Error {}

/** Raw body -> a JSON object, or a problem. Empty bodies count as `{}` for the sandbox controls only. */
export function parseJsonObject(raw: string, emptyIsObject = false): Parsed<Json> {
  if (raw.trim() === '' && emptyIsObject) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'The body is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The body must be a JSON object' };
  }
  return { ok: true, value: value as Json };
}

// out_trade_no: WeChat Pay allows 6-32 of [A-Za-z0-9_-|*@]; a UUID is 36, so the sandbox takes up to 64.
const idPattern = /^[A-Za-z0-9_\-|*@.]{1,64}$/;

const id = (body: Json, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || !idPattern.test(value)) {
    throw new ParamError(`${field} must be 1-64 characters of letters, digits and _-|*@.`);
  }
  return value;
};

const amount = (body: Json, field = 'amount'): number => {
  const value = body[field];
  // Money is integer minor units, never a float and never a string (STYLE.md).
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ParamError(`${field} must be a whole number of minor units above 0`);
  }
  return value;
};

const currency = (body: Json): string => {
  const value = body.currency;
  if (typeof value !== 'string' || !isCurrencyCode(value)) {
    throw new ParamError('currency must be an ISO 4217 code such as "CNY"');
  }
  return value;
};

const description = (body: Json): { description?: string } => {
  const value = body.description;
  if (value === undefined) return {};
  if (typeof value !== 'string' || value.length > 128) {
    throw new ParamError('description must be text of at most 128 characters');
  }
  return { description: value };
};

const optionalMs = (body: Json, field: string, max: number): number | undefined => {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new ParamError(`${field} must be a whole number of milliseconds from 0 to ${max}`);
  }
  return value;
};

const wallet = (body: Json, fallback?: GatewayWallet): GatewayWallet => {
  const value = body.wallet;
  if (value === undefined && fallback !== undefined) return fallback;
  if (!isGatewayWallet(value)) {
    throw new ParamError('wallet must be one of wechat, alipay, unionpay, qqwallet, sandbox');
  }
  return value;
};

const parse =
  <T>(build: (body: Json) => T) =>
  (body: Json): Parsed<T> => {
    try {
      return { ok: true, value: build(body) };
    } catch (error) {
      if (error instanceof ParamError) return { ok: false, message: error.message };
      throw error;
    }
  };

export const parseMicropay = parse<MicropayParams>((body) => {
  const code = body.auth_code;
  // Codes are strings of digits: a number would lose its leading digits and, at 20 digits, its precision.
  if (typeof code !== 'string' || !/^\d{1,32}$/.test(code)) {
    throw new ParamError('auth_code must be the digits of the customer code, as a string');
  }
  return {
    out_trade_no: id(body, 'out_trade_no'),
    auth_code: code,
    amount: amount(body),
    currency: currency(body),
    ...description(body),
  };
});

export const parsePrecreate = parse<PrecreateParams>((body) => ({
  out_trade_no: id(body, 'out_trade_no'),
  amount: amount(body),
  currency: currency(body),
  ...description(body),
}));

export const parseOrderRef = parse<OrderRef>((body) => ({ out_trade_no: id(body, 'out_trade_no') }));

export const parseRefund = parse<RefundParams>((body) => ({
  out_trade_no: id(body, 'out_trade_no'),
  out_refund_no: id(body, 'out_refund_no'),
  amount: amount(body),
}));

export const parseIssueCode = parse<IssueCodeParams>((body) => {
  const behaviour = body.behaviour ?? 'success';
  if (typeof behaviour !== 'string' || !(behaviours as readonly string[]).includes(behaviour)) {
    throw new ParamError(`behaviour must be one of ${behaviours.join(', ')}`);
  }
  const balance = body.balance;
  if (
    balance !== undefined &&
    (typeof balance !== 'number' || !Number.isSafeInteger(balance) || balance < 0)
  ) {
    throw new ParamError('balance must be a whole number of minor units, 0 or more');
  }
  const passwordMs = optionalMs(body, 'passwordMs', 600_000);
  const delayMs = optionalMs(body, 'delayMs', 120_000);
  return {
    wallet: wallet(body),
    behaviour: behaviour as Behaviour,
    ...(balance === undefined ? {} : { balance: balance as number }),
    ...(passwordMs === undefined ? {} : { passwordMs }),
    ...(delayMs === undefined ? {} : { delayMs }),
  };
});

export const parseCustomerPays = parse<CustomerPaysParams>((body) => ({
  wallet: wallet(body, 'sandbox'),
  ...(body.merchant_id === undefined ? {} : { merchant_id: id(body, 'merchant_id') }),
}));

export const parseClock = parse<ClockParams>((body) => {
  const value = body.advanceMs;
  // Forward only: a clock that runs backwards would un-expire codes, which no real wallet does.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ParamError('advanceMs must be a whole number of milliseconds, 0 or more');
  }
  return { advanceMs: value };
});
