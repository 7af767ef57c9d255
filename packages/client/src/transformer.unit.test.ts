// The fast reader (the SDK reads responses with it, the server inputs) must give exactly what
// superjson.deserialize gives, for every payload superjson can produce and for hand-made ones it
// must refuse the same way.
import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it, vi } from "vitest";
import { deserialize, serialize } from "./transformer";

type Payload = Parameters<typeof superjson.deserialize>[0];

/** Both readers on their own fresh copy of the wire text (the fast one revives in place). */
function outcomes(wire: string): [unknown, unknown] {
  const run = (reader: (payload: Payload) => unknown) => {
    try {
      return { value: reader(JSON.parse(wire) as Payload) };
    } catch (error) {
      return { threw: error instanceof Error ? error.message : String(error) };
    }
  };
  return [run(deserialize), run((p) => superjson.deserialize(p))];
}

const expectSame = (wire: string) => {
  const [fast, reference] = outcomes(wire);
  expect(fast).toStrictEqual(reference);
};

/**
 * Values for the fast-check properties: plain data (Dates, strings, arrays, records whose keys
 * include `keys`, the ones path escaping must get right) or anything fast-check makes.
 */
function arbitraryValue(keys: string[], anything: { withSparseArray?: boolean } = {}) {
  const rowish = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(null, undefined, true, 0, "", "x.y"),
      fc.date({ min: new Date(0), max: new Date(4e12) }),
      fc.string(),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...keys)), tie("value"), {
        maxKeys: 4,
      }),
    ),
  })).value;
  return fc.oneof(
    rowish,
    fc.anything({ withDate: true, withMap: true, withSet: true, withBigInt: true, ...anything }),
  );
}

describe("deserialize", () => {
  it("revives a page of rows like superjson", () => {
    const page = {
      items: Array.from({ length: 50 }, (_, i) => ({
        id: `id-${i}`,
        startsAt: new Date(Date.UTC(2026, 0, 1, 9, i)),
        notes: i % 2 ? "x" : null,
        holdExpiresAt: undefined,
        attendee: { name: `A ${i}` },
      })),
      nextCursor: null,
    };
    const wire = JSON.stringify(superjson.serialize(page));
    expectSame(wire);
    expect(deserialize(JSON.parse(wire) as Payload)).toStrictEqual(page);
  });

  it("revives paths that share a container, leave it and come back to it, like superjson", () => {
    const at = "2026-01-01T09:00:00.000Z";
    const wire = (values: Record<string, [string]>) =>
      JSON.stringify({
        json: { a: [{ x: at, z: at }], b: { y: at }, c: { d: { e: at } }, top: at },
        meta: { values, v: 1 },
      });
    expectSame(wire({ "a.0.x": ["Date"], "b.y": ["Date"], "a.0.z": ["Date"], top: ["Date"] }));
    expectSame(
      wire({ "a.0.x": ["Date"], "a.0.z": ["Date"], "c.d.e": ["Date"], "c.d.f": ["undefined"] }),
    );
    // The same container, then a key that must be refused there: superjson's answer either way.
    expectSame(wire({ "b.y": ["Date"], "b.__proto__": ["Date"] }));
    expectSame(wire({ "a.0.x": ["Date"], "a.0.missing": ["Date"] }));
  });

  it("revives paths that share leading characters but not segments with the path before", () => {
    // Consecutive paths reuse the containers of their shared segments only: `a.bc` after `a.b`
    // shares "a.b" as text but only the segment `a`.
    const D = (n: number) => new Date(Date.UTC(2026, 0, n));
    for (const value of [
      { a: { b: D(1), bc: { d: D(2) }, b2: [D(3), { x: D(4) }] }, ab: D(5), a2: { b: D(6) } },
      { a: { b: { x: D(1) }, bc: D(2), b1: { y: [D(3)] } }, list: [{ x: D(4) }, { x: D(5) }] },
      { points: Array.from({ length: 12 }, (_, i) => ({ at: D(i + 1), end: undefined })) },
      { "": { "": D(1), x: D(2) }, x: { "": D(3) } },
      [[D(1), [D(2)]], [[D(3)]], D(4)],
    ]) {
      const wire = JSON.stringify(superjson.serialize(value));
      expectSame(wire);
      expect(deserialize(JSON.parse(wire) as Payload)).toStrictEqual(value);
    }
  });

  it("hands every other payload to superjson", () => {
    const shared = new Date(0);
    for (const value of [
      { a: shared, b: shared },
      { "a.b": new Date(0), "c\\d": new Date(1) },
      // Read naively, the path of `a\`.b names `a\\`.b: the escaped path must go to superjson.
      { "a\\": { b: new Date(0) }, "a\\\\": { b: "1970-01-01T00:00:00.000Z" } },
      new Date(0),
      undefined,
      { m: new Map([["k", new Date(0)]]), s: new Set([1]), n: 10n, x: Number.NaN },
      "plain",
      null,
    ]) {
      expectSame(JSON.stringify(superjson.serialize(value)));
    }
  });

  it("refuses hand-made payloads exactly as superjson does", () => {
    for (const wire of [
      '{"json":{"a":"2020-01-01T00:00:00.000Z"},"meta":{"values":{"__proto__.x":["Date"]},"v":1}}',
      '{"json":{"a":{"b":1}},"meta":{"values":{"a.constructor":["Date"]},"v":1}}',
      '{"json":{"a":"2020-01-01T00:00:00.000Z"},"meta":{"values":{"a.b":["Date"]},"v":1}}',
      '{"json":{"a":1},"meta":{"values":{"a":["Date"]},"v":1}}',
      '{"json":{"a":"x"},"meta":{"values":{"a":["nope"]},"v":1}}',
      '{"json":{"a":"2020-01-01T00:00:00.000Z"},"meta":{"values":{"a":["Date"]}}}',
      '{"json":{"a":[null]},"meta":{"values":{"a.0":["undefined"]},"v":1}}',
      '{"json":{"a":[5]},"meta":{"values":{"a.0":["undefined"]},"v":1}}',
      // A leaf that is also a container, after a path through it.
      '{"json":{"a":{"b":{"c":"2020-01-01T00:00:00.000Z"}}},"meta":{"values":{"a.b.c":["Date"],"a.b":["undefined"]},"v":1}}',
      '{"json":5,"meta":{"values":{"a":["Date"]},"v":1}}',
    ]) {
      expectSame(wire);
    }
  });

  it("keeps a root key apart from a key named by the empty string (`a`, then `.0`)", () => {
    // Found by fast-check: both paths have an empty container prefix as text, and the cached
    // container of the first (the root) was reused for the second.
    expectSame(JSON.stringify(superjson.serialize({ " ": new Date(0), "": [undefined] })));
    expectSame(JSON.stringify(superjson.serialize({ a: undefined, "": { b: new Date(0) } })));
    expectSame(JSON.stringify(superjson.serialize({ "": { "": [undefined, new Date(1)] }, x: 1 })));
  });

  it("reads annotation trees (the SDK's request bodies) as superjson does", () => {
    for (const wire of [
      '{"json":{"points":[{"at":"2020-01-01T00:00:00.000Z","u":null},{"v":1}]},"meta":{"values":{"points":{"0":{"at":["Date"],"u":["undefined"]}}},"v":1}}',
      '{"json":{"a":{"b":"2020-01-01T00:00:00.000Z"},"c":null},"meta":{"values":{"a":{"b":["Date"]},"c":["undefined"]},"v":1}}',
      // A record at the root beside dotted paths, either order: two names for one leaf.
      '{"json":{"a":{"b":"2020-01-01T00:00:00.000Z"}},"meta":{"values":{"a.b":["Date"],"a":{"b":["undefined"]}},"v":1}}',
      '{"json":{"a":{"b":"2020-01-01T00:00:00.000Z"}},"meta":{"values":{"a":{"b":["undefined"]},"a.b":["Date"]},"v":1}}',
      // A dotted path below the root, an escaped key, a forbidden key, a node with children.
      '{"json":{"a":{"b":{"c":"2020-01-01T00:00:00.000Z"}}},"meta":{"values":{"a":{"b.c":["Date"]}},"v":1}}',
      '{"json":{"a":{"b.c":"2020-01-01T00:00:00.000Z"}},"meta":{"values":{"a":{"b\\\\.c":["Date"]}},"v":1}}',
      '{"json":{"a":{"b":1}},"meta":{"values":{"a":{"__proto__":{"x":["Date"]}}},"v":1}}',
      '{"json":{"a":{"b":"2020-01-01T00:00:00.000Z"}},"meta":{"values":{"a":["undefined",{"b":["Date"]}]},"v":1}}',
      // Subtrees over a leaf that is not a container, or missing.
      '{"json":{"a":"x"},"meta":{"values":{"a":{"b":["Date"]}},"v":1}}',
      '{"json":{},"meta":{"values":{"a":{"b":["Date"]}},"v":1}}',
      '{"json":{"a":[null,"2020-01-01T00:00:00.000Z"]},"meta":{"values":{"a":{"1":["Date"],"0":["undefined"]}},"v":1}}',
      '{"json":{"a":{"":{"b":"2020-01-01T00:00:00.000Z"}}},"meta":{"values":{"a":{"":{"b":["Date"]}}},"v":1}}',
    ]) {
      expectSame(wire);
    }
  });

  it("writes inputs that superjson reads back to the value, with superjson's own JSON", () => {
    const batch = {
      points: Array.from({ length: 20 }, (_, i) => ({
        name: "m",
        value: i,
        unit: i % 2 ? undefined : "ms",
        tags: { "a.b": `v${i}`, "c\\d": "x", 7: "n" },
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
      list: [new Date(0), undefined, [new Date(1)], { 0: new Date(2) }],
      "k.e\\y": { "": undefined },
    };
    const wire = JSON.stringify(serialize(batch));
    expect(JSON.parse(wire)).toMatchObject({
      meta: { values: { points: { 0: { at: ["Date"] } } } },
    });
    expect((JSON.parse(wire) as { json: unknown }).json).toStrictEqual(
      JSON.parse(JSON.stringify(superjson.serialize(batch).json)),
    );
    expect(superjson.deserialize(JSON.parse(wire) as Payload)).toStrictEqual(batch);
    expectSame(wire);
    // Read in place, without superjson (escaped keys are left to superjson: none here).
    const plain = { points: batch.points.map((p) => ({ ...p, tags: { b: p.tags["a.b"] } })) };
    const spy = vi.spyOn(superjson, "deserialize");
    try {
      expect(deserialize(JSON.parse(JSON.stringify(serialize(plain))) as Payload)).toStrictEqual(
        plain,
      );
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("writes arbitrary inputs (fast-check) that both readers read back to the value", () => {
    fc.assert(
      fc.property(arbitraryValue(["0", "1", "a.b", "c\\d", "", "a\\.b"]), (value) => {
        let reference: string;
        try {
          reference = JSON.stringify(superjson.serialize(value));
        } catch {
          return;
        }
        const wire = JSON.stringify(serialize(value));
        // The same JSON; the annotations may be a tree.
        expect((JSON.parse(wire) as { json: unknown }).json).toStrictEqual(
          (JSON.parse(reference) as { json: unknown }).json,
        );
        const [fast, superjsonRead] = outcomes(wire);
        expect(fast).toStrictEqual(superjsonRead);
        expect(fast).toStrictEqual(outcomes(reference)[1]);
      }),
      { numRuns: 3000 },
    );
  });

  it("matches superjson on arbitrary values (fast-check)", () => {
    fc.assert(
      fc.property(arbitraryValue(["0", "1", "a.b", "c\\d"], { withSparseArray: true }), (value) => {
        let wire: string;
        try {
          wire = JSON.stringify(superjson.serialize(value));
        } catch {
          return; // superjson cannot write it: nothing to read.
        }
        expectSame(wire);
      }),
      { numRuns: 3000 },
    );
  });
});
