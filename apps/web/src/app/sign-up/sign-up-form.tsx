"use client";
// The sign-up form (three variants, see SignUpMode). A form action with useActionState: it works as
// a plain POST before hydration, keeps what was typed (except the password) when the server refuses
// it, and shows field errors next to their fields plus the form's error in an alert and a toast.
import Link from "next/link";
import { useActionState, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { toast } from "sonner";
import { TimeZoneSelect } from "@/components/time-zone-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { localTimeZone } from "@/lib/time-zones";
import { createTenant, signUp } from "./actions";
import {
  INITIAL_SIGN_UP_STATE,
  type SignUpField,
  type SignUpMode,
  type SignUpState,
} from "./state";

const noSubscription = () => () => {};

/** The browser's zone after hydration (null while rendering on the server). */
function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, localTimeZone, () => null);
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: SignUpField;
  label: string;
  hint?: string;
  error: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children(describedBy)}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * What every completed sign-up shows, whether or not the address already had an account: the
 * message in the inbox says which (a verification link, or a notice to sign in instead).
 */
function CheckYourEmail({ address, devMailbox }: { address: string; devMailbox: boolean }) {
  return (
    <section role="status" aria-labelledby="check-email" className="mt-4 grid gap-3 text-sm">
      <h2 id="check-email" className="text-lg font-semibold">
        Check your email
      </h2>
      <p>
        We sent a message to <strong className="break-all">{address}</strong>. Open the link in it
        to verify your address, then sign in. The link works for 24 hours.
      </p>
      <p className="text-muted-foreground">
        Nothing arrived after a few minutes? Check your spam folder, or{" "}
        <Link href="/verify-email">send a new link</Link>.
      </p>
      {devMailbox ? (
        <p className="rounded-md border bg-muted p-3">
          This server has no SMTP relay configured, so email is kept in the{" "}
          <Link href="/dev/mailbox">development mailbox</Link> instead of being sent.
        </p>
      ) : null}
    </section>
  );
}

export function SignUpForm({
  mode,
  callbackUrl,
  timeZones,
  passwordMinLength,
  passwordMaxLength,
  devMailbox,
}: {
  mode: SignUpMode;
  callbackUrl: string;
  timeZones: readonly string[];
  passwordMinLength: number;
  passwordMaxLength: number;
  /** No SMTP server: messages are kept in the development mailbox (say where to look). */
  devMailbox: boolean;
}) {
  const [state, formAction, pending] = useActionState<SignUpState, FormData>(
    mode === "tenant" ? createTenant : signUp,
    INITIAL_SIGN_UP_STATE,
  );
  const browserZone = useBrowserTimeZone();
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const timeZone = chosenZone ?? state.values.timeZone ?? browserZone ?? "UTC";

  useEffect(() => {
    if (state.error) toast.error(state.error);
  }, [state.attempt, state.error]);

  if (state.sentTo) return <CheckYourEmail address={state.sentTo} devMailbox={devMailbox} />;

  const errors = state.fieldErrors;
  const withAccount = mode !== "tenant";
  const withTenant = mode !== "account";

  return (
    <form action={formAction} className="mt-4 grid gap-4">
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.error ? (
        <p
          id="sign-up-error"
          role="alert"
          className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
        >
          {state.error}
        </p>
      ) : null}
      {withAccount ? (
        <>
          <Field id="name" label="Your name" error={errors.name}>
            {(describedBy) => (
              <Input
                id="name"
                name="name"
                autoComplete="name"
                required
                maxLength={200}
                autoFocus
                defaultValue={state.values.name}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <Field id="email" label="Email" error={errors.email}>
            {(describedBy) => (
              <Input
                id="email"
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={320}
                defaultValue={state.values.email}
                aria-invalid={errors.email ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <Field
            id="password"
            label="Password"
            hint={`At least ${passwordMinLength} characters.`}
            error={errors.password}
          >
            {(describedBy) => (
              <Input
                id="password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={passwordMinLength}
                maxLength={passwordMaxLength}
                aria-invalid={errors.password ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
        </>
      ) : null}
      {withTenant ? (
        <>
          <Field
            id="tenantName"
            label="Tenant name"
            hint="Your clinic or business, e.g. Sunrise Clinic. You can rename it later."
            error={errors.tenantName}
          >
            {(describedBy) => (
              <Input
                id="tenantName"
                name="tenantName"
                autoComplete="organization"
                required
                maxLength={200}
                autoFocus={!withAccount}
                defaultValue={state.values.tenantName}
                aria-invalid={errors.tenantName ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <Field
            id="timeZone"
            label="Time zone"
            hint="Used for availability, reports and displayed times."
            error={errors.timeZone}
          >
            {(describedBy) => (
              <TimeZoneSelect
                id="timeZone"
                name="timeZone"
                options={timeZones}
                value={timeZone}
                onChange={(e) => setChosenZone(e.target.value)}
                aria-invalid={errors.timeZone ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
        </>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending
          ? mode === "tenant"
            ? "Creating tenant…"
            : "Creating account…"
          : mode === "tenant"
            ? "Create tenant"
            : "Create account"}
      </Button>
    </form>
  );
}
