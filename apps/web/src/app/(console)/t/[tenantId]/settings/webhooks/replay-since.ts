// "Replay since": the instant an admin types in a datetime-local field, read in the tenant's zone,
// and the API's bound on how far back a replay reaches.
import { TZDate } from "@date-fns/tz";
import { formatInZone } from "@/components/format";

/** The API replays at most this many days back. */
export const REPLAY_WINDOW_DAYS = 30;

/** "2026-03-08T09:30" → that wall-clock time in `timeZone`, or null when it is not one. */
export function fromDateTimeInput(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new TZDate(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    0,
    0,
    timeZone,
  );
  if (Number.isNaN(d.getTime())) return null;
  const instant = new Date(d.getTime());
  // "02-30" rolls over in Date arithmetic: a real wall-clock time reads back the same.
  return formatInZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm") === text ? instant : null;
}

/** The datetime-local value of `instant` in `timeZone`. */
export function toDateTimeInput(instant: Date, timeZone: string): string {
  return formatInZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm");
}

/** The instant to send, or a message saying what is wrong with the typed one. */
export function replaySince(
  text: string,
  timeZone: string,
  now: Date,
): { ok: true; since: Date } | { ok: false; message: string } {
  const since = fromDateTimeInput(text, timeZone);
  if (!since) return { ok: false, message: "Enter a date and time." };
  if (since > now) return { ok: false, message: "Choose a time in the past." };
  if (since.getTime() < now.getTime() - REPLAY_WINDOW_DAYS * 86_400_000) {
    return {
      ok: false,
      message: `Replays reach back ${REPLAY_WINDOW_DAYS} days at most; choose a later time.`,
    };
  }
  return { ok: true, since };
}
