"use client";
// The "Accept invitation" button: a form action, so it also works before hydration. A refusal (wrong
// account, already used) is shown in an alert and a toast.
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { acceptInvite, type AcceptState } from "./actions";

const INITIAL: AcceptState = { error: null, attempt: 0 };

export function AcceptForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(acceptInvite, INITIAL);
  useEffect(() => {
    if (state.error) toast.error(state.error);
  }, [state.attempt, state.error]);
  return (
    <form action={formAction} className="grid gap-3">
      <input type="hidden" name="token" value={token} />
      {state.error ? (
        <p
          role="alert"
          className="rounded-md border border-destructive/40 bg-red-50 p-3 text-sm text-red-900"
        >
          {state.error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Accepting…" : "Accept invitation"}
      </Button>
    </form>
  );
}
