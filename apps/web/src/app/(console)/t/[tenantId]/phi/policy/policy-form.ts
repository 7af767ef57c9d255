// The policy editor's form state and how it maps to `phi.policy.update`: per-type selects hold an
// action or "" (use the default), and only real overrides are sent.
import type { RouterInputs, RouterOutputs } from "@frontdesk/api";
import { PHI_TYPES, type MaskStyle, type PhiPolicyAction, type PhiType } from "../phi-labels";

export type PolicyView = RouterOutputs["phi"]["policy"]["get"];
export type PolicyUpdate = RouterInputs["phi"]["policy"]["update"];

/** "" means "use default": no override for that type. */
export type OverrideChoice = PhiPolicyAction | "";

export interface PolicyFormState {
  defaults: PhiPolicyAction;
  maskStyle: MaskStyle;
  perType: Record<PhiType, OverrideChoice>;
}

export function toFormState(view: PolicyView): PolicyFormState {
  const perType = Object.fromEntries(PHI_TYPES.map((t) => [t, view.perType[t] ?? ""])) as Record<
    PhiType,
    OverrideChoice
  >;
  return { defaults: view.defaults, maskStyle: view.maskStyle, perType };
}

/** The full update: `perType` replaces the stored overrides, so it carries every override kept. */
export function toUpdateInput(form: PolicyFormState): PolicyUpdate {
  const perType: Partial<Record<PhiType, PhiPolicyAction>> = {};
  for (const t of PHI_TYPES) {
    const choice = form.perType[t];
    if (choice !== "") perType[t] = choice;
  }
  return { defaults: form.defaults, maskStyle: form.maskStyle, perType };
}

/** What the gate does with a type under this form (the override, else the default). */
export function effectiveAction(form: PolicyFormState, type: PhiType): PhiPolicyAction {
  const choice = form.perType[type];
  return choice === "" ? form.defaults : choice;
}

export function isDirty(form: PolicyFormState, view: PolicyView): boolean {
  const saved = toFormState(view);
  return (
    form.defaults !== saved.defaults ||
    form.maskStyle !== saved.maskStyle ||
    PHI_TYPES.some((t) => form.perType[t] !== saved.perType[t])
  );
}

export function overrideCount(form: PolicyFormState): number {
  return PHI_TYPES.filter((t) => form.perType[t] !== "").length;
}
