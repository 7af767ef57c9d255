"use client";
// What a member can do with a live booking: confirm it (pending only), move it to another free slot
// of the same resource, or cancel it with an optional reason. Each shows the API's message on failure
// and refreshes every bookings query on success.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Check, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDay, formatTime, toDateInput } from "@/components/format";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
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
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import type { BookingStatus } from "../booking-status";
import { SlotPicker, type PickedSlot } from "../slot-picker";
import type { Booking, Resource } from "../use-resources";

const REASON_MAX = 500;

export function BookingActions({
  booking,
  resource,
  status,
}: {
  booking: Booking;
  resource: Resource;
  status: BookingStatus;
}) {
  return (
    <>
      {status === "pending" ? <ConfirmButton booking={booking} /> : null}
      <RescheduleDialog booking={booking} resource={resource} />
      <CancelBookingDialog booking={booking} />
    </>
  );
}

function useInvalidateBookings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() });
}

function ConfirmButton({ booking }: { booking: Booking }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateBookings();
  const confirm = useMutation(
    trpc.bookings.confirm.mutationOptions({
      onSuccess: async (b) => {
        toast.success("Booking confirmed", { description: `${b.attendee.name} is confirmed.` });
        await invalidate();
      },
      onError: async (error) => {
        toast.error("Could not confirm the booking", { description: apiErrorMessage(error) });
        // The hold may have run out meanwhile: show the status as it is now.
        await invalidate();
      },
    }),
  );
  return (
    <Button
      onClick={() => confirm.mutate({ id: booking.id })}
      disabled={confirm.isPending}
      aria-busy={confirm.isPending}
    >
      <Check aria-hidden /> Confirm booking
    </Button>
  );
}

function CancelBookingDialog({ booking }: { booking: Booking }) {
  const trpc = useTRPC();
  const { timeZone } = useConsole();
  const id = useId();
  const invalidate = useInvalidateBookings();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const cancel = useMutation(
    trpc.bookings.cancel.mutationOptions({
      onSuccess: async () => {
        toast.success("Booking cancelled", {
          description: `${booking.attendee.name}, ${formatDay(booking.start, timeZone)} at ${formatTime(booking.start, timeZone)}. The slot is free again.`,
        });
        setOpen(false);
        setReason("");
        await invalidate();
      },
      onError: (error) => {
        toast.error("Could not cancel the booking", { description: apiErrorMessage(error) });
      },
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <Button variant="destructive" onClick={() => setOpen(true)}>
        <X aria-hidden /> Cancel booking
      </Button>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel this booking?</AlertDialogTitle>
          <AlertDialogDescription>
            {booking.attendee.name}&apos;s booking on {formatDay(booking.start, timeZone)} at{" "}
            {formatTime(booking.start, timeZone)} will be cancelled and its slot offered again. This
            cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-reason`}>Reason (optional)</Label>
          <Textarea
            id={`${id}-reason`}
            value={reason}
            maxLength={REASON_MAX}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={cancel.isPending}>Keep booking</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={cancel.isPending}
            aria-busy={cancel.isPending}
            onClick={() =>
              cancel.mutate({ id: booking.id, ...(reason.trim() ? { reason: reason.trim() } : {}) })
            }
          >
            Yes, cancel booking
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function RescheduleDialog({ booking, resource }: { booking: Booking; resource: Resource }) {
  const [open, setOpen] = useState(false);
  const [session, setSession] = useState(0);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        variant="outline"
        onClick={() => {
          setSession((n) => n + 1);
          setOpen(true);
        }}
      >
        <CalendarClock aria-hidden /> Reschedule
      </Button>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Reschedule booking</DialogTitle>
          <DialogDescription>
            Pick a new time with {resource.name}. The current booking is cancelled and a new one,
            linked to it, takes the slot.
          </DialogDescription>
        </DialogHeader>
        {open ? (
          <RescheduleForm
            key={session}
            booking={booking}
            resource={resource}
            onDone={() => setOpen(false)}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function RescheduleForm({
  booking,
  resource,
  onDone,
}: {
  booking: Booking;
  resource: Resource;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { tenantId } = useConsole();
  const invalidate = useInvalidateBookings();
  const [date, setDate] = useState(() => toDateInput(booking.start, resource.timeZone));
  const [slot, setSlot] = useState<PickedSlot | null>(null);
  const [slotError, setSlotError] = useState<string | null>(null);
  const reschedule = useMutation(
    trpc.bookings.reschedule.mutationOptions({
      onSuccess: async (next) => {
        toast.success("Booking rescheduled", {
          description: `Now ${formatDay(next.start, resource.timeZone)} at ${formatTime(next.start, resource.timeZone)}.`,
        });
        onDone();
        router.push(`/t/${tenantId}/bookings/${next.id}`);
        await invalidate();
      },
      onError: async (error) => {
        toast.error("Could not reschedule the booking", { description: apiErrorMessage(error) });
        if (error.data?.code === "CONFLICT") {
          setSlot(null);
          await queryClient.invalidateQueries({ queryKey: trpc.bookings.slots.pathKey() });
        }
      },
    }),
  );

  return (
    <form
      noValidate
      aria-label="Reschedule booking"
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!slot) {
          setSlotError("Pick the new time slot.");
          return;
        }
        reschedule.mutate({ id: booking.id, slotId: slot.slotId });
      }}
    >
      <p className="text-sm">
        Currently {formatDay(booking.start, resource.timeZone)},{" "}
        {formatTime(booking.start, resource.timeZone)}–{formatTime(booking.end, resource.timeZone)}.
      </p>
      <SlotPicker
        resource={resource}
        date={date}
        onDateChange={(d) => {
          setDate(d);
          setSlot(null);
        }}
        selected={slot}
        onSelect={(s) => {
          setSlot(s);
          setSlotError(null);
        }}
        error={slotError}
      />
      <DialogFooter>
        <Button type="submit" disabled={reschedule.isPending} aria-busy={reschedule.isPending}>
          Move booking
        </Button>
      </DialogFooter>
    </form>
  );
}
