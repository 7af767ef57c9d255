"use client";
// The From / To day inputs of a list's filter form (bookings, orders, PHI events, audit log). Values are
// YYYY-MM-DD in the tenant's zone, kept in the URL by the caller; see lib/day-range.ts.
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function DayRangeFields({
  idPrefix,
  from,
  to,
  onChange,
  toErrorId,
}: {
  idPrefix: string;
  from: string | null;
  to: string | null;
  onChange: (patch: { from: string | null } | { to: string | null }) => void;
  /** The id of a message saying why "To" is wrong (before "From"); marks the field invalid. */
  toErrorId?: string;
}) {
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor={`${idPrefix}-from`}>From</Label>
        <Input
          id={`${idPrefix}-from`}
          type="date"
          className="w-40"
          value={from ?? ""}
          onChange={(e) => onChange({ from: e.target.value || null })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor={`${idPrefix}-to`}>To</Label>
        <Input
          id={`${idPrefix}-to`}
          type="date"
          className="w-40"
          value={to ?? ""}
          aria-invalid={toErrorId ? true : undefined}
          aria-describedby={toErrorId}
          onChange={(e) => onChange({ to: e.target.value || null })}
        />
      </div>
    </>
  );
}
