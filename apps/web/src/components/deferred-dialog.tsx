"use client";
// A dialog whose code (the dialog primitives, its form and validation) is only downloaded when it is
// first opened: a page that merely offers it ships the button alone, so its first load runs less
// JavaScript. The button looks and reads exactly like the dialog's own trigger; a click swaps in the
// dialog (next/dynamic, `ssr: false`: a closed dialog renders nothing on the server anyway), opened,
// and from then on the dialog's own trigger is the button. Pointing at or focusing the button starts
// the download, so the click rarely waits for it.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export function DeferredDialog({
  label,
  preload,
  dialog,
}: {
  /** The trigger's content (icon and text), the same as the dialog's own trigger. */
  label: ReactNode;
  /** Starts downloading the dialog's module (the same `import()` its next/dynamic loader calls). */
  preload: () => unknown;
  /** The loaded dialog, rendered open. */
  dialog: () => ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  if (opened) return dialog();
  const start = () => void preload();
  return (
    <Button
      onPointerEnter={start}
      onFocus={start}
      onClick={() => {
        start();
        setOpened(true);
      }}
    >
      {label}
    </Button>
  );
}

/** What a deferred dialog shows while its code downloads: its trigger, marked busy. */
export function DeferredDialogPending({ label }: { label: ReactNode }) {
  return <Button aria-busy>{label}</Button>;
}
