"use client";
// "New order" on the Orders page: the dialog's code (items editor, validation, dialog primitives) is
// downloaded on the first click (see DeferredDialog), not with the page.
import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { DeferredDialog, DeferredDialogPending } from "@/components/deferred-dialog";

const load = () => import("./new-order-dialog");
const label = (
  <>
    <Plus aria-hidden /> New order
  </>
);
const NewOrderDialog = dynamic(() => load().then((m) => m.NewOrderDialog), {
  ssr: false,
  loading: () => <DeferredDialogPending label={label} />,
});

export function NewOrderButton() {
  return (
    <DeferredDialog label={label} preload={load} dialog={() => <NewOrderDialog initiallyOpen />} />
  );
}
