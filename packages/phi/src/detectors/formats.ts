// The published formats a back office pastes (HL7 v2 segments, vCards and calendar entries, chat
// exports, labelled forms): each one's detector runs only where its trigger is in the text.
import { type Candidate } from "../types";
import { detectChatHeaders } from "./chat-headers";
import { dropFalseAlarms } from "./false-alarms";
import { detectFormLabels } from "./form-labels";
import { detectHl7 } from "./hl7";
import { detectVcard } from "./vcard";

/** Call after the shape-based detectors: a format may drop what they misread inside it. */
export function detectFormats(text: string, out: Candidate[]): void {
  // vCards, chat headers and most labels need a ":": it is looked for once, for all three.
  const colon = text.indexOf(":");
  detectHl7(text, out);
  detectVcard(text, out, colon);
  detectChatHeaders(text, out, colon);
  detectFormLabels(text, out, colon);
  dropFalseAlarms(text, out);
}
