"use client";
// Charts on Recharts. Each chart is a <figure> with a caption; the numbers are also available to
// screen readers as a visually-hidden table, since an SVG chart alone says nothing to them.
import type { ReactNode } from "react";
import {
  Bar,
  BarChart as RBarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart as RLineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/**
 * The width a chart is drawn at before the browser has measured its box (server rendering, first
 * client render): the chart is in the first HTML, then fits its box once hydrated.
 */
const SERVER_WIDTH = 520;

export const CHART_COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];

export interface ChartSeries {
  /** The data key in each row. */
  key: string;
  label: string;
  color?: string;
}

type Row = Record<string, string | number | null>;

interface ChartProps {
  title: string;
  data: Row[];
  /** The key holding the x value (already formatted for display). */
  x: string;
  series: ChartSeries[];
  height?: number;
  formatValue?: (value: number) => string;
  stacked?: boolean;
}

function ChartFigure({ title, data, x, series, formatValue, children }: ChartProps & { children: ReactNode }) {
  const fmt = formatValue ?? ((v: number) => String(v));
  return (
    <figure className="m-0">
      <figcaption className="visually-hidden">{title}</figcaption>
      {/* The table below speaks for the chart; Recharts' keyboard layer is off so nothing hidden takes focus. */}
      <div aria-hidden>{children}</div>
      {/* The wrapper hides it: a table ignores height and overflow, so hidden itself it still made the page tall. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{x}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row, i) => (
              <tr key={i}>
                <th scope="row">{String(row[x] ?? "")}</th>
                {series.map((s) => {
                  const v = row[s.key];
                  return <td key={s.key}>{typeof v === "number" ? fmt(v) : "—"}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function LineChart(props: ChartProps) {
  const { data, x, series, height = 260, formatValue } = props;
  return (
    <ChartFigure {...props}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: SERVER_WIDTH, height }}>
        <RLineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey={x} tick={{ fontSize: 12, fill: "#374151" }} minTickGap={24} />
          <YAxis tick={{ fontSize: 12, fill: "#374151" }} width={56} tickFormatter={formatValue} />
          <Tooltip formatter={formatValue ? (v) => (typeof v === "number" ? formatValue(v) : String(v)) : undefined} />
          {series.length > 1 ? <Legend /> : null}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color ?? CHART_COLORS[i % CHART_COLORS.length]}
              strokeWidth={2}
              dot={data.length < 40}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </RLineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function BarChart(props: ChartProps) {
  const { data, x, series, height = 260, formatValue, stacked } = props;
  return (
    <ChartFigure {...props}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: SERVER_WIDTH, height }}>
        <RBarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey={x} tick={{ fontSize: 12, fill: "#374151" }} minTickGap={12} />
          <YAxis tick={{ fontSize: 12, fill: "#374151" }} width={56} tickFormatter={formatValue} allowDecimals={false} />
          <Tooltip />
          {series.length > 1 ? <Legend /> : null}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color ?? CHART_COLORS[i % CHART_COLORS.length]}
              stackId={stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </RBarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
