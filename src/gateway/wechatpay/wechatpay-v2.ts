import { createHash } from 'node:crypto';
import type { GatewayLedger } from '../ledger.js';
import type { Order } from '../order.js';
import type { Reply } from '../reply.js';

/**
 * The business of WeChat Pay API v2 on the sandbox's books: micropay, orderquery, reverse, refund,
 * refundquery. Each answers the fields after return_code (result_code, err_code, err_code_des and the
 * order's), with real field names and err_codes; signing and the envelope are the dialect's.
 */
export interface V2Answer {
  fields: Record<string, string>;
  delayMs?: number;
  dropReply?: boolean;
}

/** Sandbox ledger codes -> WeChat Pay's err_code and its description (as WeChat writes them). */
const errCodes: Readonly<Record<string, [string, string]>> = {
  AUTH_CODE_INVALID: ['AUTH_CODE_INVALID', '请扫描微信支付授权码(以10/11/12/13/14/15为前缀的18位数字)'],
  AUTH_CODE_USED: ['AUTH_CODE_INVALID', '授权码已使用，请刷新后重新扫码'],
  AUTH_CODE_EXPIRED: ['AUTHCODEEXPIRE', '二维码已过期，请用户在微信上刷新后再试'],
  NOT_ENOUGH: ['NOTENOUGH', '余额不足'],
  PAYER_DECLINED: ['PAYERROR', '用户取消支付'],
  SYSTEMERROR: ['SYSTEMERROR', '系统超时'],
  OUT_TRADE_NO_USED: ['OUT_TRADE_NO_USED', '商户订单号重复'],
  ORDER_REVERSED: ['ORDERREVERSED', '订单已撤销'],
  ORDER_NOT_EXIST: ['ORDERNOTEXIST', '此交易订单号不存在'],
  ORDER_CLOSED: ['ORDERCLOSED', '订单已关闭'],
  ORDER_NOT_PAID: ['ERROR', '订单未支付，不能退款'],
  REFUND_EXCEEDS: ['ERROR', '申请退款金额超过订单可退金额'],
  OUT_REFUND_NO_USED: ['INVALID_REQUEST', '商户退款单号已用于另一笔退款'],
};

const fail = (ledgerCode: string): Record<string, string> => {
  const [code, des] = errCodes[ledgerCode] ?? ['SYSTEMERROR', '系统错误'];
  return { result_code: 'FAIL', err_code: code, err_code_des: des };
};
const paramError = (des: string): V2Answer => ({
  fields: { result_code: 'FAIL', err_code: 'PARAM_ERROR', err_code_des: des },
});

/** yyyyMMddHHmmss in Beijing time, as WeChat Pay writes time_end. */
export const wechatTime = (ms: number): string =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');

export const tradeType = (o: Readonly<Order>): string => (o.kind === 'precreate' ? 'NATIVE' : 'MICROPAY');
/** A stable fake openid per customer code (or per order for a QR). */
export const openidOf = (o: Readonly<Order>): string =>
  `oSim${createHash('sha256')
    .update(o.authCode ?? o.outTradeNo)
    .digest('base64url')
    .slice(0, 24)}`;
/** A stable refund_id per out_refund_no, 29 digits like WeChat's. */
export const refundIdOf = (merchantId: string, outRefundNo: string): string =>
  `50${BigInt(`0x${createHash('sha256').update(`${merchantId}\n${outRefundNo}`).digest('hex').slice(0, 24)}`)
    .toString()
    .padStart(27, '0')
    .slice(0, 27)}`;

const outTradeNoShape = /^[A-Za-z0-9_\-|*@]{6,32}$/;
const fen = (v: string | undefined): number | null =>
  v !== undefined && /^[1-9]\d{0,11}$/.test(v) ? Number(v) : null;

function orderFields(o: Readonly<Order>): Record<string, string> {
  return {
    out_trade_no: o.outTradeNo,
    trade_type: tradeType(o),
    total_fee: String(o.amount),
    fee_type: o.currency,
    ...(o.transactionId
      ? {
          transaction_id: o.transactionId,
          openid: openidOf(o),
          is_subscribe: 'N',
          bank_type: 'OTHERS',
          cash_fee: String(o.amount),
          cash_fee_type: o.currency,
          time_end: wechatTime(o.paidAt ?? o.updatedAt),
        }
      : {}),
  };
}

const tradeStateDesc: Readonly<Record<string, string>> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销（付款码支付）',
  USERPAYING: '用户支付中（付款码支付）',
  PAYERROR: '支付失败',
};

export function createV2Business(ledger: GatewayLedger) {
  return {
    micropay(mchid: string, f: Record<string, string>): V2Answer {
      const amount = fen(f.total_fee);
      if (!f.out_trade_no || !outTradeNoShape.test(f.out_trade_no))
        return paramError('out_trade_no 须为6-32位字母、数字或_-|*@');
      if (amount === null) return paramError('total_fee 须为正整数（分）');
      if (!f.auth_code) return paramError('缺少参数 auth_code');
      if (!f.body) return paramError('缺少参数 body');
      if (!f.spbill_create_ip) return paramError('缺少参数 spbill_create_ip');
      const reply: Reply = ledger.micropay(mchid, {
        out_trade_no: f.out_trade_no,
        auth_code: f.auth_code,
        amount,
        currency: f.fee_type ?? 'CNY',
        description: f.body,
      });
      const transport = {
        ...(reply.delayMs ? { delayMs: reply.delayMs } : {}),
        ...(reply.dropReply ? { dropReply: true } : {}),
      };
      const order = ledger.order(mchid, f.out_trade_no);
      const code = typeof reply.body.code === 'string' ? reply.body.code : null;
      if (code) return { fields: fail(code), ...transport };
      if (!order) return { fields: fail('SYSTEMERROR'), ...transport };
      if (order.status === 'USERPAYING') {
        return {
          fields: { result_code: 'FAIL', err_code: 'USERPAYING', err_code_des: '需要用户输入支付密码' },
          ...transport,
        };
      }
      if (order.status === 'SUCCESS' || order.status === 'REFUND') {
        return { fields: { result_code: 'SUCCESS', ...orderFields(order) }, ...transport };
      }
      return { fields: fail(order.code ?? 'SYSTEMERROR'), ...transport };
    },

    orderquery(mchid: string, f: Record<string, string>): V2Answer {
      if (!f.out_trade_no) return paramError('缺少参数 out_trade_no');
      const order = ledger.order(mchid, f.out_trade_no);
      if (!order) return { fields: fail('ORDER_NOT_EXIST') };
      return {
        fields: {
          result_code: 'SUCCESS',
          trade_state: order.status,
          trade_state_desc: order.message ?? tradeStateDesc[order.status] ?? order.status,
          ...orderFields(order),
        },
      };
    },

    reverse(mchid: string, f: Record<string, string>): V2Answer {
      if (!f.out_trade_no) return paramError('缺少参数 out_trade_no');
      const order = ledger.order(mchid, f.out_trade_no);
      if (order && order.kind !== 'micropay') {
        return {
          fields: {
            result_code: 'FAIL',
            err_code: 'INVALID_REQUEST',
            err_code_des: '仅付款码支付订单可撤销',
            recall: 'N',
          },
        };
      }
      ledger.reverse(mchid, { out_trade_no: f.out_trade_no });
      return { fields: { result_code: 'SUCCESS', recall: 'N' } };
    },

    refund(mchid: string, f: Record<string, string>): V2Answer {
      const total = fen(f.total_fee);
      const amount = fen(f.refund_fee);
      if (!f.out_trade_no || !f.out_refund_no || !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(f.out_refund_no))
        return paramError('缺少参数 out_trade_no 或 out_refund_no');
      if (total === null || amount === null) return paramError('total_fee 与 refund_fee 须为正整数（分）');
      const order = ledger.order(mchid, f.out_trade_no);
      if (order && order.amount !== total) {
        return {
          fields: {
            result_code: 'FAIL',
            err_code: 'INVALID_REQUEST',
            err_code_des: '订单金额与原订单不一致',
          },
        };
      }
      const reply = ledger.refund(mchid, {
        out_trade_no: f.out_trade_no,
        out_refund_no: f.out_refund_no,
        amount,
      });
      if (typeof reply.body.code === 'string') return { fields: fail(reply.body.code) };
      return {
        fields: {
          result_code: 'SUCCESS',
          out_trade_no: f.out_trade_no,
          out_refund_no: f.out_refund_no,
          refund_id: refundIdOf(mchid, f.out_refund_no),
          refund_fee: String(amount),
          total_fee: String(total),
          cash_fee: String(total),
          ...(order?.transactionId ? { transaction_id: order.transactionId } : {}),
        },
      };
    },

    refundquery(mchid: string, f: Record<string, string>): V2Answer {
      const books = ledger.books();
      const mine = books.refunds.filter(
        (r) =>
          r.merchantId === mchid &&
          (f.out_trade_no ? r.outTradeNo === f.out_trade_no : r.outRefundNo === f.out_refund_no),
      );
      const first = mine[0];
      if (!first || (!f.out_trade_no && !f.out_refund_no)) {
        return {
          fields: { result_code: 'FAIL', err_code: 'REFUNDNOTEXIST', err_code_des: '退款订单查询失败' },
        };
      }
      const order = ledger.order(mchid, first.outTradeNo);
      const fields: Record<string, string> = {
        result_code: 'SUCCESS',
        out_trade_no: first.outTradeNo,
        total_fee: String(order?.amount ?? 0),
        cash_fee: String(order?.amount ?? 0),
        refund_fee: String(mine.reduce((sum, r) => sum + r.amount, 0)),
        refund_count: String(mine.length),
        ...(order?.transactionId ? { transaction_id: order.transactionId } : {}),
      };
      mine.forEach((r, n) => {
        fields[`out_refund_no_${n}`] = r.outRefundNo;
        fields[`refund_id_${n}`] = refundIdOf(mchid, r.outRefundNo);
        fields[`refund_fee_${n}`] = String(r.amount);
        fields[`refund_status_${n}`] = 'SUCCESS';
        fields[`refund_channel_${n}`] = 'ORIGINAL';
        fields[`refund_recv_accout_${n}`] = '支付用户的零钱';
        if (r.at !== undefined)
          fields[`refund_success_time_${n}`] = new Date(r.at + 8 * 3_600_000)
            .toISOString()
            .slice(0, 19)
            .replace('T', ' ');
      });
      return { fields };
    },
  };
}
