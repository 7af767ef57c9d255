// A native select of IANA time zones. The options come from the server (`timeZoneOptions()` in
// @/lib/time-zones) so the server and browser render the same list; the current value is added when
// the list lacks it (an alias such as Asia/Calcutta ↔ Asia/Kolkata).
import type { ComponentProps } from "react";
import { NativeSelect } from "@/components/ui/select";

export function TimeZoneSelect({
  options,
  value,
  defaultValue,
  ...props
}: Omit<ComponentProps<"select">, "children"> & { options: readonly string[] }) {
  const current =
    typeof value === "string" ? value : typeof defaultValue === "string" ? defaultValue : null;
  const list = current && !options.includes(current) ? [current, ...options] : options;
  return (
    <NativeSelect value={value} defaultValue={defaultValue} {...props}>
      {list.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replace(/_/g, " ")}
        </option>
      ))}
    </NativeSelect>
  );
}
