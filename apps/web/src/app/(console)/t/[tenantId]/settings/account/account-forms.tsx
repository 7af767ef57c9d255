"use client";
// Settings → Account's two forms (password, address). Form actions with useActionState: they work
// as plain POSTs before hydration; the outcome is shown in the form and announced in a toast.
import { useActionState, useEffect, useRef, type RefObject } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { changeEmailAction, changePasswordAction } from "./actions";
import { INITIAL_ACCOUNT_FORM_STATE, type AccountFormState } from "./state";

function useOutcome(state: AccountFormState, form: RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    if (state.error) toast.error(state.error);
    if (state.done) {
      toast.success(state.done);
      form.current?.reset();
    }
  }, [state.attempt, state.error, state.done, form]);
}

function Outcome({ state, id }: { state: AccountFormState; id: string }) {
  if (state.error)
    return (
      <p
        id={id}
        role="alert"
        className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
      >
        {state.error}
      </p>
    );
  if (state.done)
    return (
      <p id={id} role="status" className="rounded-md border bg-muted p-3 text-sm">
        {state.done}
      </p>
    );
  return null;
}

function PasswordField({
  id,
  name,
  label,
  autoComplete,
  minLength,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  minLength?: number;
  maxLength: number;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        minLength={minLength}
        maxLength={maxLength}
      />
    </div>
  );
}

export function ChangePasswordForm({
  hasPassword,
  minLength,
  maxLength,
}: {
  hasPassword: boolean;
  minLength: number;
  maxLength: number;
}) {
  const [state, action, pending] = useActionState(changePasswordAction, INITIAL_ACCOUNT_FORM_STATE);
  const form = useRef<HTMLFormElement>(null);
  useOutcome(state, form);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>
          Changing it signs your account out everywhere else; this browser stays signed in. We email
          your address to say so.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {hasPassword ? (
          <form
            ref={form}
            action={action}
            className="grid max-w-md gap-3"
            aria-label="Change password"
          >
            <Outcome state={state} id="password-outcome" />
            <PasswordField
              id="password-currentPassword"
              name="currentPassword"
              label="Current password"
              autoComplete="current-password"
              maxLength={maxLength}
            />
            <PasswordField
              id="password-newPassword"
              name="newPassword"
              label="New password"
              autoComplete="new-password"
              minLength={minLength}
              maxLength={maxLength}
            />
            <PasswordField
              id="password-confirmPassword"
              name="confirmPassword"
              label="Repeat the new password"
              autoComplete="new-password"
              minLength={minLength}
              maxLength={maxLength}
            />
            <Button type="submit" disabled={pending} className="justify-self-start">
              {pending ? "Changing…" : "Change password"}
            </Button>
          </form>
        ) : (
          <p className="text-sm">
            Your account signs in with another provider and has no password. To add one, use “Forgot
            your password?” on the sign-in page.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

export function ChangeEmailForm({
  email,
  pendingEmail,
  canChange,
  maxLength,
}: {
  email: string;
  pendingEmail: string | null;
  canChange: boolean;
  maxLength: number;
}) {
  const [state, action, pending] = useActionState(changeEmailAction, INITIAL_ACCOUNT_FORM_STATE);
  const form = useRef<HTMLFormElement>(null);
  useOutcome(state, form);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Email address</CardTitle>
        <CardDescription>
          You sign in as <strong className="break-all">{email}</strong>. A new address takes effect
          once you open the link we send to it; then your other sessions are signed out and the old
          address is told.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {pendingEmail ? (
          <p className="text-sm">
            Waiting for you to confirm <strong className="break-all">{pendingEmail}</strong> (see
            that mailbox).
          </p>
        ) : null}
        {canChange ? (
          <form
            ref={form}
            action={action}
            className="grid max-w-md gap-3"
            aria-label="Change email address"
          >
            <Outcome state={state} id="email-outcome" />
            <div className="grid gap-1.5">
              <Label htmlFor="email-newEmail">New email address</Label>
              <Input
                id="email-newEmail"
                name="newEmail"
                type="email"
                autoComplete="email"
                required
                maxLength={320}
              />
            </div>
            <PasswordField
              id="email-currentPassword"
              name="currentPassword"
              label="Current password"
              autoComplete="current-password"
              maxLength={maxLength}
            />
            <Button type="submit" disabled={pending} className="justify-self-start">
              {pending ? "Sending…" : "Send confirmation link"}
            </Button>
          </form>
        ) : (
          <p className="text-sm">
            Changing the address needs a password. Set one first with “Forgot your password?” on the
            sign-in page.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
