"use server";
// Sign-up form actions: create the account (and its first tenant) through the api package's service
// as the database owner, then sign in with the same credentials and go to the new tenant. A
// signed-in user creating another tenant skips the account. Failures come back as form state —
// never the password, and no detail beyond what the person can act on.
import {
  AppError,
  createAccount,
  createTenantWithOwner,
  describeErrorForLog,
} from "@frontdesk/api";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentUserId, signIn } from "@/server/auth";
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

/** New account (with a first tenant, unless it is for accepting an invitation), then sign in. */
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

  let destination = callbackUrl;
  try {
    const database = await getDatabase();
    if (parsed.tenant) {
      const created = await createTenantWithOwner(database.db, {
        ...parsed.tenant,
        owner: account,
      });
      destination = `/t/${created.tenantId}`;
    } else {
      await createAccount(database.db, account);
    }
  } catch (error) {
    return failed(previous, messageOf(error), echo);
  }

  try {
    await signIn("credentials", {
      email: account.email,
      password: account.password,
      redirectTo: destination,
    });
  } catch (error) {
    // Success is a redirect thrown by Next: let it through. The account exists either way, so a
    // failed sign-in (e.g. its own rate limit) sends the person to sign in by hand.
    if (error instanceof AuthError) {
      redirect(`/sign-in?${new URLSearchParams({ callbackUrl: destination }).toString()}`);
    }
    throw error;
  }
  return previous;
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
