"use client";
// The one moment a key's secret is visible (after create and rotate): copy it now or never.
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { CopyField } from "../_components/copy-field";

export function SecretReveal({
  name,
  secret,
  note,
  onDone,
}: {
  name: string;
  secret: string;
  note?: string;
  onDone: () => void;
}) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Copy your new API key</DialogTitle>
        <DialogDescription>
          The secret of &ldquo;{name}&rdquo;. Send it as{" "}
          <code>Authorization: Bearer &lt;key&gt;</code>.{note ? ` ${note}` : ""}
        </DialogDescription>
      </DialogHeader>
      <CopyField id="api-key-secret" label="API key secret" value={secret} />
      <p
        role="note"
        className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
      >
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          This is the only time the secret is shown. Store it in a secret manager or your
          deployment&apos;s environment now; it cannot be retrieved later.
        </span>
      </p>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}
