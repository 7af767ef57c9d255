"use client";
// Dialogs that end by showing a secret once (create or rotate an API key, add an endpoint or rotate
// its signing secret): a form first, then the secret with a Copy button and the warning that it
// cannot be retrieved later. The caller owns the mutation and forgets the secret when it closes.
import { TriangleAlert } from "lucide-react";
import type { FormEvent, ReactNode } from "react";
import { DialogFormFooter } from "@/components/dialog-form-footer";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { CopyField } from "./copy-field";

/** The secret to show and the words around it. */
export interface RevealedSecret {
  title: string;
  description: ReactNode;
  descriptionClassName?: string;
  fieldId: string;
  fieldLabel: string;
  secret: string;
  /** Where to keep it, ending the sentence "Store it in … now". */
  storeIn: ReactNode;
}

/** The one moment a secret is visible: copy it now or never. */
export function SecretReveal({
  revealed,
  onDone,
}: {
  revealed: RevealedSecret;
  onDone: () => void;
}) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>{revealed.title}</DialogTitle>
        <DialogDescription className={revealed.descriptionClassName}>
          {revealed.description}
        </DialogDescription>
      </DialogHeader>
      <CopyField id={revealed.fieldId} label={revealed.fieldLabel} value={revealed.secret} />
      <p
        role="note"
        className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
      >
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          This is the only time the secret is shown. {revealed.storeIn}; it cannot be retrieved
          later.
        </span>
      </p>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

/** A form dialog that turns into the secret's reveal once `revealed` is set. */
export function SecretRevealDialog({
  open,
  onOpenChange,
  trigger,
  revealed,
  title,
  description,
  descriptionClassName,
  onSubmit,
  pending,
  submitLabel,
  pendingLabel,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A <DialogTrigger> when the dialog opens itself; omit for a dialog the page controls. */
  trigger?: ReactNode;
  revealed: RevealedSecret | null;
  title: ReactNode;
  description: ReactNode;
  descriptionClassName?: string;
  onSubmit: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** The form's fields. */
  children?: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger}
      <DialogContent>
        {revealed ? (
          <SecretReveal revealed={revealed} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={submit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>{title}</DialogTitle>
              <DialogDescription className={descriptionClassName}>{description}</DialogDescription>
            </DialogHeader>
            {children}
            <DialogFormFooter
              onCancel={() => onOpenChange(false)}
              pending={pending}
              submitLabel={submitLabel}
              pendingLabel={pendingLabel}
            />
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** How long the old credential keeps working after a rotation: a select of minutes or hours. */
export function OverlapField({
  id,
  label,
  value,
  onChange,
  options,
  className,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (value: number) => void;
  options: readonly { value: number; label: string }[];
  className?: string;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect
        id={id}
        value={String(value)}
        onChange={(e) => onChange(Number(e.target.value))}
        className={className}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
