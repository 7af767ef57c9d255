// The router's output serializer must be superjson on the wire: for every value, the same JSON text
// (key order included) as superjson.serialize, and superjson.deserialize must give the value back.
import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serialize } from "./index";

const same = (value: unknown) =>
  expect(JSON.stringify(serialize(value))).toBe(JSON.stringify(superjson.serialize(value)));

class Money {
  constructor(readonly amount: number) {}
}

const booking = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  startsAt: new Date(Date.UTC(2026, 0, 1, 9, i)),
  endsAt: new Date(Date.UTC(2026, 0, 1, 9, i + 30)),
  status: "confirmed",
  attendee: { name: `Attendee ${i}`, email: `a${i}@example.com` },
  notes: i % 2 ? "Prefers mornings" : null,
  holdExpiresAt: undefined,
  amount: i * 1.5,
  paid: i % 3 === 0,
});

describe("serialize", () => {
  it("matches superjson on plain rows with Dates, undefined and null", () => {
    same({ items: Array.from({ length: 50 }, (_, i) => booking(i)), nextCursor: null });
    same([booking(1), booking(2)]);
    same({ a: { b: { c: [new Date(0), undefined, null, 1, "x", true, [new Date(1)]] } } });
    same({});
    same([]);
    same({ nested: { empty: {}, list: [] } });
    same(Object.assign(Object.create(null) as object, { at: new Date(5), n: 1 }));
  });

  it("orders annotations as superjson does when an annotated leaf has an integer-like key", () => {
    // JS objects list integer-like keys first: superjson writes list.0, list.2, then list.1.b.
    same({ a: { x: new Date(0) }, list: [new Date(1), { b: new Date(2) }, new Date(3)] });
    same({ points: [{ at: new Date(0) }, { at: undefined }], "7": new Date(1), z: new Date(2) });
    same([new Date(0), { at: new Date(1) }, undefined]);
  });

  it("escapes dots and backslashes in keys as superjson does", () => {
    same({
      "a.b": new Date(0),
      "c\\d": new Date(1),
      "": new Date(2),
      "e\\.f": { "g.": undefined },
    });
  });

  it("matches superjson on scalars at the root", () => {
    for (const value of [null, "s", true, false, 0, 42, -1.5, new Date(0), undefined]) same(value);
  });

  it("matches superjson on everything it hands over to superjson", () => {
    const shared = new Date(0);
    const sharedObject = { x: 1 };
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const extra = Object.assign([1, 2], { note: new Date(0) });
    for (const value of [
      { n: Number.NaN, i: Infinity, m: -Infinity, z: -0 },
      { big: 10n },
      { map: new Map([["k", new Date(0)]]), set: new Set([1, 2]) },
      { invalid: new Date(Number.NaN) },
      { a: shared, b: shared },
      { a: sharedObject, b: [sharedObject] },
      circular,
      { money: new Money(5) },
      { error: new Error("boom"), re: /x+/g, url: new URL("https://example.com/a") },
      { sparse },
      { extra },
      { fn: () => 1, sym: Symbol("s") },
      { bytes: new Uint8Array([1, 2]) },
    ]) {
      same(value);
    }
  });

  it("throws superjson's own error for prototype-polluting keys", () => {
    const value = JSON.parse('{"ok": 1, "__proto__": {"polluted": true}}') as unknown;
    expect(() => superjson.serialize(value)).toThrow(/prototype pollution/);
    expect(() => serialize(value)).toThrow(/prototype pollution/);
  });

  it("writes every Date as toISOString does, across the four-digit years and beyond them", () => {
    const edges = [
      -62_167_219_200_001, // -000001-12-31T23:59:59.999Z: signed six-digit year, toISOString's own
      -62_167_219_200_000, // 0000-01-01
      -30_610_224_000_001, // 1000-01-01 minus 1 ms (three-digit year, zero-padded)
      -2_208_988_800_000, // 1900-01-01 (not a leap year)
      -1,
      0,
      951_782_400_000, // 2000-02-29
      4_107_542_399_999, // 2100-02-28T23:59:59.999Z
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000, // +010000-01-01
      8.64e15,
      -8.64e15,
    ];
    for (const ms of edges) same({ at: new Date(ms), list: [{ at: new Date(ms) }] });
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        same({ items: [{ date }] });
      }),
      { numRuns: 20_000 },
    );
  });

  it("orders annotations as superjson does when Dates sit under integer-like keys below the root", () => {
    same({ list: [{ x: new Date(0) }, new Date(1), undefined, { y: [new Date(2)] }] });
    same({ row: { b: { x: new Date(0) }, 7: new Date(1), a: undefined, 3: { z: new Date(2) } } });
    same([{ x: new Date(0) }, new Date(1), { 0: new Date(2), a: { 1: undefined } }]);
    same({ items: [{ "0a": new Date(0), b: { c: new Date(1) } }] });
  });

  it("round-trips through superjson.deserialize", () => {
    const page = { items: Array.from({ length: 5 }, (_, i) => booking(i)), nextCursor: "abc" };
    expect(superjson.deserialize(serialize(page))).toEqual(page);
  });

  it("matches superjson on arbitrary values (fast-check), throwing where superjson throws", () => {
    const outcome = (serializer: (value: unknown) => unknown, value: unknown) => {
      try {
        return JSON.stringify(serializer(value));
      } catch (error) {
        return `threw ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    const dated = fc.date({ min: new Date(0), max: new Date(4e12) });
    // Mostly what rows are made of (so the fast path is what gets tested), plus everything else.
    const rowish = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(null, undefined, true, false, 0, -1.5, "", "x.y", "a\\b"),
        dated,
        fc.string(),
        fc.integer(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom("0", "1", "10", "a.b", "c\\d")),
          tie("value"),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    const anything = fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    });
    fc.assert(
      fc.property(fc.oneof(rowish, anything, fc.record({ items: fc.array(rowish) })), (value) => {
        expect(outcome(serialize, value)).toBe(outcome((v) => superjson.serialize(v), value));
      }),
      { numRuns: 3000 },
    );
  });
});
