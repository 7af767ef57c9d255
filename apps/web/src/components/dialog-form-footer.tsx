"use client";
// The footer of a form in a dialog: Cancel, and the submit button, disabled and relabelled ("Saving…")
// while the mutation runs so a double click cannot send it twice.
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

export function DialogFormFooter({
  onCancel,
  pending,
  submitLabel,
  pendingLabel,
}: {
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
}) {
  return (
    <DialogFooter>
      <Button type="button" variant="outline" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </DialogFooter>
  );
}
