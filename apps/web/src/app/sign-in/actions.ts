"use server";
// Sign-in form actions. Failures come back to /sign-in as `?error=<type>&code=<code>` — never the
// email, which would otherwise land in access logs.
import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/server/auth";
import { safeCallbackUrl } from "./callback-url";

function failure(error: AuthError, callbackUrl: string): never {
  const params = new URLSearchParams({ error: error.type });
  if (error instanceof CredentialsSignin) params.set("code", error.code);
  if (callbackUrl !== "/") params.set("callbackUrl", callbackUrl);
  redirect(`/sign-in?${params.toString()}`);
}

export async function signInWithPassword(formData: FormData): Promise<void> {
  const callbackUrl = await safeCallbackUrl(formData.get("callbackUrl"));
  try {
    await signIn("credentials", {
      email: formData.get("email"),
      password: formData.get("password"),
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // Success is a redirect (thrown by Next): let it through.
    if (error instanceof AuthError) failure(error, callbackUrl);
    throw error;
  }
}

export async function signInWithProvider(formData: FormData): Promise<void> {
  const provider = formData.get("provider");
  const callbackUrl = await safeCallbackUrl(formData.get("callbackUrl"));
  if (provider !== "github" && provider !== "google") redirect("/sign-in");
  try {
    await signIn(provider, { redirectTo: callbackUrl });
  } catch (error) {
    if (error instanceof AuthError) failure(error, callbackUrl);
    throw error;
  }
}
