"use server";
// Sign-up form actions: sign up through the api package's service as the database owner. The answer
// is the same whether or not the address already has an account ("check your email": a new address
// gets a verification link, a taken one a notice), so the form cannot be used to find accounts; the
// person signs in once the address is verified. A signed-in user creating another tenant skips the
// account. Failures come back as form state — never the password, and no detail beyond what the
// person can act on.
import {
  AppError,
  continuePath,
  createTenantWithOwner,
  describeErrorForLog,
  signUp as signUpAccount,
} from "@frontdesk/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentUserId } from "@/server/auth";
import { clientIp } from "@/server/client-ip";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";
import { consumeSignUpAttempt } from "@/server/sign-up-rate-limit";
import { safeCallbackUrl } from "../sign-in/callback-url";
import { parseSignUpForm } from "./form";
import type { SignUpMode, SignUpState } from "./state";

const RATE_LIMITED = "Too many sign-up attempts from your network. Wait a minute, then try again.";
const FAILED = "Sign-up failed. Try again in a moment.";

function failed(previous: SignUpState, error: string, values: SignUpState["values"]): SignUpState {
  return { error, fieldErrors: {}, values, attempt: previous.attempt + 1 };
}

/** AppError messages are written for people; anything else is logged and replaced. */
function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  logger.error({ err: describeErrorForLog(error) }, "sign-up failed");
  return FAILED;
}

async function allowed(): Promise<boolean> {
  const database = await getDatabase();
  return consumeSignUpAttempt(database.db, clientIp(await headers()));
}

/** New account (with a first tenant, unless it is for accepting an invitation), to be verified. */
export async function signUp(previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const mode: SignUpMode = formData.get("mode") === "account" ? "account" : "account-and-tenant";
  const callbackUrl = await safeCallbackUrl(formData.get("callbackUrl"));
  const parsed = parseSignUpForm(formData, mode);
  if (!parsed.ok) {
    return {
      error: null,
      fieldErrors: parsed.fieldErrors,
      values: parsed.values,
      attempt: previous.attempt + 1,
    };
  }
  const account = parsed.account;
  if (!account) return failed(previous, FAILED, {});
  const echo = { email: account.email, name: account.name, ...parsed.tenant };
  if (!(await allowed())) return failed(previous, RATE_LIMITED, echo);

  try {
    const database = await getDatabase();
    await signUpAccount(database.db, {
      account,
      tenant: parsed.tenant,
      // Back to the invitation (or wherever sign-up was asked from) once the address is verified.
      next: callbackUrl !== "/" && continuePath.safeParse(callbackUrl).success ? callbackUrl : null,
    });
  } catch (error) {
    return failed(previous, messageOf(error), echo);
  }
  return {
    error: null,
    fieldErrors: {},
    values: {},
    attempt: previous.attempt + 1,
    sentTo: account.email,
  };
}

/** A signed-in user's additional tenant (from the tenant switcher's "Create a tenant…"). */
export async function createTenant(
  previous: SignUpState,
  formData: FormData,
): Promise<SignUpState> {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in?callbackUrl=%2Fsign-up%3FnewTenant%3D1");
  const parsed = parseSignUpForm(formData, "tenant");
  if (!parsed.ok) {
    return {
      error: null,
      fieldErrors: parsed.fieldErrors,
      values: parsed.values,
      attempt: previous.attempt + 1,
    };
  }
  const tenant = parsed.tenant;
  if (!tenant) return failed(previous, FAILED, {});
  if (!(await allowed())) return failed(previous, RATE_LIMITED, tenant);

  let tenantId: string;
  try {
    const database = await getDatabase();
    tenantId = (await createTenantWithOwner(database.db, { ...tenant, owner: { userId } }))
      .tenantId;
  } catch (error) {
    return failed(previous, messageOf(error), tenant);
  }
  redirect(`/t/${tenantId}`);
}
