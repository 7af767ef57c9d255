import { describe, expect, it } from "vitest";
import { buildMetricsCsv, csvField, csvFileName, metricChartData, metricRows } from "./metrics-csv";
import type { MetricsQueryOutput } from "./metrics-view";

const t1 = new Date("2026-11-20T05:00:00.000Z");
const t2 = new Date("2026-11-21T05:00:00.000Z");

describe("csv fields", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvField("web")).toBe("web");
    expect(csvField(12.5)).toBe("12.5");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(0)).toBe("0");
  });
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
  });
  it("writes missing and non-finite values as empty fields", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
  });
  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("@cmd,x")).toBe(`"'@cmd,x"`);
  });

  // Spreadsheets skip leading whitespace before deciding that a cell is a formula.
  const formulas: [label: string, value: string, expected: string][] = [
    ["=", "=1+1", "'=1+1"],
    ["+", "+1+1", "'+1+1"],
    ["-", "-1+1", "'-1+1"],
    ["@", "@SUM(A1)", "'@SUM(A1)"],
    ["space before =", " =1+1", "' =1+1"],
    ["spaces before +", "   +cmd", "'   +cmd"],
    ["no-break space before =", "\u00a0=HYPERLINK(1)", "'\u00a0=HYPERLINK(1)"],
    ["no-break space before -", "\u00a0-2+3", "'\u00a0-2+3"],
    ["line feed before =", "\n=1+1", `"'\n=1+1"`],
    ["line feed before @", "\n@x", `"'\n@x"`],
    ["CR LF before +", "\r\n+1", `"'\r\n+1"`],
    ["tab before =", "\t=1", "'\t=1"],
    ["ideographic space before =", "\u3000=1", "'\u3000=1"],
    ["zero-width space before =", "\u200b=1", "'\u200b=1"],
    ["byte order mark before =", "\ufeff=1", "'\ufeff=1"],
    ["full-width =", "\uff1d1+1", "'\uff1d1+1"],
    ["mixed whitespace before =", " \u00a0\n =cmd", `"' \u00a0\n =cmd"`],
    ["lone tab", "\tx", "'\tx"],
    ["lone CR", "\rx", `"'\rx"`],
  ];
  it.each(formulas)("defuses %s", (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  const plain: [label: string, value: string][] = [
    ["word", "web"],
    ["space inside", "a = b"],
    ["leading space then text", " web"],
    ["no-break space then text", "\u00a0web"],
    ["operator later in the text", "x=1"],
    ["empty", ""],
  ];
  it.each(plain)("leaves %s alone", (_label, value) => {
    expect(csvField(value)).toBe(/[",\r\n]/.test(value) ? `"${value}"` : value);
  });
});

describe("metrics table rows and CSV", () => {
  const grouped: MetricsQueryOutput = {
    series: [
      {
        group: "web",
        points: [
          { bucket: t2, sum: 4 },
          { bucket: t1, sum: 1.25 },
        ],
      },
      { group: null, points: [{ bucket: t1, sum: 7 }] },
      { group: 'sms, "beta"', points: [{ bucket: t1, sum: Number.NaN }] },
    ],
  };

  it("orders rows by bucket, then group with the untagged group last, and drops non-finite values", () => {
    const rows = metricRows(grouped, ["sum"]);
    expect(rows.map((r) => [r.bucket.toISOString(), r.group, r.values.sum])).toEqual([
      [t1.toISOString(), 'sms, "beta"', undefined],
      [t1.toISOString(), "web", 1.25],
      [t1.toISOString(), null, 7],
      [t2.toISOString(), "web", 4],
    ]);
  });

  it("writes a header row, ISO buckets, quoted groups and empty values, CRLF-terminated", () => {
    const csv = buildMetricsCsv(metricRows(grouped, ["sum"]), ["sum"], "channel");
    expect(csv).toBe(
      [
        "bucket,channel,sum",
        `2026-11-20T05:00:00.000Z,"sms, ""beta""",`,
        "2026-11-20T05:00:00.000Z,web,1.25",
        "2026-11-20T05:00:00.000Z,,7",
        "2026-11-21T05:00:00.000Z,web,4",
        "",
      ].join("\r\n"),
    );
  });

  it("has no group column when not grouped and one column per aggregation, in the order asked", () => {
    const output: MetricsQueryOutput = {
      series: [{ group: null, points: [{ bucket: t1, p90: 120.5, avg: 80, count: 3 }] }],
    };
    const csv = buildMetricsCsv(
      metricRows(output, ["avg", "p90", "max"]),
      ["avg", "p90", "max"],
      null,
    );
    expect(csv).toBe("bucket,avg,p90,max\r\n2026-11-20T05:00:00.000Z,80,120.5,\r\n");
  });

  it("writes only the header when there are no rows", () => {
    expect(buildMetricsCsv([], ["sum", "count"], null)).toBe("bucket,sum,count\r\n");
  });

  it("names the file after the metric, range and bucket without unsafe characters", () => {
    expect(csvFileName("assistant.latency_ms", "2026-11-19", "2026-11-25", "hour")).toBe(
      "assistant.latency_ms_2026-11-19_2026-11-25_hour.csv",
    );
    expect(csvFileName("a/b:c", "x", "y", "day")).toBe("a_b_c_x_y_day.csv");
  });
});

describe("chart data", () => {
  const labels = {
    groupLabel: (g: string | null) => g ?? "(none)",
    aggregationLabel: (a: string) => a.toUpperCase(),
    bucketLabel: (b: Date) => b.toISOString().slice(0, 10),
  };

  it("draws one line per aggregation when not grouped", () => {
    const output: MetricsQueryOutput = {
      series: [{ group: null, points: [{ bucket: t1, avg: 2, max: 5 }] }],
    };
    const chart = metricChartData(metricRows(output, ["avg", "max"]), ["avg", "max"], {
      grouped: false,
      ...labels,
    });
    expect(chart.lines).toEqual([
      { key: "s0", label: "AVG" },
      { key: "s1", label: "MAX" },
    ]);
    expect(chart.data).toEqual([{ bucket: "2026-11-20", s0: 2, s1: 5 }]);
  });

  it("draws one line per group (dots in group names kept out of data keys), null where a group has no point", () => {
    const output: MetricsQueryOutput = {
      series: [
        {
          group: "v1.2",
          points: [
            { bucket: t1, sum: 1 },
            { bucket: t2, sum: 2 },
          ],
        },
        { group: null, points: [{ bucket: t2, sum: 3 }] },
      ],
    };
    const chart = metricChartData(metricRows(output, ["sum"]), ["sum"], {
      grouped: true,
      ...labels,
    });
    expect(chart.lines).toEqual([
      { key: "s0", label: "v1.2" },
      { key: "s1", label: "(none)" },
    ]);
    expect(chart.data).toEqual([
      { bucket: "2026-11-20", s0: 1 },
      { bucket: "2026-11-21", s0: 2, s1: 3 },
    ]);
  });
});
