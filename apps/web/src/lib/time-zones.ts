// IANA time zones for the pickers (tenant profile, sign-up). `Intl.supportedValuesOf` lists canonical
// zones only (no "UTC", and sometimes old names such as Asia/Calcutta), so the list always has UTC
// and any zone the caller already uses, e.g. the tenant's or the browser's.

/** Sorted, unique, UTC first; `extra` (the current value, the browser's zone) is always included. */
export function timeZoneOptions(extra: readonly (string | null | undefined)[] = []): string[] {
  const zones = new Set<string>();
  try {
    for (const zone of Intl.supportedValuesOf("timeZone")) zones.add(zone);
  } catch {
    // Very old engines: the extras and UTC still make a usable list.
  }
  for (const zone of extra) if (zone) zones.add(zone);
  zones.delete("UTC");
  return ["UTC", ...[...zones].sort()];
}

/** The browser's (or server's) own zone, or null when the engine cannot say. */
export function localTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}
