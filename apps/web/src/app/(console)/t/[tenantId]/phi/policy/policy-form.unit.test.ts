import { describe, expect, it } from "vitest";
import {
  effectiveAction,
  isDirty,
  overrideCount,
  toFormState,
  toUpdateInput,
  type PolicyView,
} from "./policy-form";

const view: PolicyView = {
  defaults: "mask",
  perType: { SSN: "block", EMAIL: "allow" },
  maskStyle: "type",
  updatedAt: null,
};

describe("PHI policy form", () => {
  it("has a choice for all 18 types, '' where the default applies", () => {
    const form = toFormState(view);
    expect(Object.keys(form.perType)).toHaveLength(18);
    expect(form.perType.SSN).toBe("block");
    expect(form.perType.NAME).toBe("");
    expect(overrideCount(form)).toBe(2);
  });

  it("sends only real overrides, and all of them (perType replaces the stored ones)", () => {
    const form = toFormState(view);
    form.perType.EMAIL = "";
    form.perType.MRN = "alert";
    expect(toUpdateInput(form)).toEqual({
      defaults: "mask",
      maskStyle: "type",
      perType: { SSN: "block", MRN: "alert" },
    });
  });

  it("sends an empty perType when every type uses the default, so old overrides are removed", () => {
    const form = toFormState(view);
    form.perType.SSN = "";
    form.perType.EMAIL = "";
    expect(toUpdateInput(form).perType).toEqual({});
  });

  it("resolves each type's effective action from the override or the default", () => {
    const form = toFormState(view);
    expect(effectiveAction(form, "SSN")).toBe("block");
    expect(effectiveAction(form, "PHONE")).toBe("mask");
    form.defaults = "alert";
    expect(effectiveAction(form, "PHONE")).toBe("alert");
  });

  it("is dirty only when something differs from the saved policy", () => {
    const form = toFormState(view);
    expect(isDirty(form, view)).toBe(false);
    form.perType.SSN = "mask";
    expect(isDirty(form, view)).toBe(true);
    form.perType.SSN = "block";
    form.maskStyle = "partial";
    expect(isDirty(form, view)).toBe(true);
  });
});
