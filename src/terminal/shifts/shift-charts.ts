import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { toDecimalString } from '../../core/money.js';
import type { ShiftTotals } from '../../core/shift-report.js';
import type { ShiftChartsDto } from '../../shared/shift-dto.js';

// Only what the two charts use (tree-shaken), rendered to an SVG string without a DOM (echarts SSR).
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

type Lang = 'zh-CN' | 'en';
const labels: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    byHour: '按小时销售额',
    mix: '收款方式构成',
    cash: '现金',
    'stored-value': '储值卡',
    'bank-qr': '银行二维码',
    wechat: '微信支付',
    alipay: '支付宝',
    unionpay: '云闪付',
    qqwallet: 'QQ钱包',
  },
  en: {
    byHour: 'Sales by hour',
    mix: 'Tender mix',
    cash: 'Cash',
    'stored-value': 'Stored value',
    'bank-qr': 'Bank QR',
    wechat: 'WeChat Pay',
    alipay: 'Alipay',
    unionpay: 'UnionPay',
    qqwallet: 'QQ Wallet',
  },
};

const font = 'Noto Sans CJK SC, Noto Sans, sans-serif';

/**
 * zrender names its CSS classes and clip paths after a process-wide counter (zr3-cls-8); renumbered in
 * order of appearance, the same chart is the same SVG in any process, whatever was drawn before.
 */
function stableNames(svg: string): string {
  const names = new Map<string, string>();
  return svg.replace(/\bzr\d+-([a-z]+)-\d+\b/g, (name, kind: string) => {
    let stable = names.get(name);
    if (stable === undefined) {
      stable = `tp-${kind}-${names.size}`;
      names.set(name, stable);
    }
    return stable;
  });
}

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: font }, ...option });
    return stableNames(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * The Z (and X) report's two charts as SVG: sales by hour (bars, the shift's hours only) and the tender mix
 * (a ring by amount). Labels in the till's language; amounts in major units for the axis only, the report's
 * numbers stay integer minor units. The same input gives the same SVG (snapshot-tested).
 */
export function shiftCharts(totals: ShiftTotals, currency: string, locale: string): ShiftChartsDto {
  const l = labels[locale === 'en' ? 'en' : 'zh-CN'];
  const major = (amount: number) => Number(toDecimalString({ amount, currency }));
  const hours = totals.byHour.filter((h) => h.count > 0);
  const from = hours[0]?.hour ?? 0;
  const to = hours[hours.length - 1]?.hour ?? 0;
  const shown = totals.byHour.slice(from, to + 1);
  const salesByHour = render(
    {
      title: { text: l.byHour, left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: shown.map((h) => `${String(h.hour).padStart(2, '0')}:00`) },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: shown.map((h) => major(h.amount)), itemStyle: { color: '#2563eb' } }],
    },
    480,
    240,
  );
  const slices = totals.tenders
    .filter((t) => t.amount > 0)
    .map((t) => ({ name: l[t.name ?? t.tender] ?? t.name ?? t.tender, value: major(t.amount) }));
  const tenderMix = render(
    {
      title: { text: l.mix, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '60%'],
          center: ['50%', '50%'],
          label: { formatter: '{b}: {d}%' },
          data: slices,
        },
      ],
    },
    480,
    240,
  );
  return { salesByHour, tenderMix };
}
