"use client";
// The pieces of a list's filter form (orders, PHI events, audit log, webhook deliveries). The
// values live in the URL (the caller's nuqs state), so the form only shows them and reports changes:
// selects apply at once, text fields on Enter or when they lose focus, and "Clear filters" appears
// while anything is filtered.
import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { cn } from "@/lib/utils";

const ROW = "flex flex-wrap items-end gap-3";

/** Reads a text field of the submitted form: trimmed, and null when empty. */
export type FilterReader = (name: string) => string | null;

export function FilterForm({
  label,
  onApply,
  applyLabel = "Apply filters",
  filtered,
  onClear,
  disabled,
  children,
}: {
  /** The form's accessible name: "Filter orders". */
  label: string;
  /** Called on submit with the text fields' values; without it the form has no Apply button. */
  onApply?: (read: FilterReader) => void;
  applyLabel?: string;
  filtered: boolean;
  onClear: () => void;
  /** When given, the controls sit in a fieldset disabled while this is true (until hydration). */
  disabled?: boolean;
  children: ReactNode;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    onApply?.((name) => {
      const value = data.get(name);
      return typeof value === "string" && value.trim() ? value.trim() : null;
    });
  };
  const content = (
    <>
      {children}
      {onApply ? (
        <Button type="submit" variant="outline">
          {applyLabel}
        </Button>
      ) : null}
      {filtered ? (
        <Button type="button" variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </>
  );
  return (
    <form
      role="search"
      aria-label={label}
      onSubmit={submit}
      className={disabled === undefined ? ROW : undefined}
    >
      {disabled === undefined ? (
        content
      ) : (
        <fieldset disabled={disabled} className={ROW}>
          {content}
        </fieldset>
      )}
    </form>
  );
}

/**
 * A free-text filter whose value is in the URL. It is keyed by that value, so Back/Forward and
 * "Clear filters" reset what is typed; it applies on Enter (the form's submit) or on blur.
 */
export function UrlFilterField({
  id,
  name,
  label,
  value,
  hint,
  hintId,
  type = "search",
  className,
  placeholder,
  maxLength = 200,
}: {
  id: string;
  /** The form field's name, read by FilterForm's onApply. */
  name: string;
  label: string;
  value: string | null;
  /** A hint for screen readers ("press Enter to apply"); rendered under the field. */
  hint?: string;
  /** The id of a hint rendered elsewhere (several fields sharing one). */
  hintId?: string;
  type?: "search" | "text";
  className?: string;
  placeholder?: string;
  maxLength?: number;
}) {
  const describedBy = hintId ?? (hint ? `${id}-hint` : undefined);
  return (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        key={value ?? ""}
        id={id}
        name={name}
        type={type}
        className={className}
        defaultValue={value ?? ""}
        placeholder={placeholder}
        maxLength={maxLength}
        aria-describedby={describedBy}
        onBlur={(e) => e.currentTarget.form?.requestSubmit()}
      />
      {hint ? (
        <span id={`${id}-hint`} className="visually-hidden">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A select filter whose value is in the URL; the empty first option ("All …") means no filter. */
export function UrlFilterSelect({
  id,
  label,
  value,
  onChange,
  allLabel,
  className,
  children,
}: {
  id: string;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  allLabel: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect
        id={id}
        className={cn(className)}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{allLabel}</option>
        {children}
      </NativeSelect>
    </div>
  );
}
