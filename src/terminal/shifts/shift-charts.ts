import { createRequire } from 'node:module';
import type * as EchartsCharts from 'echarts/charts';
import type * as EchartsComponents from 'echarts/components';
import type * as EchartsCore from 'echarts/core';
import type * as EchartsRenderers from 'echarts/renderers';
import { toDecimalString } from '../../core/money.js';
import type { ShiftTotals } from '../../core/shift-report.js';
import type { ShiftChartsDto } from '../../shared/shift-dto.js';

/**
 * echarts is loaded when the first chart is drawn (an X report, a close), not at start: every `tillpoint`
 * command imports the terminal, and most never draw a chart, so they would pay its memory for nothing.
 * The same pattern as pinyin-pro (catalog-index.ts): the Electron main bundle (CommonJS) has `require` and
 * esbuild bundles these literal calls in; the CLI is an ES module and loads them from node_modules.
 */
type Echarts = typeof EchartsCore;
let echarts: Echarts | undefined;
function loadEcharts(): Echarts {
  let parts: [Echarts, typeof EchartsCharts, typeof EchartsComponents, typeof EchartsRenderers];
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- bundled lazily into the CommonJS main */
    parts = [
      require('echarts/core') as Echarts,
      require('echarts/charts') as typeof EchartsCharts,
      require('echarts/components') as typeof EchartsComponents,
      require('echarts/renderers') as typeof EchartsRenderers,
    ];
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch {
    // an ES module (the CLI): esbuild's require stand-in throws there, Node's own loads node_modules
    const load = createRequire(import.meta.url);
    parts = [
      load('echarts/core') as Echarts,
      load('echarts/charts') as typeof EchartsCharts,
      load('echarts/components') as typeof EchartsComponents,
      load('echarts/renderers') as typeof EchartsRenderers,
    ];
  }
  const [core, charts, components, renderers] = parts;
  // Only what the two charts use, rendered to an SVG string without a DOM (echarts SSR).
  core.use([
    charts.BarChart,
    charts.PieChart,
    components.GridComponent,
    components.LegendComponent,
    components.TitleComponent,
    renderers.SVGRenderer,
  ]);
  return core;
}

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

function render(option: EchartsCore.EChartsCoreOption, width: number, height: number): string {
  echarts ??= loadEcharts();
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
