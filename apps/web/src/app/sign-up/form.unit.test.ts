import { describe, expect, it } from "vitest";
import { parseSignUpForm } from "./form";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const valid = {
  name: " Hana ",
  email: " Hana@Example.com ",
  password: "correct horse battery",
  tenantName: " Harbor Clinic ",
  timeZone: "Europe/Paris",
};

describe("parseSignUpForm", () => {
  it("normalises a full sign-up", () => {
    expect(parseSignUpForm(form(valid), "account-and-tenant")).toEqual({
      ok: true,
      account: { name: "Hana", email: "hana@example.com", password: "correct horse battery" },
      tenant: { tenantName: "Harbor Clinic", timeZone: "Europe/Paris" },
    });
  });

  it("reads only the fields of its mode", () => {
    const { tenantName: _t, timeZone: _z, ...accountOnly } = valid;
    expect(parseSignUpForm(form(accountOnly), "account")).toMatchObject({ ok: true, tenant: null });
    expect(parseSignUpForm(form({ tenantName: "Branch" }), "tenant")).toEqual({
      ok: true,
      account: null,
      tenant: { tenantName: "Branch", timeZone: "UTC" },
    });
  });

  it("explains each bad field and echoes what was typed, never the password", () => {
    const result = parseSignUpForm(
      form({
        ...valid,
        email: "nope",
        password: "short",
        tenantName: " ",
        timeZone: "Mars/Olympus",
        name: "",
      }),
      "account-and-tenant",
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        email: "Enter a valid email address.",
        password: "Use at least 12 characters.",
        name: "Enter your name (up to 200 characters).",
        tenantName: "Enter the name of your clinic or business (up to 200 characters).",
        timeZone: "Choose a time zone from the list.",
      },
      values: { email: "nope", name: "", tenantName: " ", timeZone: "Mars/Olympus" },
    });
    expect(
      parseSignUpForm(form({ ...valid, password: "x".repeat(1025) }), "account"),
    ).toMatchObject({
      ok: false,
      fieldErrors: { password: "Use at most 1024 characters." },
    });
  });
});
