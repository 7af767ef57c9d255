// Compile-time agreement between the SDK's published router type (router.generated.ts) and the
// API's router: this file fails to type-check when a procedure's input, output or the error shape
// changed and the generated file was not regenerated. It is not part of the package's build (no
// entry imports it); it only makes `pnpm typecheck` — and so CI and landing — catch a stale file.
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@frontdesk/api";
import type { FrontdeskRouter } from "./router.generated";

// A failure reads: Type 'false' does not satisfy the constraint '"…run pnpm --filter …"'.
type Fix = "router.generated.ts is stale: run pnpm --filter @frontdesk/client generate:router";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? Fix : false) : false;
type Assert<T extends Fix> = T;

export type _InputsAgree = Assert<
  Same<inferRouterInputs<FrontdeskRouter>, inferRouterInputs<AppRouter>>
>;
export type _OutputsAgree = Assert<
  Same<inferRouterOutputs<FrontdeskRouter>, inferRouterOutputs<AppRouter>>
>;
export type _ErrorShapeAgrees = Assert<
  Same<inferRouterError<FrontdeskRouter>, inferRouterError<AppRouter>>
>;
/** The same procedures, and each one a query or a mutation as on the server. */
type Kinds<R extends Record<string, unknown>> = {
  [K in keyof R]: R[K] extends { _def: { type: infer T } }
    ? T
    : R[K] extends Record<string, unknown>
      ? Kinds<R[K]>
      : never;
};
export type _KindsAgree = Assert<
  Same<Kinds<FrontdeskRouter["_def"]["record"]>, Kinds<AppRouter["_def"]["record"]>>
>;
