// The PHI gate: every free-text write calls `gateText` before the value reaches the database. The
// PHI issue fills this in (detect → policy → mask/block/alert → phi_detection_events); until then it
// passes text through unchanged. Keep every call site: the gate's behaviour changes here only.
import type { Db } from "@frontdesk/db";
import type { Actor } from "./actor";

export interface GateSource {
  table: string;
  field: string;
  rowId?: string | null;
}

export async function gateText(_db: Db, _actor: Actor, _source: GateSource, text: string): Promise<string> {
  return text;
}

/** Gates an optional value: null/undefined pass through. */
export async function gateOptional(db: Db, actor: Actor, source: GateSource, text: string | null | undefined): Promise<string | null> {
  return text == null ? null : gateText(db, actor, source, text);
}
