"use client";
// Charts on visx (Airbnb's low-level React + d3 chart primitives): plain SVG from props, so the
// server renders the chart into the first HTML (at SERVER_WIDTH, fitted to its box once the browser
// has measured it) instead of the browser drawing it only after loading a chart runtime. Each chart
// is a <figure> with a caption; its numbers are also a visually hidden table for screen readers (or
// the caption names the table on the page that lists them), and hovering a column shows its values
// (an SVG <title>, the browser's own tooltip).
import { AxisBottom, AxisLeft } from "@visx/axis";
import { curveMonotoneX } from "@visx/curve";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { useParentSize } from "@visx/responsive";
import { scaleBand, scaleLinear, scalePoint } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { ReactNode } from "react";

/** The width a chart is drawn at before the browser has measured its box (server rendering). */
const SERVER_WIDTH = 520;
const MARGIN = { top: 8, right: 16, bottom: 28, left: 56 };
/** Room an x label needs: about 7 px a character at 12 px, plus a gap (labels must never overlap). */
const xLabelRoom = (labels: string[]) => 16 + 7 * Math.max(2, ...labels.map((l) => l.length));
const AXIS_TEXT = { fontSize: 12, fill: "#374151" } as const;

export const CHART_COLORS = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
];

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
  /**
   * When a table on the page already lists the chart's values (the metrics explorer's data points):
   * a sentence saying where, read after the caption in place of the chart's own hidden copy of the
   * table (hundreds of cells the page would render and hydrate twice).
   */
  valuesElsewhere?: string;
}

const colorOf = (s: ChartSeries, i: number) =>
  s.color ?? CHART_COLORS[i % CHART_COLORS.length] ?? "currentColor";
const numberAt = (row: Row, key: string): number | null => {
  const v = row[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};

function ChartFigure({
  title,
  data,
  x,
  series,
  formatValue,
  valuesElsewhere,
  children,
}: ChartProps & { children: ReactNode }) {
  const fmt = formatValue ?? ((v: number) => String(v));
  return (
    <figure className="m-0">
      <figcaption className="visually-hidden">
        {valuesElsewhere ? `${title}. ${valuesElsewhere}` : title}
      </figcaption>
      {/* The table below, or the one the caption names, speaks for the chart. */}
      <div aria-hidden>
        {children}
        {series.length > 1 ? (
          <ul className="mt-1 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs">
            {series.map((s, i) => (
              <li key={s.key} className="flex items-center gap-1.5">
                <span
                  className="inline-block size-2.5 rounded-sm"
                  style={{ background: colorOf(s, i) }}
                />
                {s.label}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {/* The wrapper hides it: a table ignores height and overflow, so hidden itself it still made the page tall. */}
      {valuesElsewhere ? null : (
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
                    const v = numberAt(row, s.key);
                    return <td key={s.key}>{v === null ? "—" : fmt(v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/** The SVG frame shared by both charts: measured width, inner size, y grid and axes. */
function Frame({
  height,
  render,
}: {
  height: number;
  render: (size: { width: number; innerWidth: number; innerHeight: number }) => ReactNode;
}) {
  const { parentRef, width: measured } = useParentSize({
    initialSize: { width: SERVER_WIDTH },
    ignoreDimensions: "height",
  });
  const width = Math.max(measured || SERVER_WIDTH, 160);
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  return (
    <div ref={parentRef} className="w-full" style={{ height }}>
      <svg width={width} height={height} className="block overflow-visible">
        <Group left={MARGIN.left} top={MARGIN.top}>
          {render({ width, innerWidth, innerHeight })}
        </Group>
      </svg>
    </div>
  );
}

/** Every n-th x label so they fit; the last one is kept when it would be skipped. */
function xTickValues(labels: string[], innerWidth: number): string[] {
  const fit = Math.max(1, Math.floor(innerWidth / xLabelRoom(labels)));
  const step = Math.max(1, Math.ceil(labels.length / fit));
  return labels.filter((_, i) => i % step === 0);
}

function yScaleFor(max: number, innerHeight: number, integers: boolean) {
  const scale = scaleLinear<number>({
    domain: [Math.min(0, max), max > 0 ? max : 1],
    range: [innerHeight, 0],
    nice: true,
  });
  const ticks = scale.ticks(5).filter((t) => !integers || Number.isInteger(t));
  return { scale, ticks };
}

function Axes({
  xScale,
  xTicks,
  yScale,
  yTicks,
  innerWidth,
  innerHeight,
  formatValue,
}: {
  xScale: Parameters<typeof AxisBottom>[0]["scale"];
  xTicks: string[];
  yScale: ReturnType<typeof scaleLinear<number>>;
  yTicks: number[];
  innerWidth: number;
  innerHeight: number;
  formatValue?: (value: number) => string;
}) {
  return (
    <>
      <GridRows
        scale={yScale}
        width={innerWidth}
        tickValues={yTicks}
        stroke="#e5e7eb"
        strokeDasharray="3 3"
      />
      <AxisLeft
        scale={yScale}
        tickValues={yTicks}
        tickFormat={(v) => (formatValue ? formatValue(Number(v)) : String(v))}
        stroke="#9ca3af"
        tickStroke="#9ca3af"
        tickLabelProps={() => ({ ...AXIS_TEXT, textAnchor: "end", dx: -4, dy: 4 })}
      />
      <AxisBottom
        top={innerHeight}
        scale={xScale}
        tickValues={xTicks}
        stroke="#9ca3af"
        tickStroke="#9ca3af"
        tickLabelProps={() => ({ ...AXIS_TEXT, textAnchor: "middle" })}
      />
    </>
  );
}

/** One hover target per x value, its <title> listing every series' value there. */
function hoverTitle(
  row: Row,
  x: string,
  series: ChartSeries[],
  fmt: (v: number) => string,
): string {
  return [
    String(row[x] ?? ""),
    ...series.map((s) => {
      const v = numberAt(row, s.key);
      return `${s.label}: ${v === null ? "—" : fmt(v)}`;
    }),
  ].join("\n");
}

export function LineChart(props: ChartProps) {
  const { data, x, series, height = 260, formatValue } = props;
  const fmt = formatValue ?? ((v: number) => String(v));
  const labels = data.map((row) => String(row[x] ?? ""));
  const max = Math.max(0, ...data.flatMap((row) => series.map((s) => numberAt(row, s.key) ?? 0)));
  return (
    <ChartFigure {...props}>
      <Frame
        height={height}
        render={({ innerWidth, innerHeight }) => {
          const xScale = scalePoint<string>({
            domain: labels,
            range: [0, innerWidth],
            padding: 0.5,
          });
          const { scale: yScale, ticks } = yScaleFor(max, innerHeight, false);
          const step = labels.length > 0 ? innerWidth / labels.length : innerWidth;
          return (
            <>
              <Axes
                xScale={xScale}
                xTicks={xTickValues(labels, innerWidth)}
                yScale={yScale}
                yTicks={ticks}
                innerWidth={innerWidth}
                innerHeight={innerHeight}
                formatValue={formatValue}
              />
              {series.map((s, i) => {
                // Gaps are bridged (a bucket without points has no value, not zero).
                const points = data.flatMap((row, index) => {
                  const v = numberAt(row, s.key);
                  return v === null ? [] : [{ x: xScale(labels[index] ?? "") ?? 0, y: yScale(v) }];
                });
                return (
                  <g key={s.key}>
                    <LinePath
                      data={points}
                      x={(p) => p.x}
                      y={(p) => p.y}
                      curve={curveMonotoneX}
                      stroke={colorOf(s, i)}
                      strokeWidth={2}
                      fill="none"
                    />
                    {data.length < 40
                      ? points.map((p, j) => (
                          <circle
                            key={j}
                            cx={p.x}
                            cy={p.y}
                            r={3}
                            fill="#fff"
                            stroke={colorOf(s, i)}
                            strokeWidth={1.5}
                          />
                        ))
                      : null}
                  </g>
                );
              })}
              {data.map((row, index) => (
                <rect
                  key={index}
                  x={(xScale(labels[index] ?? "") ?? 0) - step / 2}
                  y={0}
                  width={step}
                  height={innerHeight}
                  fill="transparent"
                >
                  <title>{hoverTitle(row, x, series, fmt)}</title>
                </rect>
              ))}
            </>
          );
        }}
      />
    </ChartFigure>
  );
}

export function BarChart(props: ChartProps) {
  const { data, x, series, height = 260, formatValue, stacked } = props;
  const fmt = formatValue ?? ((v: number) => String(v));
  const labels = data.map((row) => String(row[x] ?? ""));
  const max = Math.max(
    0,
    ...data.map((row) =>
      stacked
        ? series.reduce((sum, s) => sum + Math.max(0, numberAt(row, s.key) ?? 0), 0)
        : Math.max(0, ...series.map((s) => numberAt(row, s.key) ?? 0)),
    ),
  );
  return (
    <ChartFigure {...props}>
      <Frame
        height={height}
        render={({ innerWidth, innerHeight }) => {
          const xScale = scaleBand<string>({
            domain: labels,
            range: [0, innerWidth],
            padding: 0.2,
          });
          const { scale: yScale, ticks } = yScaleFor(max, innerHeight, true);
          const band = xScale.bandwidth();
          const barWidth = stacked ? band : band / Math.max(1, series.length);
          return (
            <>
              <Axes
                xScale={xScale}
                xTicks={xTickValues(labels, innerWidth)}
                yScale={yScale}
                yTicks={ticks}
                innerWidth={innerWidth}
                innerHeight={innerHeight}
                formatValue={formatValue}
              />
              {data.map((row, index) => {
                const left = xScale(labels[index] ?? "") ?? 0;
                let base = 0;
                return (
                  <g key={index}>
                    {series.map((s, i) => {
                      const v = Math.max(0, numberAt(row, s.key) ?? 0);
                      const top = yScale(base + v);
                      const bottom = yScale(base);
                      const rect = (
                        <rect
                          key={s.key}
                          x={stacked ? left : left + i * barWidth}
                          y={top}
                          width={Math.max(0, barWidth - (stacked ? 0 : 1))}
                          height={Math.max(0, bottom - top)}
                          fill={colorOf(s, i)}
                        />
                      );
                      if (stacked) base += v;
                      return rect;
                    })}
                    <rect
                      x={left - (xScale.step() - band) / 2}
                      y={0}
                      width={xScale.step()}
                      height={innerHeight}
                      fill="transparent"
                    >
                      <title>{hoverTitle(row, x, series, fmt)}</title>
                    </rect>
                  </g>
                );
              })}
            </>
          );
        }}
      />
    </ChartFigure>
  );
}
