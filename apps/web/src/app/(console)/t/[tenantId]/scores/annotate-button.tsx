"use client";
// "Annotate session" on the Scores page: the dialog's code (the form, the score configs' inputs,
// dialog primitives) is downloaded on the first click (see DeferredDialog), not with the page.
import { PenLine } from "lucide-react";
import dynamic from "next/dynamic";
import { DeferredDialog, DeferredDialogPending } from "@/components/deferred-dialog";

const load = () => import("./annotate-dialog");
const label = (
  <>
    <PenLine aria-hidden /> Annotate session
  </>
);
const AnnotateDialog = dynamic(() => load().then((m) => m.AnnotateDialog), {
  ssr: false,
  loading: () => <DeferredDialogPending label={label} />,
});

export function AnnotateButton({ defaultSessionId }: { defaultSessionId: string | null }) {
  return (
    <DeferredDialog
      label={label}
      preload={load}
      dialog={() => <AnnotateDialog defaultSessionId={defaultSessionId} initiallyOpen />}
    />
  );
}
