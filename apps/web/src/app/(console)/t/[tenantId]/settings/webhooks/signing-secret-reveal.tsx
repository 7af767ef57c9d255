"use client";
// The one moment an endpoint's signing secret is visible (after adding it and after a rotation).
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { CopyField } from "../_components/copy-field";

export function SigningSecretReveal({
  title,
  url,
  secret,
  note,
  onDone,
}: {
  title: string;
  url: string;
  secret: string;
  note?: string;
  onDone: () => void;
}) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription className="break-all">
          Deliveries to {url} are signed with this secret; verify them with any Standard Webhooks
          library.{note ? ` ${note}` : ""}
        </DialogDescription>
      </DialogHeader>
      <CopyField id="webhook-signing-secret" label="Signing secret" value={secret} />
      <p
        role="note"
        className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
      >
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          This is the only time the secret is shown. Put it in your receiver&apos;s configuration
          now; it cannot be retrieved later.
        </span>
      </p>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}
