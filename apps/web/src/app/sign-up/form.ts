// The sign-up form's validation (server side), with messages written for the person typing; the
// service validates again with the same schemas.
import {
  newAccountInput,
  newTenantInput,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "@frontdesk/api";
import type { EchoedField, SignUpField, SignUpMode } from "./state";

const MESSAGES: Record<Exclude<SignUpField, "password">, string> = {
  email: "Enter a valid email address.",
  name: "Enter your name (up to 200 characters).",
  tenantName: "Enter the name of your clinic or business (up to 200 characters).",
  timeZone: "Choose a time zone from the list.",
};

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

export type ParsedSignUp =
  | {
      ok: true;
      account: { email: string; password: string; name: string } | null;
      tenant: { tenantName: string; timeZone: string } | null;
    }
  | {
      ok: false;
      fieldErrors: Partial<Record<SignUpField, string>>;
      values: Partial<Record<EchoedField, string>>;
    };

export function parseSignUpForm(formData: FormData, mode: SignUpMode): ParsedSignUp {
  const raw = {
    email: text(formData, "email"),
    password: text(formData, "password"),
    name: text(formData, "name"),
    tenantName: text(formData, "tenantName"),
    timeZone: text(formData, "timeZone"),
  };
  const fieldErrors: Partial<Record<SignUpField, string>> = {};

  let account: { email: string; password: string; name: string } | null = null;
  if (mode !== "tenant") {
    const parsed = newAccountInput.safeParse(raw);
    if (parsed.success) account = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "password") {
          fieldErrors.password =
            raw.password.length > PASSWORD_MAX_LENGTH
              ? `Use at most ${PASSWORD_MAX_LENGTH} characters.`
              : `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
        } else if (field === "email" || field === "name") fieldErrors[field] = MESSAGES[field];
      }
    }
  }

  let tenant: { tenantName: string; timeZone: string } | null = null;
  if (mode !== "account") {
    const parsed = newTenantInput.safeParse({ ...raw, timeZone: raw.timeZone || undefined });
    if (parsed.success) tenant = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "tenantName" || field === "timeZone") fieldErrors[field] = MESSAGES[field];
      }
    }
  }

  if (Object.keys(fieldErrors).length > 0) {
    const { password: _password, ...values } = raw;
    return { ok: false, fieldErrors, values };
  }
  return { ok: true, account, tenant };
}
