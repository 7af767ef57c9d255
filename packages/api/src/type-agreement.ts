// Type-level checks that two descriptions of one shape agree (a zod schema and what a service
// returns, once serialised): the REST outputs and the webhook payloads are checked with these at
// compile time, so a field added on one side only fails the type check.

/** What JSON.stringify makes of a value: Dates become strings. */
export type Jsonify<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

/** true when A and B are mutually assignable. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles only when T is true: `export type _Agrees = Assert<Same<A, B>>`. */
export type Assert<T extends true> = T;
